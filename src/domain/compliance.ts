import { TENURE_BANDS, tenureBandOf } from './tenure.ts';
import { addDays } from './dates.ts';

/**
 * Uniform participation rules. When an organization turns a rule on (e.g. "share one use case per
 * quarter to keep a permanent premium seat"), it applies to every person holding that tier. The
 * evaluation input deliberately carries no title, role, tenure or employment date: nothing about who a
 * person is can change their outcome, only what they hold and what they did. The one way out is an
 * individual exemption, which must carry a reason and is listed in the report.
 */
export type ParticipationRuleKind = 'share_use_case';
export type RuleScope = 'permanent_premium' | 'premium';

export type ParticipationRule = Readonly<{
  kind: ParticipationRuleKind;
  appliesTo: RuleScope;
  isEnabled: boolean;
  /** Use cases to share within every rolling window. */
  requiredCount: number;
  windowDays: number;
  /** Extra days after a person's first full window before a shortfall counts. */
  graceDays: number;
  /** No one is measured before the rule came into force. */
  effectiveFrom: string;
}>;

export const DEFAULT_RULE: ParticipationRule = { kind: 'share_use_case', appliesTo: 'permanent_premium', isEnabled: false, requiredCount: 1, windowDays: 91, graceDays: 14, effectiveFrom: '2026-01-01' };

/** What a person holds and did: the only facts a rule may read. */
export type ComplianceFacts = Readonly<{
  personId: string;
  /** The tier held now ('premium', 'standard' or null), and whether premium is permanent (not a lease). */
  tier: string | null;
  isPermanent: boolean;
  /** The day the current tier interval began. */
  tierSince: string;
  /** Days on which the person shared use cases (one entry per use case). */
  contributionDays: readonly string[];
  exemption: Readonly<{ reason: string; validUntil: string | null }> | null;
}>;

export type ComplianceStatus = 'not_subject' | 'compliant' | 'exempt' | 'due' | 'out_of_compliance';

export type ComplianceOutcome = Readonly<{
  personId: string;
  status: ComplianceStatus;
  /** Contributions inside the current window. */
  count: number;
  required: number;
  /** For 'due': the last day to meet the rule before the shortfall counts. */
  dueBy: string | null;
  explanation: string;
}>;

/** True when the person falls under the rule's scope. */
export function isSubject(rule: ParticipationRule, facts: Pick<ComplianceFacts, 'tier' | 'isPermanent'>): boolean {
  if (facts.tier !== 'premium') return false;
  return rule.appliesTo === 'premium' || facts.isPermanent;
}

/**
 * One person's standing under a rule on day `asOf`. Rolling window: compliant when at least
 * `requiredCount` contributions fall in (asOf − windowDays, asOf]. A shortfall counts only once the
 * person has been subject for a full window plus the grace period (subject since = the later of the
 * rule's start and the day they began holding the tier).
 */
export function evaluateParticipation(rule: ParticipationRule, facts: ComplianceFacts, asOf: string): ComplianceOutcome {
  const base = { personId: facts.personId, required: rule.requiredCount };
  const windowStart = addDays(asOf, -rule.windowDays);
  const count = facts.contributionDays.filter((d) => d > windowStart && d <= asOf).length;
  if (!rule.isEnabled || !isSubject(rule, facts)) return { ...base, status: 'not_subject', count, dueBy: null, explanation: rule.isEnabled ? 'Does not hold the tier the rule covers' : 'The rule is off' };
  if (facts.exemption && (facts.exemption.validUntil === null || facts.exemption.validUntil >= asOf)) {
    return { ...base, status: 'exempt', count, dueBy: null, explanation: `Exempt: ${facts.exemption.reason}` };
  }
  if (count >= rule.requiredCount) return { ...base, status: 'compliant', count, dueBy: null, explanation: `Shared ${count} of ${rule.requiredCount} in the last ${rule.windowDays} days` };
  const subjectSince = facts.tierSince > rule.effectiveFrom ? facts.tierSince : rule.effectiveFrom;
  const dueBy = addDays(subjectSince, rule.windowDays + rule.graceDays);
  if (asOf <= dueBy) return { ...base, status: 'due', count, dueBy, explanation: `Shared ${count} of ${rule.requiredCount}; due by ${dueBy}` };
  return { ...base, status: 'out_of_compliance', count, dueBy: null, explanation: `Shared ${count} of ${rule.requiredCount} in the last ${rule.windowDays} days (grace ended ${dueBy})` };
}

/** Evaluates everyone with the same rule and day: one function, one code path, for every person. */
export function evaluateAll(rule: ParticipationRule, people: readonly ComplianceFacts[], asOf: string): ComplianceOutcome[] {
  return people.map((p) => evaluateParticipation(rule, p, asOf));
}

export { TENURE_BANDS, tenureBandOf, type TenureBand } from './tenure.ts';

/** Who a person is, for grouping the report; joined to outcomes after they are decided. */
export type ReportAttributes = Readonly<{ personId: string; departmentName: string | null; jobFamily: string; employmentStartDate: string | null }>;

export type GroupRate = Readonly<{ group: string; subject: number; compliant: number; exempt: number; due: number; outOfCompliance: number; rate: number | null }>;

export type ComplianceReport = Readonly<{
  asOf: string;
  totals: GroupRate;
  byTenureBand: readonly GroupRate[];
  byJobFamily: readonly GroupRate[];
  byDepartment: readonly GroupRate[];
}>;

function rateOf(group: string, outcomes: readonly ComplianceOutcome[]): GroupRate {
  const subject = outcomes.filter((o) => o.status !== 'not_subject');
  const n = (s: ComplianceStatus) => subject.filter((o) => o.status === s).length;
  const compliant = n('compliant');
  const exempt = n('exempt');
  const due = n('due');
  const outOfCompliance = n('out_of_compliance');
  // Rate = met the rule (or exempt) among those measured; people still inside their grace period are not measured yet.
  const measured = compliant + exempt + outOfCompliance;
  return { group, subject: subject.length, compliant, exempt, due, outOfCompliance, rate: measured === 0 ? null : Math.round(((compliant + exempt) / measured) * 1000) / 1000 };
}

function groupBy(outcomes: readonly ComplianceOutcome[], key: (o: ComplianceOutcome) => string, order?: readonly string[]): GroupRate[] {
  const groups = new Map<string, ComplianceOutcome[]>();
  for (const o of outcomes) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
  const names = order ? order.filter((g) => groups.has(g)) : [...groups.keys()].sort();
  return names.map((g) => rateOf(g, groups.get(g)!)).filter((g) => g.subject > 0);
}

/** Rates by tenure band, job family and department, computed identically for every group. */
export function buildComplianceReport(outcomes: readonly ComplianceOutcome[], attributes: readonly ReportAttributes[], asOf: string): ComplianceReport {
  const byId = new Map(attributes.map((a) => [a.personId, a]));
  const attr = (o: ComplianceOutcome) => byId.get(o.personId);
  return {
    asOf,
    totals: rateOf('everyone', outcomes),
    byTenureBand: groupBy(outcomes, (o) => tenureBandOf(attr(o)?.employmentStartDate ?? null, asOf), TENURE_BANDS),
    byJobFamily: groupBy(outcomes, (o) => attr(o)?.jobFamily ?? 'unknown'),
    byDepartment: groupBy(outcomes, (o) => attr(o)?.departmentName ?? 'No department'),
  };
}
