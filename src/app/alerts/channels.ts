import { z } from 'zod';
import { AUDIENCES, type Audience } from '../../domain/guardrails/alerts.ts';
import { AppError } from '../../errors.ts';
import type { AlertChannel } from '../../db/repositories/alert.repository.ts';
import { isUniqueViolation } from '../../db/repositories/index.ts';
import { createSecretBox } from '../connectors/secrets.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { isOwner } from '../leases/scope.ts';

/** What a channel needs to deliver: a Slack-compatible incoming webhook, or SMTP e-mail. Stored encrypted. */
export const WebhookSettingsSchema = z.object({ kind: z.literal('webhook'), url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) });
export const EmailSettingsSchema = z.object({
  kind: z.literal('email'),
  host: z.string().trim().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  secure: z.boolean().default(false).describe('TLS from the start (port 465); otherwise STARTTLS when offered'),
  user: z.string().optional(),
  pass: z.string().optional(),
  from: z.email({ error: 'must be an e-mail address' }),
  to: z.array(z.email({ error: 'must be an e-mail address' })).min(1).max(20),
});
export const ChannelSettingsSchema = z.discriminatedUnion('kind', [WebhookSettingsSchema, EmailSettingsSchema]);
export type ChannelSettings = z.infer<typeof ChannelSettingsSchema>;

export type ChannelInput = Readonly<{ name: string; audience: Audience; departmentId: string | null; settings: ChannelSettings }>;

/** The channel's secret is bound to its organization and (lower-cased) name. */
const secretContext = (orgId: string, name: string) => ({ orgId, connector: `alert-channel:${name.toLowerCase()}` });

/** A label that says where a channel goes without revealing its secret (webhook paths carry tokens). */
export function targetHint(settings: ChannelSettings): string {
  if (settings.kind === 'webhook') return `${new URL(settings.url).host} (webhook)`;
  return `${settings.to.join(', ')} via ${settings.host}:${settings.port}`;
}

export function assertCanConfigureChannels(actor: Actor): void {
  if (actor.kind === 'cli' || isOwner(actor) || actor.grants.some((g) => g.role === 'admin')) return;
  throw new AppError('FORBIDDEN', { message: 'Only owners and admins configure alert channels' });
}

/** Adds a delivery channel; the URL or SMTP settings are encrypted with the app secret before storage. */
export async function addAlertChannel(ctx: AppContext, actor: Actor, input: ChannelInput, deps: { secret: string }): Promise<AlertChannel> {
  assertCanConfigureChannels(actor);
  if (!(AUDIENCES as readonly string[]).includes(input.audience)) throw new AppError('VALIDATION_FAILED', { message: `audience must be one of ${AUDIENCES.join(', ')}`, details: [{ path: 'body.audience', message: 'unknown audience' }] });
  if (input.departmentId && !(await ctx.repos.departments.findById(actor.orgId, input.departmentId))) throw new AppError('NOT_FOUND', { message: `No department ${input.departmentId} in this organization` });
  // A department_lead channel without a department receives every department's lead alerts (a shared room).
  const box = createSecretBox(deps.secret);
  const secret = box.encrypt(JSON.stringify(input.settings), secretContext(actor.orgId, input.name));
  try {
    return await ctx.transaction(async (repos) => {
      const channel = await repos.alerts.insertChannel(actor.orgId, { name: input.name, kind: input.settings.kind, audience: input.audience, departmentId: input.departmentId, targetHint: targetHint(input.settings), secret, createdBy: actor.kind === 'person' ? actor.personId : null });
      await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'alert_channel.created', entityType: 'alert_channel', entityId: channel.id, after: { name: channel.name, kind: channel.kind, audience: channel.audience, departmentId: channel.departmentId, target: channel.targetHint } });
      return channel;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', { message: `A channel named "${input.name}" already exists`, details: [{ path: 'body.name', message: 'already used' }] });
    throw error;
  }
}

export async function removeAlertChannel(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  assertCanConfigureChannels(actor);
  await ctx.transaction(async (repos) => {
    const channel = await repos.alerts.findChannel(actor.orgId, id);
    if (!channel || !(await repos.alerts.deleteChannel(actor.orgId, id))) throw new AppError('NOT_FOUND', { message: `No alert channel ${id}` });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'alert_channel.deleted', entityType: 'alert_channel', entityId: id, before: { name: channel.name, kind: channel.kind, audience: channel.audience, target: channel.targetHint } });
  });
}

export async function setAlertChannelEnabled(ctx: AppContext, actor: Actor, id: string, isEnabled: boolean): Promise<AlertChannel> {
  assertCanConfigureChannels(actor);
  return ctx.transaction(async (repos) => {
    const channel = await repos.alerts.setChannelEnabled(actor.orgId, id, isEnabled);
    if (!channel) throw new AppError('NOT_FOUND', { message: `No alert channel ${id}` });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: isEnabled ? 'alert_channel.enabled' : 'alert_channel.disabled', entityType: 'alert_channel', entityId: id });
    return channel;
  });
}

/** Decrypts a channel's settings (throws CONFLICT when the app secret changed since it was stored). */
export function readChannelSettings(channel: AlertChannel, deps: { secret: string }): ChannelSettings {
  return ChannelSettingsSchema.parse(JSON.parse(createSecretBox(deps.secret).decrypt(channel.secret, secretContext(channel.orgId, channel.name))));
}
