import { z } from 'zod';
import { centsToDecimal } from '../../../domain/money.ts';
import type { Lease, LeaseExtension } from '../../../db/repositories/lease.repository.ts';
import type { QueueItem } from '../../../app/leases/queries.ts';
import { iso, isoOrNull } from '../../schemas.ts';

export const LeaseStatusSchema = z.enum(['requested', 'waitlisted', 'scheduled', 'active', 'ended', 'denied', 'cancelled']);

export const LeaseSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  personEmail: z.string(),
  departmentId: z.uuid(),
  departmentName: z.string(),
  tier: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  requestedEndsAt: z.string(),
  reason: z.string(),
  project: z.string().nullable(),
  deadline: z.string().nullable(),
  status: LeaseStatusSchema,
  endReason: z.enum(['expired', 'returned', 'reclaimed', 'revoked']).nullable(),
  queue: z.enum(['lead', 'owner']).nullable().describe('Whose decision a pending request waits for'),
  priority: z.number().int(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.uuid().nullable(),
  decision: z.object({ rule: z.string().nullable(), note: z.string().nullable(), inputs: z.unknown(), policyVersion: z.number().int().nullable() }),
  reclaimNoticeAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});

export function presentLease(l: Lease): z.infer<typeof LeaseSchema> {
  return {
    id: l.id,
    personId: l.personId,
    personName: l.personName,
    personEmail: l.personEmail,
    departmentId: l.departmentId,
    departmentName: l.departmentName,
    tier: l.tier,
    startsAt: iso(l.startsAt),
    endsAt: iso(l.endsAt),
    requestedEndsAt: iso(l.requestedEndsAt),
    reason: l.reason,
    project: l.project,
    deadline: l.deadline,
    status: l.status,
    endReason: l.endReason,
    queue: l.queue,
    priority: l.priority,
    requestedAt: iso(l.requestedAt),
    decidedAt: isoOrNull(l.decidedAt),
    decidedBy: l.decidedBy,
    decision: { rule: l.decisionRule, note: l.decisionNote, inputs: l.decisionInputs ?? null, policyVersion: l.policyVersion },
    reclaimNoticeAt: isoOrNull(l.reclaimNoticeAt),
    startedAt: isoOrNull(l.startedAt),
    endedAt: isoOrNull(l.endedAt),
  };
}

export const ExtensionSchema = z.object({
  id: z.uuid(),
  leaseId: z.uuid(),
  newEndsAt: z.string(),
  reason: z.string(),
  status: z.enum(['requested', 'approved', 'denied']),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionRule: z.string().nullable(),
  decisionNote: z.string().nullable(),
});

export const presentExtension = (e: LeaseExtension): z.infer<typeof ExtensionSchema> => ({
  id: e.id, leaseId: e.leaseId, newEndsAt: iso(e.newEndsAt), reason: e.reason, status: e.status, requestedAt: iso(e.requestedAt), decidedAt: isoOrNull(e.decidedAt), decisionRule: e.decisionRule, decisionNote: e.decisionNote,
});

export const QueueItemSchema = z.object({
  lease: LeaseSchema,
  extensions: z.array(ExtensionSchema),
  impact: z.object({
    fits: z.boolean(),
    isBorrowing: z.boolean(),
    reason: z.string().nullable(),
    nominal: z.number().int(),
    usedAtStart: z.number().int(),
    monthlyBudget: z.string().nullable(),
    projectedMonthlySpend: z.string(),
    addedCost: z.string(),
  }),
});

export const presentQueueItem = (q: QueueItem): z.infer<typeof QueueItemSchema> => ({
  lease: presentLease(q.lease),
  extensions: q.extensions.map(presentExtension),
  impact: {
    fits: q.impact.fits,
    isBorrowing: q.impact.isBorrowing,
    reason: q.impact.reason,
    nominal: q.impact.nominal,
    usedAtStart: q.impact.usedAtStart,
    monthlyBudget: q.impact.monthlyBudgetCents === null ? null : centsToDecimal(q.impact.monthlyBudgetCents),
    projectedMonthlySpend: centsToDecimal(q.impact.projectedCents),
    addedCost: centsToDecimal(q.impact.addedCostCents),
  },
});
