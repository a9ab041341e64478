/**
 * A lease: a person holds a tier (usually premium) over [startsAt, endsAt) for a reason and a project
 * or sprint, then returns to their base tier. Lifecycle:
 *
 *   requested ─┬─> scheduled ──> active ──> ended (expired | returned | reclaimed | revoked)
 *              ├─> waitlisted ─> scheduled / denied / cancelled
 *              ├─> denied
 *              └─> cancelled
 *
 * "approved" is the decision that moves a request to scheduled (or straight to active when it starts
 * now). A scheduled lease can also be returned, reclaimed or revoked before it starts.
 */
export const LEASE_STATUSES = ['requested', 'waitlisted', 'scheduled', 'active', 'ended', 'denied', 'cancelled'] as const;
export type LeaseStatus = (typeof LEASE_STATUSES)[number];

export const LEASE_END_REASONS = ['expired', 'returned', 'reclaimed', 'revoked'] as const;
export type LeaseEndReason = (typeof LEASE_END_REASONS)[number];

export type LeaseEvent =
  | Readonly<{ kind: 'approve'; startsNow: boolean }>
  | Readonly<{ kind: 'waitlist' }>
  | Readonly<{ kind: 'deny' }>
  | Readonly<{ kind: 'cancel' }>
  | Readonly<{ kind: 'start' }>
  | Readonly<{ kind: 'end'; reason: LeaseEndReason }>;

export type TransitionResult =
  | Readonly<{ ok: true; status: LeaseStatus; endReason: LeaseEndReason | null }>
  | Readonly<{ ok: false; reason: 'INVALID_TRANSITION'; message: string }>;

const PENDING: readonly LeaseStatus[] = ['requested', 'waitlisted'];

/** The state after an event, or INVALID_TRANSITION; the only place lease states change. */
export function transitionLease(status: LeaseStatus, event: LeaseEvent): TransitionResult {
  const ok = (next: LeaseStatus, endReason: LeaseEndReason | null = null): TransitionResult => ({ ok: true, status: next, endReason });
  switch (event.kind) {
    case 'approve':
      if (PENDING.includes(status)) return ok(event.startsNow ? 'active' : 'scheduled');
      break;
    case 'waitlist':
      if (status === 'requested' || status === 'waitlisted') return ok('waitlisted');
      break;
    case 'deny':
    case 'cancel':
      if (PENDING.includes(status)) return ok(event.kind === 'deny' ? 'denied' : 'cancelled');
      break;
    case 'start':
      if (status === 'scheduled') return ok('active');
      break;
    case 'end':
      if (status === 'active' || (status === 'scheduled' && event.reason !== 'expired')) return ok('ended', event.reason);
      break;
  }
  return { ok: false, reason: 'INVALID_TRANSITION', message: `A ${status} lease cannot be ${describe(event)}` };
}

function describe(event: LeaseEvent): string {
  switch (event.kind) {
    case 'approve':
      return 'approved';
    case 'waitlist':
      return 'waitlisted';
    case 'deny':
      return 'denied';
    case 'cancel':
      return 'cancelled';
    case 'start':
      return 'started';
    case 'end':
      return event.reason;
  }
}

/** Statuses that hold or book a seat (count against capacity). */
export const HOLDING_STATUSES: readonly LeaseStatus[] = ['scheduled', 'active'];

export const DAY_MS = 86_400_000;

/** Whole days of [from, to), rounded up. */
export function leaseDays(from: number, to: number): number {
  return Math.ceil((to - from) / DAY_MS);
}
