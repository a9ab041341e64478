/** How leases and engine decisions read to people: status labels, tones and outcome headlines. */
import type { Decision, Lease, LeaseStatus } from './api/types.ts';
import { dayOf, formatDate, formatLeaseDates } from './format.ts';

export const OPEN_STATUSES: readonly LeaseStatus[] = ['requested', 'waitlisted', 'scheduled', 'active'];
export const CLOSED_STATUSES: readonly LeaseStatus[] = ['ended', 'denied', 'cancelled'];

export type Tone = 'success' | 'pending' | 'waitlist' | 'danger' | 'neutral' | 'info';

export function isPending(lease: Pick<Lease, 'status'>): boolean {
  return lease.status === 'requested' || lease.status === 'waitlisted';
}

export function isHolding(lease: Pick<Lease, 'status'>): boolean {
  return lease.status === 'scheduled' || lease.status === 'active';
}

const END_REASON_LABELS: Record<string, string> = {
  expired: 'Ended',
  returned: 'Returned early',
  reclaimed: 'Reclaimed',
  revoked: 'Revoked',
};

/** The short status shown on a badge. */
export function leaseStatusLabel(lease: Pick<Lease, 'status' | 'queue' | 'endReason'>): string {
  switch (lease.status) {
    case 'requested':
      return lease.queue === 'owner' ? 'Waiting for an owner' : lease.queue === 'lead' ? 'Waiting for lead' : 'Requested';
    case 'waitlisted':
      return 'Waitlisted';
    case 'scheduled':
      return 'Approved · scheduled';
    case 'active':
      return 'Active';
    case 'ended':
      return (lease.endReason && END_REASON_LABELS[lease.endReason]) ?? 'Ended';
    case 'denied':
      return 'Denied';
    case 'cancelled':
      return 'Cancelled';
  }
}

export function leaseStatusTone(lease: Pick<Lease, 'status'>): Tone {
  switch (lease.status) {
    case 'requested':
      return 'pending';
    case 'waitlisted':
      return 'waitlist';
    case 'scheduled':
      return 'info';
    case 'active':
      return 'success';
    case 'denied':
      return 'danger';
    case 'ended':
    case 'cancelled':
      return 'neutral';
  }
}

export type OutcomeSummary = Readonly<{ tone: Tone; headline: string; detail: string }>;

/** The engine's answer to a request, in words: what happened and what comes next. */
export function describeOutcome(decision: Decision, lease: Lease): OutcomeSummary {
  const dates = formatLeaseDates(lease.startsAt, lease.endsAt);
  switch (decision.outcome) {
    case 'approve':
    case 'reclaim_and_approve':
      return lease.status === 'active'
        ? { tone: 'success', headline: 'Approved — your premium seat is active now', detail: `Premium until ${formatDate(dayOf(lease.endsAt))}, then back to your base tier.` }
        : { tone: 'success', headline: `Approved — premium ${dates}`, detail: 'Your seat switches to premium on the first day and back to your base tier at the end.' };
    case 'queue_for_lead':
      return { tone: 'pending', headline: 'Waiting for your lead', detail: `Your department lead decides on premium for ${dates}; you will get a notification with the answer.` };
    case 'queue_for_owner':
      return { tone: 'pending', headline: 'Waiting for an owner', detail: `Premium for ${dates} would take your department over its monthly budget, so an owner decides; you will get a notification.` };
    case 'waitlist':
      return { tone: 'waitlist', headline: 'On the waitlist', detail: `No premium seat is free for ${dates}. When one frees up the request moves forward and you are notified.` };
    case 'deny':
      return { tone: 'danger', headline: 'Denied', detail: 'The request was not granted. Change the dates or reason and ask again if it still makes sense.' };
    default:
      return { tone: 'neutral', headline: 'Request recorded', detail: `Status: ${leaseStatusLabel(lease)}.` };
  }
}
