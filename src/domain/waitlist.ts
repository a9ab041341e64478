import { DAY_MS } from './leases.ts';

/**
 * What orders a waitlist. Deliberately nothing about the person: no tenure, title, role or seniority
 * exists here, so they cannot influence the order.
 */
export type WaitlistEntry = Readonly<{
  id: string;
  requestedAt: number;
  /** Declared need: the date the work is due, if any. */
  deadline: number | null;
  /** Declared need: the request names a project or sprint. */
  hasProject: boolean;
  /** Evidence of need in [0, 1] from usage, when the usage issue provides it. */
  needScore: number | null;
}>;

/**
 * Priority points (higher first): a deadline within 14 days +100 (within 30 days +50), a project tag +10,
 * need score × 50, and +2 per whole day waited (aging, so nobody waits forever). Integer points; ties
 * go to the earlier request, then the smaller id.
 */
export function waitlistPriority(entry: WaitlistEntry, now: number): number {
  let points = 0;
  if (entry.deadline !== null) {
    const daysLeft = (entry.deadline - now) / DAY_MS;
    if (daysLeft <= 14) points += 100;
    else if (daysLeft <= 30) points += 50;
  }
  if (entry.hasProject) points += 10;
  if (entry.needScore !== null) points += Math.round(Math.min(1, Math.max(0, entry.needScore)) * 50);
  points += 2 * Math.floor(Math.max(0, now - entry.requestedAt) / DAY_MS);
  return points;
}

/** The waitlist in the order capacity is offered. */
export function orderWaitlist(entries: readonly WaitlistEntry[], now: number): WaitlistEntry[] {
  return [...entries]
    .map((e) => ({ e, p: waitlistPriority(e, now) }))
    .sort((a, b) => b.p - a.p || a.e.requestedAt - b.e.requestedAt || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0))
    .map(({ e }) => e);
}
