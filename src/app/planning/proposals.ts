import { apportion } from '../../domain/apportionment.ts';
import { centsToDecimal, decimalToCents } from '../../domain/money.ts';
import { nextQuarterStart } from '../../domain/planning.ts';
import { hasAnyRole } from '../../domain/roles.ts';
import { toDay } from '../../domain/dates.ts';
import { AppError } from '../../errors.ts';
import type { QuotaProposalRow } from '../../db/repositories/planning.repository.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { listQuotas } from '../quotas/quotas.ts';
import { canManageDepartment, isOwner } from '../leases/scope.ts';
import { assertCanViewPlanning, getDepartmentPlanning, loadPlanningForecast, seesPeopleOf, type PlanningForecast } from './view.ts';

const personOf = (actor: Actor) => (actor.kind === 'person' ? actor.personId : null);

/** Proposals of a quarter (default: next). Leads see their own departments' proposals; others all. */
export async function listProposals(ctx: AppContext, actor: Actor, options: { quarterStart?: string } = {}): Promise<{ quarterStart: string; items: QuotaProposalRow[] }> {
  assertCanViewPlanning(actor);
  const quarterStart = options.quarterStart ?? nextQuarterStart(toDay(ctx.now()));
  const items = await ctx.repos.planning.listProposals(actor.orgId, { quarterStart });
  return { quarterStart, items: items.filter((p) => seesPeopleOf(actor, p.departmentId)) };
}

/**
 * Records the engine's proposal for a department's next quarter (recomputed from today's inputs) and,
 * when `adjust` is given, the lead's adjusted figures with their reason. Leads of the department,
 * admins and owners. One audit event.
 */
export async function submitProposal(ctx: AppContext, actor: Actor, departmentId: string, adjust?: { nominalPremium: number; monthlyBudget: string; reason: string }, options: { forecast?: PlanningForecast } = {}): Promise<QuotaProposalRow> {
  // Existence first: a department that does not exist is NOT_FOUND for everyone, whatever their scope.
  if (!(await ctx.repos.departments.findById(actor.orgId, departmentId))) throw new AppError('NOT_FOUND', { message: `No department ${departmentId}` });
  if (!canManageDepartment(actor, departmentId)) throw new AppError('FORBIDDEN', { message: "Only the department's lead, an admin or an owner can propose its quota" });
  if (adjust && adjust.reason.trim().length < 3) throw new AppError('VALIDATION_FAILED', { message: 'An adjusted proposal needs a reason', details: [{ path: 'body.reason', message: 'say why the proposal differs from the engine’s' }] });
  const view = await getDepartmentPlanning(ctx, actor, departmentId, options);
  return ctx.transaction(async (repos) => {
    const id = await repos.planning.upsertOpenProposal(actor.orgId, {
      departmentId,
      quarterStart: view.quarterStart,
      computedNominal: view.draft.nominalPremium,
      computedBudget: centsToDecimal(view.draft.monthlyBudgetCents),
      proposedNominal: view.draft.nominalPremium,
      proposedBudget: centsToDecimal(view.draft.monthlyBudgetCents),
      inputs: view.inputs,
      reasons: view.draft.reasons,
      beforeNominal: view.quota.nominalPremium,
      beforeBudget: view.quota.monthlyBudget,
      createdBy: personOf(actor),
    });
    if (adjust) await repos.planning.adjustProposal(actor.orgId, id, { proposedNominal: adjust.nominalPremium, proposedBudget: centsToDecimal(decimalToCents(adjust.monthlyBudget)), adjustedBy: personOf(actor), adjustedAt: ctx.now(), adjustReason: adjust.reason.trim() });
    const row = (await repos.planning.findProposal(actor.orgId, id))!;
    await repos.audit.append({
      orgId: actor.orgId,
      actor: auditActorOf(actor),
      action: adjust ? 'planning.proposal_adjusted' : 'planning.proposed',
      entityType: 'quota_proposal',
      entityId: id,
      before: { nominalPremium: view.quota.nominalPremium, monthlyBudget: view.quota.monthlyBudget },
      after: { quarterStart: row.quarterStart, computedNominal: row.computedNominal, computedBudget: row.computedBudget, proposedNominal: row.proposedNominal, proposedBudget: row.proposedBudget },
      reason: adjust?.reason ?? null,
    });
    return row;
  });
}

/** The engine's proposals for every department (admins and owners); existing lead adjustments are kept. */
export async function generateProposals(ctx: AppContext, actor: Actor): Promise<QuotaProposalRow[]> {
  if (actor.kind === 'person' && !hasAnyRole(actor.grants, ['primary_owner', 'owner', 'admin'])) throw new AppError('FORBIDDEN', { message: 'Only admins and owners generate proposals for every department' });
  const departments = await ctx.repos.departments.listWithStats(actor.orgId, ctx.now());
  // One forecast for the whole round (it covers every department).
  const forecast = await loadPlanningForecast(ctx, actor.orgId);
  const out: QuotaProposalRow[] = [];
  for (const d of departments) out.push(await submitProposal(ctx, actor, d.id, undefined, { forecast }));
  return out;
}

export type ProposalDecision = Readonly<{
  quarterStart: string;
  applied: boolean;
  capacity: number;
  seats: number;
  changes: ReadonlyArray<{ departmentId: string; departmentName: string; proposalId: string | null; decision: 'approved' | 'rejected' | 'unchanged'; beforeNominal: number; afterNominal: number; beforeBudget: string | null; afterBudget: string | null }>;
}>;

/**
 * The owner approves and rejects open proposals in one place. Approved quotas go through the
 * allocation engine's apportionment (Hamilton, weights = the approved quotas and every other
 * department's current quota): when they fit in the premium pool they apply exactly; when they exceed
 * it, the pool is divided in proportion. Without `apply` nothing is written (the diff preview). With it,
 * department_quotas, the proposals and the audit trail change in one transaction.
 */
export async function decideProposals(ctx: AppContext, actor: Actor, input: { approve: readonly string[]; reject: readonly string[]; note?: string | null; apply: boolean }): Promise<ProposalDecision> {
  if (!isOwner(actor)) throw new AppError('FORBIDDEN', { message: 'Only owners approve quota proposals' });
  const both = input.approve.filter((id) => input.reject.includes(id));
  if (both.length) throw new AppError('VALIDATION_FAILED', { message: `Proposal ${both[0]} is both approved and rejected`, details: both.map((id) => ({ path: 'body.reject', message: `${id} is also in approve` })) });
  if (input.approve.length + input.reject.length === 0) throw new AppError('VALIDATION_FAILED', { message: 'Name at least one proposal to approve or reject', details: [{ path: 'body.approve', message: 'empty' }] });
  const quarterStart = nextQuarterStart(toDay(ctx.now()));
  return ctx.transaction(async (repos) => {
    if (input.apply) await repos.allocation.lockQuotas(actor.orgId);
    await repos.planning.lockOpenProposals(actor.orgId, quarterStart);
    const named = [...input.approve, ...input.reject];
    const proposals = new Map<string, QuotaProposalRow>();
    for (const id of named) {
      const p = await repos.planning.findProposal(actor.orgId, id);
      if (!p) throw new AppError('NOT_FOUND', { message: `No quota proposal ${id}` });
      if (p.status !== 'proposed') throw new AppError('CONFLICT', { message: `Proposal ${id} (${p.departmentName}) is already ${p.status}` });
      proposals.set(id, p);
    }
    const approvedByDept = new Map([...input.approve].map((id) => [proposals.get(id)!.departmentId, proposals.get(id)!]));
    if (approvedByDept.size !== input.approve.length) throw new AppError('VALIDATION_FAILED', { message: 'Approve at most one proposal per department', details: [{ path: 'body.approve', message: 'two proposals of one department' }] });
    const { capacity, quotas } = await listQuotas({ ...ctx, repos }, actor.orgId);
    const weights = Object.fromEntries(quotas.map((q) => [q.departmentId, approvedByDept.get(q.departmentId)?.proposedNominal ?? q.nominalPremium]));
    const wanted = Object.values(weights).reduce((a, b) => a + b, 0);
    const seats = Math.min(wanted, capacity);
    const result = apportion({ method: 'hamilton', seats, weights });
    if (!result.ok) throw new AppError('VALIDATION_FAILED', { message: result.message, details: [{ path: 'body.approve', message: result.reason }] });
    const rejectedByDept = new Map(input.reject.map((id) => [proposals.get(id)!.departmentId, proposals.get(id)!]));
    const changes = quotas.map((q) => {
      const approved = approvedByDept.get(q.departmentId);
      const afterNominal = result.seats[q.departmentId] ?? 0;
      return {
        departmentId: q.departmentId,
        departmentName: q.departmentName,
        proposalId: approved?.id ?? rejectedByDept.get(q.departmentId)?.id ?? null,
        decision: approved ? ('approved' as const) : rejectedByDept.has(q.departmentId) ? ('rejected' as const) : ('unchanged' as const),
        beforeNominal: q.nominalPremium,
        afterNominal,
        beforeBudget: q.monthlyBudget,
        afterBudget: approved ? approved.proposedBudget : q.monthlyBudget,
        borrowingLimit: q.borrowingLimit,
        lendingLimit: q.lendingLimit,
      };
    });
    if (input.apply) {
      const decidedAt = ctx.now();
      for (const c of changes) {
        const isChanged = c.afterNominal !== c.beforeNominal || c.afterBudget !== c.beforeBudget;
        if (isChanged) {
          await repos.allocation.upsertQuota(actor.orgId, c.departmentId, { nominalPremium: c.afterNominal, borrowingLimit: c.borrowingLimit, lendingLimit: c.lendingLimit, monthlyBudget: c.afterBudget }, decidedAt);
          await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'quota.planned', entityType: 'department_quota', entityId: c.departmentId, before: { nominalPremium: c.beforeNominal, monthlyBudget: c.beforeBudget }, after: { nominalPremium: c.afterNominal, monthlyBudget: c.afterBudget, proposalId: c.proposalId, quarterStart }, reason: input.note ?? null });
        }
        if (c.decision !== 'unchanged' && c.proposalId) {
          await repos.planning.decideProposal(actor.orgId, c.proposalId, { status: c.decision, decidedBy: personOf(actor), decidedAt, decisionNote: input.note ?? null, beforeNominal: c.beforeNominal, beforeBudget: c.beforeBudget, afterNominal: c.decision === 'approved' ? c.afterNominal : null, afterBudget: c.decision === 'approved' ? c.afterBudget : null });
        }
      }
      await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'planning.decided', entityType: 'organization', entityId: actor.orgId, before: Object.fromEntries(changes.map((c) => [c.departmentName, { nominalPremium: c.beforeNominal, monthlyBudget: c.beforeBudget }])), after: { quarterStart, method: 'hamilton', seats, capacity, approved: [...input.approve], rejected: [...input.reject], quotas: Object.fromEntries(changes.map((c) => [c.departmentName, { nominalPremium: c.afterNominal, monthlyBudget: c.afterBudget }])) }, reason: input.note ?? null });
    }
    return { quarterStart, applied: input.apply, capacity, seats, changes: changes.map(({ borrowingLimit: _b, lendingLimit: _l, ...c }) => c) };
  });
}
