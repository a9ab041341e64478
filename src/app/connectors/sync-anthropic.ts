import { createAnthropicAdminClient, type DayRange } from '../../connectors/anthropic/client.ts';
import { ANTHROPIC_API_SOURCE, CLAUDE_CODE_ADMIN_SOURCE, mapAccountEmails, mapClaudeCodeUsage, mapCostReport, mapMessagesUsage, type DailyCost } from '../../connectors/anthropic/mapper.ts';
import { addDays, daysBetween, toDay } from '../../domain/dates.ts';
import { addMetrics, normalizeIdentity, type UsageRecord } from '../../domain/usage.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../context.ts';
import { recordUsage } from '../usage/record-usage.ts';
import {
  ANTHROPIC_COSTS_STATE,
  AnthropicConfigSchema,
  AnthropicCursorSchema,
  CostDocumentSchema,
  describeFailure,
  IMPORT_SOURCE,
  parseStored,
  type AnthropicCursor,
  type ConnectorDeps,
  type CostDocument,
} from './connectors.ts';
import { createSecretBox } from './secrets.ts';
import { removeVanishedUsage } from './vanished.ts';

/** Days re-fetched before the cursor on every run: the vendor revises recent days. */
export const REFETCH_DAYS = 2;
/** How far back the first run reaches without `from`. */
export const INITIAL_DAYS = 30;
/** A run covers at most this many days; the next run continues from its cursor. */
export const MAX_DAYS_PER_RUN = 92;
/** Daily cost totals older than this are dropped from the stored document. */
const COST_RETENTION_DAYS = 400;

export type AnthropicSyncResult = Readonly<{
  connector: 'anthropic';
  status: 'succeeded' | 'failed';
  importId: string;
  ranges: Readonly<{ messages: DayRange; costs: DayRange; claudeCode: DayRange }>;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  costDays: number;
  /** Usage rows removed because the re-fetched report no longer carries them, per source. */
  removed: Readonly<Record<string, number>>;
  error: string | null;
}>;

/**
 * The days one report fetches: from `from` when given, else from the day before the cursor (the last
 * complete day synced) so revised days are fetched again, else the last INITIAL_DAYS; up to yesterday
 * (UTC), the last complete day, and at most MAX_DAYS_PER_RUN days.
 */
export function planReportRange(input: { cursor: string | undefined; from: string | undefined; today: string; refetchDays?: number }): DayRange {
  const lastComplete = addDays(input.today, -1);
  const refetch = input.refetchDays ?? REFETCH_DAYS;
  const start = input.from ?? (input.cursor ? addDays(input.cursor, -(refetch - 1)) : addDays(lastComplete, -(INITIAL_DAYS - 1)));
  const from = start > lastComplete ? lastComplete : start;
  const to = daysBetween(from, lastComplete) >= MAX_DAYS_PER_RUN ? addDays(from, MAX_DAYS_PER_RUN - 1) : lastComplete;
  return { from, to };
}

/** Replaces the fetched range of daily cost totals (days without a bucket disappear) and drops old days. */
export function mergeCostDocument(doc: CostDocument, fetched: readonly DailyCost[], range: DayRange, today: string): CostDocument {
  const oldest = addDays(today, -COST_RETENTION_DAYS);
  const days = Object.fromEntries(Object.entries(doc.days).filter(([day]) => day >= oldest && (day < range.from || day > range.to)));
  for (const c of fetched) if (c.day >= oldest) days[c.day] = { totalUsd: c.totalUsd, workspaces: { ...c.workspaces } };
  return { days: Object.fromEntries(Object.entries(days).sort(([a], [b]) => a.localeCompare(b))) };
}

/**
 * Sums records whose identities lead to the same person on the same day and source (a member's email
 * and an API key an admin linked to them), keeping the first identity: a replace-mode write must not
 * carry one (person, day, source) twice.
 */
export function collapseByPerson(records: readonly UsageRecord[], people: ReadonlyMap<string, string>): UsageRecord[] {
  const byKey = new Map<string, UsageRecord>();
  for (const r of records) {
    const who = people.get(normalizeIdentity(r.identity)) ?? `identity:${normalizeIdentity(r.identity)}`;
    const key = `${who}\u0000${r.day}\u0000${r.source}`;
    const prev = byKey.get(key);
    byKey.set(key, prev ? { ...prev, metrics: addMetrics(prev.metrics, r.metrics) } : r);
  }
  return [...byKey.values()];
}

const later = (a: string | undefined, b: string) => (a && a > b ? a : b);

function eachDay(range: DayRange): string[] {
  const days: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * Pulls the Anthropic Admin API reports for the days not yet synced (plus the last two, which the
 * vendor revises) and writes them in replace mode, so re-runs are idempotent: API traffic per member
 * (`anthropic_api`), Claude Code per user (`claude_code_admin`), and organization cost totals per day
 * (connector state `anthropic_costs`, since the cost report has no user key). Every run leaves a
 * usage_imports row (source `anthropic_admin`); a vendor failure is recorded there and in the
 * connector's last error and returned as `status: 'failed'` (nothing is written, the cursor stays).
 */
export async function syncAnthropic(ctx: AppContext, input: { orgId: string; createdBy: string | null; from?: string }, deps: ConnectorDeps): Promise<AnthropicSyncResult> {
  const { orgId } = input;
  const state = await ctx.repos.connectors.findState(orgId, 'anthropic');
  if (!state?.secretCiphertext) {
    throw new AppError('NOT_FOUND', { message: 'The Anthropic connector is not configured. Run `seatwise connector set anthropic --admin-key-stdin` or PUT /api/connectors/anthropic.' });
  }
  const today = toDay(ctx.now());
  if (input.from && input.from >= today) {
    throw new AppError('VALIDATION_FAILED', { message: `from must be a past day (the last complete day is ${addDays(today, -1)})`, details: [{ path: 'from', message: 'must be before today (UTC)' }] });
  }
  const adminKey = createSecretBox(deps.secret).decrypt(state.secretCiphertext, { orgId, connector: 'anthropic' });
  const config = parseStored(AnthropicConfigSchema, state.config, { baseUrl: null });
  const cursor = parseStored(AnthropicCursorSchema, state.cursor, {});
  const ranges = {
    messages: planReportRange({ cursor: cursor.messages, from: input.from, today }),
    costs: planReportRange({ cursor: cursor.costs, from: input.from, today }),
    claudeCode: planReportRange({ cursor: cursor.claudeCode, from: input.from, today }),
  };
  const all = Object.values(ranges);
  const label = `anthropic-admin ${all.map((r) => r.from).sort()[0]}..${all.map((r) => r.to).sort().at(-1)}`;
  const importId = await ctx.repos.connectors.startImport(orgId, { source: IMPORT_SOURCE.anthropic, filename: label, createdBy: input.createdBy });
  const empty = { rows: 0, inserted: 0, updated: 0, unchanged: 0, unmatched: 0, costDays: 0, removed: {} };

  try {
    const client = createAnthropicAdminClient({ adminKey, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}), ...(deps.http ? { http: deps.http } : {}) });
    const accounts = mapAccountEmails(await client.listUsers());
    const messages = mapMessagesUsage(await client.messagesUsage(ranges.messages), accounts);
    const costs = mapCostReport(await client.costReport(ranges.costs));
    const claudeCode = [];
    for (const day of eachDay(ranges.claudeCode)) claudeCode.push(...(await client.claudeCodeUsage(day)));
    const codeRecords = mapClaudeCodeUsage(claudeCode);

    const written = await ctx.transaction(async (repos) => {
      // Serializes runs of this connector, so the cursor only moves forward.
      const locked = await repos.connectors.lockState(orgId, 'anthropic');
      const current = parseStored(AnthropicCursorSchema, locked?.cursor, {});
      const people = await repos.usage.identityMap(orgId);
      const records = collapseByPerson([...messages, ...codeRecords], people);
      const usage = await recordUsage(repos, { orgId, records, mode: 'replace', importId });
      const reports = [
        { source: ANTHROPIC_API_SOURCE, range: ranges.messages },
        { source: CLAUDE_CODE_ADMIN_SOURCE, range: ranges.claudeCode },
      ];
      const removed = await removeVanishedUsage(repos, { orgId, importId, connector: 'anthropic', createdBy: input.createdBy, records, reports, people });
      const stored = await repos.connectors.findState(orgId, ANTHROPIC_COSTS_STATE);
      await repos.connectors.saveDocument(orgId, ANTHROPIC_COSTS_STATE, mergeCostDocument(parseStored(CostDocumentSchema, stored?.cursor, { days: {} }), costs, ranges.costs, today));
      const next: AnthropicCursor = { messages: later(current.messages, ranges.messages.to), costs: later(current.costs, ranges.costs.to), claudeCode: later(current.claudeCode, ranges.claudeCode.to) };
      await repos.connectors.saveRun(orgId, 'anthropic', { lastRunAt: ctx.now(), lastError: null, cursor: next });
      const { rows, inserted, updated, unchanged, unmatched } = usage;
      await repos.connectors.finishImport(orgId, importId, { status: 'succeeded', rows, inserted, updated, unchanged, unmatched, errors: [] });
      return { ...usage, removed };
    });
    return { connector: 'anthropic', status: 'succeeded', importId, ranges, ...written, costDays: costs.length, error: null };
  } catch (error) {
    const message = describeFailure(error, adminKey);
    await ctx.repos.connectors.saveRun(orgId, 'anthropic', { lastRunAt: ctx.now(), lastError: message });
    await ctx.repos.connectors.finishImport(orgId, importId, { status: 'failed', errors: [{ line: 0, path: 'anthropic', message }] });
    return { connector: 'anthropic', status: 'failed', importId, ranges, ...empty, error: message };
  }
}
