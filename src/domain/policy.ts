import { z } from 'zod';
import type { AdmissionFailure } from './quota.ts';

/** The allocation policy document: JSON or YAML, validated, versioned; the engine's only knobs. */
export const PolicyDocumentSchema = z
  .object({
    lease: z
      .object({
        minDays: z.number().int().min(1).default(1),
        maxDays: z.number().int().min(1).max(366).default(90),
      })
      .strict()
      .default({ minDays: 1, maxDays: 90 }),
    autoApprove: z
      .object({
        enabled: z.boolean().default(true),
        maxDays: z.number().int().min(1).max(366).default(28).describe('Longer requests go to the lead'),
        allowBorrowing: z.boolean().default(true).describe('Auto-approve when the seat comes from another department’s idle quota'),
      })
      .strict()
      .default({ enabled: true, maxDays: 28, allowBorrowing: true }),
    budget: z
      .object({ onExceed: z.enum(['deny', 'owner_approval']).default('owner_approval') })
      .strict()
      .default({ onExceed: 'owner_approval' }),
    reclaim: z
      .object({ noticeWorkingDays: z.number().int().min(0).max(30).default(2) })
      .strict()
      .default({ noticeWorkingDays: 2 }),
    approvals: z
      .object({ reminderAfterHours: z.number().int().min(1).max(720).default(24) })
      .strict()
      .default({ reminderAfterHours: 24 }),
    waitlist: z
      .object({ onCapacityFreed: z.enum(['auto_grant', 'offer_to_lead']).default('auto_grant') })
      .strict()
      .default({ onCapacityFreed: 'auto_grant' }),
    // Budget guardrails (docs/guardrails.md). Optional, so documents written before it stay valid and
    // unchanged; src/domain/guardrails/settings.ts fills the defaults.
    guardrails: z
      .object({
        thresholds: z.array(z.number().int().min(1).max(500)).min(1).max(10).optional().describe('Percent of a budget that raise an alert, once per month'),
        escalateAfterHours: z.number().int().min(1).max(720).optional().describe('Unacknowledged warnings and critical alerts escalate to the owner after this long'),
        onBudgetExhausted: z.enum(['pause_auto_approval', 'notify_only']).optional().describe('When a department spends its whole budget'),
        orgMonthlyBudget: z.string().regex(/^\d+(\.\d{1,2})?$/).optional().describe('Organization budget in USD; default: the sum of department budgets'),
        meteredSources: z.array(z.string().min(1)).max(20).optional().describe('Usage sources billed per use, counted as spend on top of seats'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

export const DEFAULT_POLICY: PolicyDocument = PolicyDocumentSchema.parse({});

/** What a decision may look at. Nothing about the person beyond their department: no tenure, title or role. */
export type DecisionInput = Readonly<{
  departmentId: string;
  days: number;
  startsInPast: boolean;
  admission: Readonly<{ ok: true; isBorrowing: boolean } | { ok: false; reason: AdmissionFailure; canReclaim: boolean }>;
  budget: Readonly<{ isWithin: boolean; monthlyBudgetCents: number | null; projectedCents: number }>;
  /** Is the decision being made by a lead or owner (approval queue) rather than automatically? */
  decidedBy: 'engine' | 'lead' | 'owner';
  /** Budget guardrail: auto-approval paused because the department exhausted its budget this month. */
  guardrail?: Readonly<{ isAutoApprovalPaused: boolean }>;
}>;

export type DecisionOutcome = 'approve' | 'reclaim_and_approve' | 'queue_for_lead' | 'queue_for_owner' | 'waitlist' | 'deny';

export type Decision = Readonly<{ outcome: DecisionOutcome; rule: string; message: string }>;

/**
 * Decides a lease request from its inputs and the policy. Every decision names the rule that fired.
 * Checks run in a fixed order: shape (duration), budget, capacity, then auto-approval limits.
 */
export function decideLeaseRequest(policy: PolicyDocument, input: DecisionInput): Decision {
  if (input.startsInPast) return { outcome: 'deny', rule: 'lease.starts_in_past', message: 'A lease cannot start in the past' };
  if (input.days < policy.lease.minDays) return { outcome: 'deny', rule: 'lease.min_days', message: `Leases last at least ${policy.lease.minDays} days` };
  if (input.days > policy.lease.maxDays) return { outcome: 'deny', rule: 'lease.max_days', message: `Leases last at most ${policy.lease.maxDays} days; ask again for the next sprint` };

  if (!input.budget.isWithin && input.decidedBy !== 'owner') {
    return policy.budget.onExceed === 'deny'
      ? { outcome: 'deny', rule: 'budget.deny', message: 'It would push the department over its monthly budget' }
      : { outcome: 'queue_for_owner', rule: 'budget.owner_approval', message: 'It would push the department over its monthly budget; an owner decides' };
  }

  const isPaused = input.decidedBy === 'engine' && input.guardrail?.isAutoApprovalPaused === true;
  if (!input.admission.ok) {
    if (input.admission.canReclaim) {
      if (isPaused) return GUARDRAIL_PAUSED;
      if (input.decidedBy !== 'engine' || policy.autoApprove.enabled) {
        return { outcome: 'reclaim_and_approve', rule: 'capacity.reclaim', message: `The department's own quota is lent out; the borrowed seat is reclaimed with ${policy.reclaim.noticeWorkingDays} working days' notice` };
      }
      return { outcome: 'queue_for_lead', rule: 'lead_approval.reclaim', message: 'Granting it reclaims a lent seat; the lead decides' };
    }
    return { outcome: 'waitlist', rule: `capacity.${input.admission.reason.toLowerCase()}`, message: waitlistMessage(input.admission.reason) };
  }

  if (input.decidedBy !== 'engine') return { outcome: 'approve', rule: `approval.${input.decidedBy}`, message: `Approved by the ${input.decidedBy === 'lead' ? 'department lead' : 'owner'}` };
  if (isPaused) return GUARDRAIL_PAUSED;
  if (!policy.autoApprove.enabled) return { outcome: 'queue_for_lead', rule: 'lead_approval.required', message: 'The policy sends every request to the department lead' };
  if (input.days > policy.autoApprove.maxDays) return { outcome: 'queue_for_lead', rule: 'lead_approval.long_lease', message: `Longer than ${policy.autoApprove.maxDays} days; the department lead decides` };
  if (input.admission.isBorrowing && !policy.autoApprove.allowBorrowing) return { outcome: 'queue_for_lead', rule: 'lead_approval.borrowing', message: "It borrows another department's idle seat; the lead decides" };
  return {
    outcome: 'approve',
    rule: input.admission.isBorrowing ? 'auto_approve.borrowed_quota' : 'auto_approve.free_quota',
    message: input.admission.isBorrowing ? "Approved: a seat borrowed from another department's idle quota, reclaimable with notice" : "Approved: the department's quota has a free seat for the whole interval",
  };
}

const GUARDRAIL_PAUSED: Decision = { outcome: 'queue_for_lead', rule: 'guardrail.budget_exhausted', message: 'The department has spent its monthly budget; auto-approval is paused and the department lead decides' };

function waitlistMessage(reason: AdmissionFailure): string {
  switch (reason) {
    case 'POOL_FULL':
      return 'Every premium seat is taken for part of the interval; you are on the waitlist';
    case 'BORROWING_LIMIT':
      return "The department would exceed its borrowing limit; you are on the waitlist";
    case 'NO_LENDABLE_CAPACITY':
      return "The department's quota is used and no other department has idle seats to lend; you are on the waitlist";
  }
}
