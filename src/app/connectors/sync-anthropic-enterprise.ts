import type { DayRange } from '../../connectors/anthropic/client.ts';
import { createAnthropicEnterpriseClient } from '../../connectors/anthropic-enterprise/client.ts';
import { ANTHROPIC_ENTERPRISE_SOURCE, mapEnterpriseUsage, type ActivityDay, type UserCost } from '../../connectors/anthropic-enterprise/mapper.ts';
import { HttpError } from '../../connectors/http.ts';
import { addDays, toDay } from '../../domain/dates.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../context.ts';
import { recordUsage } from '../usage/record-usage.ts';
import { describeFailure, EnterpriseConfigSchema, EnterpriseCursorSchema, IMPORT_SOURCE, parseStored, type ConnectorDeps } from './connectors.ts';
import { createSecretBox } from './secrets.ts';
import { collapseByPerson, planReportRange } from './sync-anthropic.ts';
import { removeVanishedUsage } from './vanished.ts';

/** Days re-fetched before the cursor: the vendor revises recent days "by a few percent over the following days". */
export const ENTERPRISE_REFETCH_DAYS = 3;
/** The API has no data before this day. */
export const ENTERPRISE_FIRST_DAY = '2026-01-01';
/**
 * Data usually lags a day. A 400 for a new day among the last LAG_DAYS is read as "not available yet":
 * the run stops before that day (the cursor stays behind it) instead of failing.
 */
export const ENTERPRISE_LAG_DAYS = 3;

export type EnterpriseSyncResult = Readonly<{
  connector: 'anthropic_enterprise';
  status: 'succeeded' | 'failed';
  importId: string;
  /** Days planned; `fetchedTo` is the last day actually fetched (null when none was available yet). */
  range: DayRange;
  fetchedTo: string | null;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  /** User cost rows read (0 when the cost report is turned off). */
  costRows: number;
  /** Usage rows removed because the re-fetched report no longer carries them, per source. */
  removed: Readonly<Record<string, number>>;
  error: string | null;
}>;

/** The days to fetch: the Admin connector's plan with a longer re-fetch, never before the API's first day. */
export function planEnterpriseRange(input: { cursor: string | undefined; from: string | undefined; today: string }): DayRange {
  const range = planReportRange({ ...input, refetchDays: ENTERPRISE_REFETCH_DAYS });
  return { from: range.from < ENTERPRISE_FIRST_DAY ? ENTERPRISE_FIRST_DAY : range.from, to: range.to };
}

/**
 * A 400 for a day never synced before and within the lag window means the day is not published yet
 * (the vendor's "too recent" answer; its body is not relied on). Any other failure fails the run.
 */
const isNotYetAvailable = (error: unknown, input: { day: string; today: string; cursor: string | undefined }) =>
  error instanceof HttpError && error.status === 400 && input.day >= addDays(input.today, -ENTERPRISE_LAG_DAYS) && (!input.cursor || input.day > input.cursor);

/**
 * Pulls seat users' daily activity (chat messages, Claude Code sessions, commits, PRs, lines) and, when
 * turned on, their daily cost from the Claude Enterprise Analytics API for the days not yet synced plus
 * the last three, and writes them in replace mode (source `anthropic_enterprise`): re-runs are
 * idempotent, revised days are rewritten, and usage a revision dropped is removed. Every run leaves a
 * usage_imports row (source `anthropic_enterprise`); a vendor failure returns `status: 'failed'` with
 * nothing written and the cursor where it was.
 */
export async function syncAnthropicEnterprise(ctx: AppContext, input: { orgId: string; createdBy: string | null; from?: string }, deps: ConnectorDeps): Promise<EnterpriseSyncResult> {
  const { orgId } = input;
  const state = await ctx.repos.connectors.findState(orgId, 'anthropic_enterprise');
  if (!state?.secretCiphertext) {
    throw new AppError('NOT_FOUND', { message: 'The Claude Enterprise Analytics connector is not configured. Run `seatwise connector set anthropic-enterprise --api-key-stdin` or PUT /api/connectors/anthropic_enterprise.' });
  }
  const today = toDay(ctx.now());
  if (input.from && input.from >= today) {
    throw new AppError('VALIDATION_FAILED', { message: `from must be a past day (the last complete day is ${addDays(today, -1)})`, details: [{ path: 'from', message: 'must be before today (UTC)' }] });
  }
  const apiKey = createSecretBox(deps.secret).decrypt(state.secretCiphertext, { orgId, connector: 'anthropic_enterprise' });
  const config = parseStored(EnterpriseConfigSchema, state.config, { baseUrl: null, includeCosts: true });
  const cursor = parseStored(EnterpriseCursorSchema, state.cursor, {});
  const range = planEnterpriseRange({ cursor: cursor.users, from: input.from, today });
  const importId = await ctx.repos.connectors.startImport(orgId, { source: IMPORT_SOURCE.anthropic_enterprise, filename: `anthropic-enterprise ${range.from}..${range.to}`, createdBy: input.createdBy });
  const empty = { fetchedTo: null, rows: 0, inserted: 0, updated: 0, unchanged: 0, unmatched: 0, costRows: 0, removed: {} };
  try {
    const client = createAnthropicEnterpriseClient({ apiKey, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}), ...(deps.http ? { http: deps.http } : {}) });
    const days: ActivityDay[] = [];
    for (let day = range.from; day <= range.to; day = addDays(day, 1)) {
      try {
        days.push({ day, users: await client.userActivity(day) });
      } catch (error) {
        if (isNotYetAvailable(error, { day, today, cursor: cursor.users })) break;
        throw error;
      }
    }
    const fetchedTo = days.at(-1)?.day ?? null;
    const fetched: DayRange | null = fetchedTo ? { from: range.from, to: fetchedTo } : null;
    const costs: UserCost[] = fetched && config.includeCosts ? await client.userCosts(fetched) : [];
    const mapped = mapEnterpriseUsage({ days, costs });
    const written = await ctx.transaction(async (repos) => {
      const locked = await repos.connectors.lockState(orgId, 'anthropic_enterprise');
      const current = parseStored(EnterpriseCursorSchema, locked?.cursor, {});
      const people = await repos.usage.identityMap(orgId);
      const records = collapseByPerson(mapped, people);
      const usage = await recordUsage(repos, { orgId, records, mode: 'replace', importId });
      const removed = fetched
        ? await removeVanishedUsage(repos, { orgId, importId, connector: 'anthropic_enterprise', createdBy: input.createdBy, records, reports: [{ source: ANTHROPIC_ENTERPRISE_SOURCE, range: fetched }], people })
        : {};
      const next = fetchedTo && (!current.users || fetchedTo > current.users) ? { users: fetchedTo } : current;
      await repos.connectors.saveRun(orgId, 'anthropic_enterprise', { lastRunAt: ctx.now(), lastError: null, cursor: next });
      const { rows, inserted, updated, unchanged, unmatched } = usage;
      await repos.connectors.finishImport(orgId, importId, { status: 'succeeded', rows, inserted, updated, unchanged, unmatched, errors: [] });
      return { ...usage, removed };
    });
    return { connector: 'anthropic_enterprise', status: 'succeeded', importId, range, fetchedTo, ...written, costRows: costs.length, error: null };
  } catch (error) {
    const message = describeFailure(error, apiKey);
    await ctx.repos.connectors.saveRun(orgId, 'anthropic_enterprise', { lastRunAt: ctx.now(), lastError: message });
    await ctx.repos.connectors.finishImport(orgId, importId, { status: 'failed', errors: [{ line: 0, path: 'anthropic_enterprise', message }] });
    return { connector: 'anthropic_enterprise', status: 'failed', importId, range, ...empty, error: message };
  }
}
