import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { configureAnthropic, configureAnthropicEnterprise, configureCopilot } from '../../../app/connectors/configure.ts';
import { CONNECTOR_NAMES, type ConnectorDeps } from '../../../app/connectors/connectors.ts';
import { getCopilotSeatsOverview, type CopilotSeatLine } from '../../../app/connectors/copilot-seats.ts';
import { listConnectorStatus, type ConnectorStatus } from '../../../app/connectors/status.ts';
import { runConnectorSync, type SyncResult } from '../../../app/connectors/sync.ts';
import type { AppContext } from '../../../app/context.ts';
import { ADMIN_ROLES, OWNER_ROLES, type Role } from '../../../domain/roles.ts';
import { AppError } from '../../../errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IsoDate, iso, isoOrNull, withProblems } from '../../schemas.ts';

/** Admins and auditors read connector state and seats; auditors change nothing. */
const READ_ROLES: readonly Role[] = [...ADMIN_ROLES, 'auditor'];

const BaseUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500).optional().describe('Vendor API base URL (defaults to the public API)');
const Credential = z.string().trim().min(1).max(1000);

const ImportRunSchema = z.object({
  id: z.uuid(),
  status: z.string(),
  label: z.string().nullable(),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  unmatched: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const ConnectorStatusSchema = z.object({
  name: z.enum(CONNECTOR_NAMES),
  isConfigured: z.boolean().describe('A credential is stored (encrypted; never returned)'),
  baseUrl: z.string().nullable(),
  org: z.string().nullable().describe('GitHub organization (Copilot)'),
  includeCosts: z.boolean().nullable().describe('Whether the per-user cost report is read too (Enterprise Analytics)'),
  cursor: z.record(z.string(), z.string()).nullable().describe('Last complete UTC day synced per report (Anthropic, Enterprise Analytics)'),
  lastRunAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastImport: ImportRunSchema.nullable(),
  costs: z
    .object({ last30DaysUsd: z.string(), days: z.array(z.object({ day: z.string(), totalUsd: z.string() })) })
    .nullable()
    .describe('Organization cost from the Anthropic cost report, USD (it has no per-user key)'),
});

const presentStatus = (s: ConnectorStatus): z.infer<typeof ConnectorStatusSchema> => ({
  name: s.name,
  isConfigured: s.isConfigured,
  baseUrl: s.baseUrl,
  org: s.org,
  includeCosts: s.includeCosts,
  cursor: s.cursor ? { ...s.cursor } : null,
  lastRunAt: isoOrNull(s.lastRunAt),
  lastError: s.lastError,
  lastImport: s.lastImport
    ? {
        id: s.lastImport.id, status: s.lastImport.status, label: s.lastImport.filename, rows: s.lastImport.rows, inserted: s.lastImport.inserted, updated: s.lastImport.updated,
        unchanged: s.lastImport.unchanged, unmatched: s.lastImport.unmatched, startedAt: iso(s.lastImport.startedAt), finishedAt: isoOrNull(s.lastImport.finishedAt),
      }
    : null,
  costs: s.costs ? { last30DaysUsd: s.costs.last30DaysUsd, days: s.costs.days.map((d) => ({ day: d.day, totalUsd: d.totalUsd })) } : null,
});

const Range = z.object({ from: z.string(), to: z.string() });
const Counts = { importId: z.uuid(), status: z.enum(['succeeded', 'failed']), error: z.string().nullable(), inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), unmatched: z.number().int() };
const Removed = z.record(z.string(), z.number().int()).describe('Usage rows removed per source because the re-fetched report no longer carries them');
const SyncResultSchema = z.discriminatedUnion('connector', [
  z.object({ connector: z.literal('anthropic'), ...Counts, rows: z.number().int(), costDays: z.number().int(), removed: Removed, ranges: z.object({ messages: Range, costs: Range, claudeCode: Range }) }),
  z.object({
    connector: z.literal('anthropic_enterprise'),
    ...Counts,
    rows: z.number().int(),
    costRows: z.number().int(),
    removed: Removed,
    range: Range.describe('Days planned'),
    fetchedTo: z.string().nullable().describe('Last day fetched (earlier than range.to when the vendor has not published the last days yet)'),
  }),
  z.object({ connector: z.literal('copilot'), ...Counts, seats: z.number().int(), removed: z.number().int(), skipped: z.number().int(), idle: z.number().int() }),
]);
const presentSync = (r: SyncResult): z.infer<typeof SyncResultSchema> => {
  const counts = { importId: r.importId, status: r.status, error: r.error, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, unmatched: r.unmatched };
  if (r.connector === 'anthropic') return { connector: 'anthropic', ...counts, rows: r.rows, costDays: r.costDays, removed: { ...r.removed }, ranges: { messages: { ...r.ranges.messages }, costs: { ...r.ranges.costs }, claudeCode: { ...r.ranges.claudeCode } } };
  if (r.connector === 'anthropic_enterprise') return { connector: 'anthropic_enterprise', ...counts, rows: r.rows, costRows: r.costRows, removed: { ...r.removed }, range: { ...r.range }, fetchedTo: r.fetchedTo };
  return { connector: 'copilot', ...counts, seats: r.seats, removed: r.removed, skipped: r.skipped, idle: r.idle };
};

const CopilotSeatSchema = z.object({
  login: z.string(),
  person: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable().describe('Linked by an admin (identity source github_copilot)'),
  claudeTier: z.string().nullable().describe("The person's current Claude seat tier"),
  planType: z.string().nullable(),
  assignedAt: z.string().nullable(),
  lastActivityAt: z.string().nullable(),
  lastActivityEditor: z.string().nullable(),
  pendingCancellationDate: z.string().nullable(),
  isIdle: z.boolean(),
  daysSinceActivity: z.number().int().nullable(),
});
const presentSeat = (s: CopilotSeatLine): z.infer<typeof CopilotSeatSchema> => ({
  login: s.login,
  person: s.personId && s.personName && s.personEmail ? { id: s.personId, name: s.personName, email: s.personEmail } : null,
  claudeTier: s.claudeTier,
  planType: s.planType,
  assignedAt: isoOrNull(s.assignedAt),
  lastActivityAt: isoOrNull(s.lastActivityAt),
  lastActivityEditor: s.lastActivityEditor,
  pendingCancellationDate: s.pendingCancellationDate,
  isIdle: s.isIdle,
  daysSinceActivity: s.daysSinceActivity,
});

/**
 * Vendor connectors: Anthropic Admin API, Claude Enterprise Analytics API and GitHub Copilot seats. `secret` is the installation secret
 * the credentials are encrypted with; without it the routes that need it answer 500.
 */
export const connectorRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret?: string }> = async (app, { ctx, secret }) => {
  const deps = (): ConnectorDeps => {
    if (!secret) throw new AppError('INTERNAL', { message: 'Connector routes were registered without the installation secret' });
    return { secret };
  };
  const statusOf = async (orgId: string, name: (typeof CONNECTOR_NAMES)[number]) => presentStatus((await listConnectorStatus(ctx, orgId)).find((s) => s.name === name)!);

  app.get('/api/connectors', {
    config: { auth: READ_ROLES },
    schema: { tags: ['connectors'], summary: 'Vendor connectors: configuration, cursor, last run (never credentials)', response: withProblems({ 200: z.object({ items: z.array(ConnectorStatusSchema) }) }) },
  }, async (request) => ({ items: (await listConnectorStatus(ctx, requireActor(request).orgId)).map(presentStatus) }));

  app.put('/api/connectors/anthropic', {
    config: { auth: OWNER_ROLES },
    schema: {
      tags: ['connectors'],
      summary: 'Set the Anthropic Admin API key (stored encrypted, never returned)',
      body: z.object({ adminKey: Credential.describe('Admin API key (sk-ant-admin…)'), baseUrl: BaseUrl }),
      response: withProblems({ 200: ConnectorStatusSchema }),
    },
  }, async (request) => {
    const actor = requireActor(request);
    await configureAnthropic(ctx, actor, request.body, deps());
    return statusOf(actor.orgId, 'anthropic');
  });

  app.put('/api/connectors/anthropic_enterprise', {
    config: { auth: OWNER_ROLES },
    schema: {
      tags: ['connectors'],
      summary: 'Set the Claude Enterprise Analytics API key (stored encrypted, never returned)',
      body: z.object({
        apiKey: Credential.describe('Analytics API key with the read:analytics scope (created by the Primary Owner in claude.ai)'),
        baseUrl: BaseUrl,
        includeCosts: z.boolean().optional().describe('Also read the per-user cost report (default true)'),
      }),
      response: withProblems({ 200: ConnectorStatusSchema }),
    },
  }, async (request) => {
    const actor = requireActor(request);
    await configureAnthropicEnterprise(ctx, actor, request.body, deps());
    return statusOf(actor.orgId, 'anthropic_enterprise');
  });

  app.put('/api/connectors/copilot', {
    config: { auth: OWNER_ROLES },
    schema: {
      tags: ['connectors'],
      summary: 'Set the GitHub token and organization for Copilot seats (token stored encrypted, never returned)',
      body: z.object({ token: Credential.describe('GitHub token with manage_billing:copilot or read:org'), org: z.string().trim().min(1).max(39), baseUrl: BaseUrl }),
      response: withProblems({ 200: ConnectorStatusSchema }),
    },
  }, async (request) => {
    const actor = requireActor(request);
    await configureCopilot(ctx, actor, request.body, deps());
    return statusOf(actor.orgId, 'copilot');
  });

  app.post('/api/connectors/:name/sync', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['connectors'],
      summary: 'Run a connector now (a vendor failure answers 200 with status "failed" and is kept in the history)',
      params: z.object({ name: z.enum(CONNECTOR_NAMES) }),
      body: z.object({ from: IsoDate.optional().describe('Anthropic and Enterprise Analytics: backfill from this UTC day instead of the cursor') }).nullish(),
      response: withProblems({ 200: SyncResultSchema }),
    },
  }, async (request) => {
    const from = request.body?.from;
    return presentSync(await runConnectorSync(ctx, requireActor(request), request.params.name, deps(), from ? { from } : {}));
  });

  app.get('/api/copilot/seats', {
    config: { auth: READ_ROLES },
    schema: {
      tags: ['connectors'],
      summary: 'Copilot seats with idleness, the linked person and their Claude tier; logins nobody is linked to',
      querystring: z.object({
        idleDays: z.coerce.number().int().min(1).max(365).default(30).describe('Days without activity that make a seat idle'),
        idle: z.enum(['true', 'false']).optional().describe('Only idle seats'),
      }),
      response: withProblems({
        200: z.object({
          asOf: z.string(),
          idleDays: z.number().int(),
          lastSyncedAt: z.string().nullable(),
          summary: z.object({ total: z.number().int(), idle: z.number().int(), unmatched: z.number().int(), idleWithClaudeSeat: z.number().int() }),
          seats: z.array(CopilotSeatSchema),
          unmatchedIdentities: z.array(z.object({ login: z.string(), identityId: z.uuid().nullable() })).describe('Logins to link to people (source github_copilot)'),
        }),
      }),
    },
  }, async (request) => {
    const o = await getCopilotSeatsOverview(ctx, requireActor(request).orgId, { idleDays: request.query.idleDays, onlyIdle: request.query.idle === 'true' });
    return { asOf: iso(o.asOf), idleDays: o.idleDays, lastSyncedAt: isoOrNull(o.lastSyncedAt), summary: { ...o.summary }, seats: o.seats.map(presentSeat), unmatchedIdentities: o.unmatchedIdentities.map((u) => ({ ...u })) };
  });
};
