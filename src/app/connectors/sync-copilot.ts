import { createCopilotClient } from '../../connectors/github-copilot/client.ts';
import { GITHUB_COPILOT_SOURCE, mapSeats, seatIdleness, type CopilotSeat } from '../../connectors/github-copilot/mapper.ts';
import type { CopilotSeatRow } from '../../db/repositories/connector.repository.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../context.ts';
import { CopilotConfigSchema, describeFailure, IMPORT_SOURCE, parseStored, type ConnectorDeps } from './connectors.ts';
import { createSecretBox } from './secrets.ts';

export type CopilotSyncResult = Readonly<{
  connector: 'copilot';
  status: 'succeeded' | 'failed';
  importId: string;
  seats: number;
  inserted: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Seats assigned to a team or organization rather than a user login. */
  skipped: number;
  /** Seats whose login no admin has linked to a person yet (ignored logins excluded). */
  unmatched: number;
  idle: number;
  error: string | null;
}>;

const sameSeat = (a: CopilotSeatRow, b: CopilotSeatRow) =>
  a.personId === b.personId &&
  a.planType === b.planType &&
  a.assignedAt?.getTime() === b.assignedAt?.getTime() &&
  a.lastActivityAt?.getTime() === b.lastActivityAt?.getTime() &&
  a.lastActivityEditor === b.lastActivityEditor &&
  a.pendingCancellationDate === b.pendingCancellationDate;

/**
 * Reads the organization's Copilot seat list and mirrors it in copilot_seats: upsert by login, remove
 * seats no longer listed. A login's person comes only from an explicit link (unmatched identity of
 * source `github_copilot`); other logins are recorded as unmatched so an admin can link them. Every
 * run leaves a usage_imports row (source `github_copilot`); vendor failures return `status: 'failed'`.
 */
export async function syncCopilot(ctx: AppContext, input: { orgId: string; createdBy: string | null }, deps: ConnectorDeps): Promise<CopilotSyncResult> {
  const { orgId } = input;
  const state = await ctx.repos.connectors.findState(orgId, 'copilot');
  if (!state?.secretCiphertext) {
    throw new AppError('NOT_FOUND', { message: 'The Copilot connector is not configured. Run `seatwise connector set copilot --token-stdin --org ORG` or PUT /api/connectors/copilot.' });
  }
  const token = createSecretBox(deps.secret).decrypt(state.secretCiphertext, { orgId, connector: 'copilot' });
  const config = parseStored(CopilotConfigSchema, state.config, { org: '', baseUrl: null });
  const importId = await ctx.repos.connectors.startImport(orgId, { source: IMPORT_SOURCE.copilot, filename: `copilot-seats ${config.org}`, createdBy: input.createdBy });
  try {
    const client = createCopilotClient({ token, org: config.org, ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}), ...(deps.http ? { http: deps.http } : {}) });
    const { seats, skipped } = mapSeats(await client.listSeats());
    const counts = await ctx.transaction((repos) => writeSeats(repos, orgId, seats, ctx.now(), importId));
    const idle = seats.filter((s) => seatIdleness(s, ctx.now()).isIdle).length;
    return { connector: 'copilot', status: 'succeeded', importId, seats: seats.length, ...counts, skipped, idle, error: null };
  } catch (error) {
    const message = describeFailure(error, token);
    await ctx.repos.connectors.saveRun(orgId, 'copilot', { lastRunAt: ctx.now(), lastError: message });
    await ctx.repos.connectors.finishImport(orgId, importId, { status: 'failed', errors: [{ line: 0, path: 'copilot', message }] });
    return { connector: 'copilot', status: 'failed', importId, seats: 0, inserted: 0, updated: 0, unchanged: 0, removed: 0, skipped: 0, unmatched: 0, idle: 0, error: message };
  }
}

async function writeSeats(repos: AppContext['repos'], orgId: string, seats: readonly CopilotSeat[], now: Date, importId: string) {
  await repos.connectors.lockState(orgId, 'copilot');
  const identities = new Map((await repos.connectors.listIdentities(orgId, GITHUB_COPILOT_SOURCE)).map((i) => [i.identity.toLowerCase(), i]));
  const existing = new Map((await repos.connectors.listCopilotSeatRows(orgId)).map((s) => [s.login, s]));
  const rows: CopilotSeatRow[] = seats.map((s) => ({ ...s, personId: identities.get(s.login.toLowerCase())?.personId ?? null }));
  let inserted = 0;
  let updated = 0;
  for (const row of rows) {
    const before = existing.get(row.login);
    if (!before) inserted++;
    else if (!sameSeat(before, row)) updated++;
  }
  await repos.connectors.upsertCopilotSeats(orgId, rows, now);
  const removed = await repos.connectors.deleteCopilotSeatsExcept(orgId, rows.map((r) => r.login));
  let unmatched = 0;
  for (const row of rows) {
    const status = identities.get(row.login.toLowerCase())?.status;
    if (status === 'linked' || status === 'ignored') continue;
    await repos.usage.noteUnmatched(orgId, GITHUB_COPILOT_SOURCE, row.login, 1);
    unmatched++;
  }
  await repos.connectors.saveRun(orgId, 'copilot', { lastRunAt: now, lastError: null });
  await repos.connectors.finishImport(orgId, importId, { status: 'succeeded', rows: rows.length, inserted, updated, unchanged: rows.length - inserted - updated, unmatched, errors: [] });
  return { inserted, updated, unchanged: rows.length - inserted - updated, removed: removed.length, unmatched };
}
