import { DEFAULT_IDLE_DAYS, seatIdleness } from '../../connectors/github-copilot/mapper.ts';
import type { CopilotSeatView } from '../../db/repositories/connector.repository.ts';
import type { AppContext } from '../context.ts';

export type CopilotSeatLine = CopilotSeatView & Readonly<{ isIdle: boolean; daysSinceActivity: number | null }>;

export type CopilotSeatsOverview = Readonly<{
  asOf: Date;
  idleDays: number;
  lastSyncedAt: Date | null;
  seats: readonly CopilotSeatLine[];
  /** Seat logins no admin has linked to a person (and not ignored): link them as `github_copilot` identities. */
  unmatchedIdentities: ReadonlyArray<{ login: string; identityId: string | null }>;
  summary: Readonly<{ total: number; idle: number; unmatched: number; idleWithClaudeSeat: number }>;
}>;

/**
 * Copilot seats with their idleness (no activity for `idleDays`+ days) next to the linked person's
 * current Claude tier, so an admin can see who pays for two assistants and uses one.
 */
export async function getCopilotSeatsOverview(ctx: AppContext, orgId: string, options: { idleDays?: number; onlyIdle?: boolean } = {}): Promise<CopilotSeatsOverview> {
  const asOf = ctx.now();
  const idleDays = options.idleDays ?? DEFAULT_IDLE_DAYS;
  const [rows, state] = await Promise.all([ctx.repos.connectors.listCopilotSeats(orgId, asOf), ctx.repos.connectors.findState(orgId, 'copilot')]);
  const all = rows.map((r) => ({ ...r, ...seatIdleness(r, asOf, idleDays) }));
  const unmatched = all.filter((s) => s.personId === null && s.identityStatus !== 'ignored');
  return {
    asOf,
    idleDays,
    lastSyncedAt: state?.lastRunAt ?? null,
    seats: options.onlyIdle ? all.filter((s) => s.isIdle) : all,
    unmatchedIdentities: unmatched.map((s) => ({ login: s.login, identityId: s.identityId })),
    summary: { total: all.length, idle: all.filter((s) => s.isIdle).length, unmatched: unmatched.length, idleWithClaudeSeat: all.filter((s) => s.isIdle && s.claudeTier !== null).length },
  };
}
