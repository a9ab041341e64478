import { addDays, toDay } from '../../domain/dates.ts';
import { buildComplianceReport, DEFAULT_RULE, evaluateAll, type ComplianceFacts, type ComplianceOutcome, type ComplianceReport, type ParticipationRule } from '../../domain/compliance.ts';
import { AppError } from '../../errors.ts';
import type { ComplianceSubjectRow, ExemptionRow, ParticipationRuleRow } from '../../db/repositories/governance.repository.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

export type RuleSettings = Readonly<Omit<ParticipationRule, 'kind'>>;

export type RuleView = ParticipationRule & Readonly<{ id: string | null; updatedAt: Date | null }>;

function toRule(row: ParticipationRuleRow | undefined): RuleView {
  if (!row) return { ...DEFAULT_RULE, id: null, updatedAt: null };
  return { kind: row.kind, appliesTo: row.appliesTo, isEnabled: row.isEnabled, requiredCount: row.requiredCount, windowDays: row.windowDays, graceDays: row.graceDays, effectiveFrom: row.effectiveFrom, id: row.id, updatedAt: row.updatedAt };
}

/** The organization's participation rule (the default, switched off, until an admin sets one). */
export async function getParticipationRule(ctx: AppContext, actor: Actor): Promise<RuleView> {
  return toRule(await ctx.repos.governance.findRule(actor.orgId));
}

/** Turns the rule on or off and sets its terms; the change is audited with before and after. */
export async function setParticipationRule(ctx: AppContext, actor: Actor, input: RuleSettings): Promise<RuleView> {
  await ctx.transaction(async (repos) => {
    await repos.governance.lockRule(actor.orgId);
    const before = toRule(await repos.governance.findRule(actor.orgId));
    const id = await repos.governance.upsertRule(actor.orgId, { kind: 'share_use_case', ...input, updatedBy: actor.kind === 'person' ? actor.personId : null }, ctx.now());
    const { id: _i, updatedAt: _u, ...was } = before;
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'compliance.rule_set', entityType: 'participation_rule', entityId: id, before: was, after: { kind: 'share_use_case', ...input } });
  });
  return getParticipationRule(ctx, actor);
}

export type PersonCompliance = ComplianceOutcome & Readonly<{ name: string; email: string; departmentName: string | null; jobFamily: string }>;

export type ComplianceEvaluation = Readonly<{ asOf: string; rule: RuleView; subjects: readonly ComplianceSubjectRow[]; outcomes: readonly PersonCompliance[] }>;

/** Loads the facts the rule may read (tier held and since when, shares, exemption) and evaluates everyone. */
export async function evaluateCompliance(repos: Repositories, orgId: string, now: Date): Promise<ComplianceEvaluation> {
  const asOf = toDay(now);
  const rule = toRule(await repos.governance.findRule(orgId));
  const [subjects, contributions, exemptions] = await Promise.all([
    repos.governance.listComplianceSubjects(orgId, now),
    repos.governance.contributionDays(orgId, addDays(asOf, -rule.windowDays)),
    repos.governance.listExemptions(orgId, { isActiveOnly: true }),
  ]);
  const exemptionOf = new Map(exemptions.filter((e) => e.ruleId === rule.id).map((e) => [e.personId, { reason: e.reason, validUntil: e.validUntil }]));
  const facts: ComplianceFacts[] = subjects.map((s) => ({
    personId: s.personId,
    tier: s.tier,
    isPermanent: s.tier !== null && s.leaseId === null,
    tierSince: s.tierFrom ? toDay(s.tierFrom) : asOf,
    contributionDays: contributions.get(s.personId) ?? [],
    exemption: exemptionOf.get(s.personId) ?? null,
  }));
  const byId = new Map(subjects.map((s) => [s.personId, s]));
  const outcomes = evaluateAll(rule, facts, asOf).map((o) => {
    const s = byId.get(o.personId)!;
    return { ...o, name: s.name, email: s.email, departmentName: s.departmentName, jobFamily: s.jobFamily };
  });
  return { asOf, rule, subjects, outcomes };
}

export type ComplianceReportView = Readonly<{ rule: RuleView; report: ComplianceReport; people: readonly PersonCompliance[]; exemptions: readonly ExemptionRow[] }>;

/**
 * The compliance report: rates by tenure band, job family and department (the same computation for
 * every group), everyone the rule covers with their standing, and every exemption with its reason.
 */
export async function getComplianceReport(ctx: AppContext, actor: Actor): Promise<ComplianceReportView> {
  const evaluation = await evaluateCompliance(ctx.repos, actor.orgId, ctx.now());
  const report = buildComplianceReport(evaluation.outcomes, evaluation.subjects.map((s) => ({ personId: s.personId, departmentName: s.departmentName, jobFamily: s.jobFamily, employmentStartDate: s.employmentStartDate })), evaluation.asOf);
  const order = { out_of_compliance: 0, due: 1, exempt: 2, compliant: 3, not_subject: 4 } as const;
  const people = evaluation.outcomes.filter((o) => o.status !== 'not_subject').sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name));
  return { rule: evaluation.rule, report, people, exemptions: await ctx.repos.governance.listExemptions(actor.orgId) };
}

/**
 * Exempts one person from the rule. A reason is required (10+ characters); the exemption is audited
 * and listed in the report for everyone who reads it. There is no exemption by title, role or tenure.
 */
export async function grantExemption(ctx: AppContext, actor: Actor, input: { personId: string; reason: string; validUntil?: string | null }): Promise<ExemptionRow> {
  const reason = input.reason.trim();
  if (reason.length < 10) throw new AppError('VALIDATION_FAILED', { message: 'An exemption needs a reason of at least 10 characters', details: [{ path: 'body.reason', message: 'is required (at least 10 characters) and is shown in the compliance report' }] });
  if (input.validUntil && input.validUntil < toDay(ctx.now())) throw new AppError('VALIDATION_FAILED', { message: 'An exemption cannot end in the past', details: [{ path: 'body.validUntil', message: 'must be today or later' }] });
  const id = await ctx.transaction(async (repos) => {
    await repos.governance.lockRule(actor.orgId);
    const rule = await repos.governance.findRule(actor.orgId);
    if (!rule) throw new AppError('CONFLICT', { message: 'Set up the participation rule before granting exemptions from it' });
    const person = await repos.people.findById(actor.orgId, input.personId, ctx.now());
    if (!person || person.status !== 'active') throw new AppError('VALIDATION_FAILED', { message: `No active person ${input.personId}`, details: [{ path: 'body.personId', message: 'no such active person' }] });
    const active = (await repos.governance.listExemptions(actor.orgId, { isActiveOnly: true })).find((e) => e.personId === person.id && e.ruleId === rule.id);
    if (active) throw new AppError('CONFLICT', { message: `${person.name} is already exempt (${active.reason}); revoke that exemption first` });
    const exemptionId = await repos.governance.insertExemption(actor.orgId, { ruleId: rule.id, personId: person.id, reason, validUntil: input.validUntil ?? null, grantedBy: actor.kind === 'person' ? actor.personId : null, createdAt: ctx.now() });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'compliance.exemption_granted', entityType: 'compliance_exemption', entityId: exemptionId, after: { personId: person.id, ruleId: rule.id, validUntil: input.validUntil ?? null }, reason });
    return exemptionId;
  });
  return (await ctx.repos.governance.listExemptions(actor.orgId)).find((e) => e.id === id)!;
}

/** Ends an exemption early, with a reason (audited). */
export async function revokeExemption(ctx: AppContext, actor: Actor, input: { exemptionId: string; reason: string }): Promise<ExemptionRow> {
  if (input.reason.trim().length < 3) throw new AppError('VALIDATION_FAILED', { message: 'Say why the exemption ends', details: [{ path: 'body.reason', message: 'is required' }] });
  await ctx.transaction(async (repos) => {
    const ok = await repos.governance.revokeExemption(actor.orgId, input.exemptionId, { revokedBy: actor.kind === 'person' ? actor.personId : null, reason: input.reason.trim(), at: ctx.now() });
    if (!ok) throw new AppError('NOT_FOUND', { message: `No active exemption ${input.exemptionId}` });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'compliance.exemption_revoked', entityType: 'compliance_exemption', entityId: input.exemptionId, reason: input.reason.trim() });
  });
  return (await ctx.repos.governance.listExemptions(actor.orgId)).find((e) => e.id === input.exemptionId)!;
}
