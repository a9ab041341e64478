import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { assertCanConfigureChannels } from './channels.ts';
import { deliverAlert, type DeliveryDeps, type DeliveryResult } from './deliver.ts';

/** Sends a test alert to every enabled channel and reports each channel's outcome. Recorded in the history. */
export async function sendTestAlert(ctx: AppContext, actor: Actor, deps: DeliveryDeps): Promise<{ alertId: string; results: DeliveryResult[] }> {
  assertCanConfigureChannels(actor);
  const channels = (await ctx.repos.alerts.listChannels(actor.orgId)).filter((c) => c.isEnabled);
  if (channels.length === 0) throw new AppError('NOT_FOUND', { message: 'No alert channel is configured; add one first (seatwise alerts channels add …)' });
  const now = ctx.now();
  const alert = await ctx.transaction(async (repos) => {
    const { alert } = await repos.alerts.insertIfNew(actor.orgId, {
      kind: 'test',
      severity: 'info',
      departmentId: null,
      dedupKey: `test:${now.toISOString()}:${randomUUID()}`,
      title: 'Seatwise test alert',
      body: `This is a test of the Seatwise alert channels, sent ${now.toISOString()}. If you can read it, this channel works.`,
      period: null,
      details: {},
    }, now);
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'alert.test_sent', entityType: 'alert', entityId: alert.id, after: { channels: channels.map((c) => c.name) } });
    return alert;
  });
  return { alertId: alert.id, results: await deliverAlert(ctx, alert, 0, deps) };
}
