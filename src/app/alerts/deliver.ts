import { audiencesFor, channelsFor } from '../../domain/guardrails/alerts.ts';
import type { AlertRow } from '../../db/repositories/alert.repository.ts';
import type { AppContext } from '../context.ts';
import { readChannelSettings } from './channels.ts';
import { sendThroughChannel } from './send.ts';

export type DeliveryResult = Readonly<{ alertId: string; target: string; channelName: string | null; level: number; status: 'sent' | 'failed' | 'already_sent'; error: string | null }>;

export type DeliveryDeps = Readonly<{ secret: string }>;

/**
 * Delivers an alert at an escalation level to every channel and in-app recipient it routes to. Each
 * (alert, target, level) is claimed before sending, so a repeat never sends twice; a failed delivery
 * is retried by the next call. Channel failures are recorded, not thrown.
 */
export async function deliverAlert(ctx: AppContext, alert: AlertRow, level: number, deps: DeliveryDeps): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  const channels = channelsFor(alert, await ctx.repos.alerts.listChannels(alert.orgId), level);
  for (const channel of channels) {
    const target = `channel:${channel.id}`;
    if (!(await ctx.repos.alerts.claimDelivery({ alertId: alert.id, channelId: channel.id, target, level, at: ctx.now() }))) {
      results.push({ alertId: alert.id, target, channelName: channel.name, level, status: 'already_sent', error: null });
      continue;
    }
    let error: string | null = null;
    try {
      await sendThroughChannel(readChannelSettings(channel, deps), { title: alert.title, body: alert.body, severity: alert.severity, kind: alert.kind, level });
    } catch (e) {
      error = (e as Error).message.slice(0, 500) || 'delivery failed';
    }
    await ctx.repos.alerts.finishDelivery({ alertId: alert.id, target, level, status: error ? 'failed' : 'sent', error, at: ctx.now() });
    results.push({ alertId: alert.id, target, channelName: channel.name, level, status: error ? 'failed' : 'sent', error });
  }
  if (alert.kind !== 'test') results.push(...(await notifyInApp(ctx, alert, level)));
  return results;
}

/** In-app notifications for the owners and the department's leads the alert routes to. */
async function notifyInApp(ctx: AppContext, alert: AlertRow, level: number): Promise<DeliveryResult[]> {
  const audiences = audiencesFor(alert, level);
  const people = new Set<string>();
  if (audiences.includes('owner')) for (const id of await ctx.repos.people.listIdsWithRole(alert.orgId, ['primary_owner', 'owner'])) people.add(id);
  if (audiences.includes('department_lead') && alert.departmentId) for (const id of await ctx.repos.people.listIdsWithRole(alert.orgId, ['dept_lead'], alert.departmentId)) people.add(id);
  const results: DeliveryResult[] = [];
  for (const personId of people) {
    const target = `person:${personId}`;
    const isSent = await ctx.transaction(async (repos) => {
      if (!(await repos.alerts.claimDelivery({ alertId: alert.id, channelId: null, target, level, at: ctx.now() }))) return false;
      await repos.allocation.notify(alert.orgId, [{ personId, kind: 'alert', title: level > 0 ? `Escalated: ${alert.title}` : alert.title, body: alert.body, leaseId: null }]);
      await repos.alerts.finishDelivery({ alertId: alert.id, target, level, status: 'sent', error: null, at: ctx.now() });
      return true;
    });
    results.push({ alertId: alert.id, target, channelName: null, level, status: isSent ? 'sent' : 'already_sent', error: null });
  }
  return results;
}
