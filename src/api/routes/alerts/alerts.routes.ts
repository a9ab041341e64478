import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { addAlertChannel, ChannelSettingsSchema, removeAlertChannel, setAlertChannelEnabled } from '../../../app/alerts/channels.ts';
import { runGuardrails } from '../../../app/alerts/evaluate.ts';
import { acknowledgeAlert, getBurn, listAlerts } from '../../../app/alerts/queries.ts';
import { sendTestAlert } from '../../../app/alerts/test-alert.ts';
import { ALERT_KINDS, AUDIENCES } from '../../../domain/guardrails/alerts.ts';
import { ADMIN_ROLES, ORG_READER_ROLES, type Role } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, PageQuerySchema, pageSchema, withProblems } from '../../schemas.ts';
import { AlertSchema, BurnSchema, ChannelSchema, DeliveryResultSchema, presentAlert, presentBurn, presentChannel, presentDeliveryResult } from './alerts.presenter.ts';

/** Who reads alerts and burn: owners, admins, auditors, and leads (their departments only). */
const READERS: readonly Role[] = [...ORG_READER_ROLES, 'dept_lead'];
const ACKNOWLEDGERS: Role[] = ['primary_owner', 'owner', 'admin', 'dept_lead'];
const CHANNEL_READERS = ORG_READER_ROLES;

export const alertRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret: string }> = async (app, { ctx, secret }) => {
  app.get('/api/alerts', {
    config: { auth: READERS },
    schema: {
      tags: ['alerts'],
      summary: 'Alert history, newest first, with deliveries (leads see their departments)',
      querystring: PageQuerySchema.extend({ status: z.enum(['open', 'acknowledged', 'all']).default('all'), kind: z.enum(ALERT_KINDS).optional() }),
      response: withProblems({ 200: pageSchema(AlertSchema).extend({ open: z.number().int() }) }),
    },
  }, async (request) => {
    const { limit, offset, status, kind } = request.query;
    const page = await listAlerts(ctx, requireActor(request), { status, ...(kind ? { kind } : {}) }, { limit, offset });
    return { ...page, items: page.items.map(presentAlert) };
  });

  app.post('/api/alerts/:id/acknowledge', {
    config: { auth: ACKNOWLEDGERS },
    schema: { tags: ['alerts'], summary: 'Acknowledge an alert (stops its escalation)', params: IdParamsSchema, body: z.object({ note: z.string().trim().max(1000).optional() }), response: withProblems({ 200: AlertSchema }) },
  }, async (request) => {
    const alert = await acknowledgeAlert(ctx, requireActor(request), { alertId: request.params.id, note: request.body.note || null });
    return presentAlert({ ...alert, deliveries: await ctx.repos.alerts.listDeliveries([alert.id]) });
  });

  app.get('/api/alerts/burn', {
    config: { auth: READERS },
    schema: { tags: ['alerts'], summary: "This month's spend to date against budget pace, for the organization and each department", response: withProblems({ 200: BurnSchema }) },
  }, async (request) => presentBurn(await getBurn(ctx, requireActor(request))));

  app.post('/api/alerts/evaluate', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['alerts'],
      summary: 'Evaluate the guardrails now (the job does it hourly and after usage syncs)',
      response: withProblems({ 200: z.object({ period: z.string(), raised: z.array(z.object({ id: z.uuid(), title: z.string() })), escalated: z.number().int(), paused: z.array(z.string()), deliveries: z.array(DeliveryResultSchema) }) }),
    },
  }, async (request) => {
    const run = await runGuardrails(ctx, requireActor(request).orgId, { secret });
    return { period: run.period, raised: run.raised.map((a) => ({ id: a.id, title: a.title })), escalated: run.escalated, paused: [...run.paused], deliveries: run.deliveries.map(presentDeliveryResult) };
  });

  app.get('/api/alert-channels', {
    config: { auth: CHANNEL_READERS },
    schema: { tags: ['alerts'], summary: 'Alert channels (webhooks and e-mail); secrets are never returned', response: withProblems({ 200: z.object({ items: z.array(ChannelSchema) }) }) },
  }, async (request) => ({ items: (await ctx.repos.alerts.listChannels(requireActor(request).orgId)).map(presentChannel) }));

  app.post('/api/alert-channels', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['alerts'],
      summary: 'Add a channel: a Slack-compatible incoming webhook or SMTP e-mail, for an audience (owner, finance, department lead)',
      body: z.object({ name: z.string().trim().min(1).max(100), audience: z.enum(AUDIENCES), departmentId: z.uuid().nullable().optional(), settings: ChannelSettingsSchema }),
      response: withProblems({ 201: ChannelSchema }),
    },
  }, async (request, reply) => {
    const { name, audience, departmentId, settings } = request.body;
    const channel = await addAlertChannel(ctx, requireActor(request), { name, audience, departmentId: departmentId ?? null, settings }, { secret });
    return reply.status(201).send(presentChannel(channel));
  });

  app.patch('/api/alert-channels/:id', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['alerts'], summary: 'Enable or disable a channel', params: IdParamsSchema, body: z.object({ isEnabled: z.boolean() }), response: withProblems({ 200: ChannelSchema }) },
  }, async (request) => presentChannel(await setAlertChannelEnabled(ctx, requireActor(request), request.params.id, request.body.isEnabled)));

  app.delete('/api/alert-channels/:id', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['alerts'], summary: 'Remove a channel (its delivery history stays)', params: IdParamsSchema, response: withProblems({ 200: z.object({ ok: z.literal(true) }) }) },
  }, async (request) => {
    await removeAlertChannel(ctx, requireActor(request), request.params.id);
    return { ok: true as const };
  });

  app.post('/api/alert-channels/test', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['alerts'], summary: 'Send a test alert to every enabled channel', body: z.object({}).optional(), response: withProblems({ 200: z.object({ alertId: z.uuid(), results: z.array(DeliveryResultSchema) }) }) },
  }, async (request) => {
    const { alertId, results } = await sendTestAlert(ctx, requireActor(request), { secret });
    return { alertId, results: results.map(presentDeliveryResult) };
  });
};
