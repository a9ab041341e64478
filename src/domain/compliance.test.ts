import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.ts';
import { buildComplianceReport, DEFAULT_RULE, evaluateAll, evaluateParticipation, tenureBandOf, type ComplianceFacts, type ParticipationRule, type ReportAttributes } from './compliance.ts';

const RULE: ParticipationRule = { ...DEFAULT_RULE, isEnabled: true, requiredCount: 1, windowDays: 91, graceDays: 14, effectiveFrom: '2026-01-01' };
const ASOF = '2026-11-27';
const facts = (over: Partial<ComplianceFacts> = {}): ComplianceFacts => ({ personId: 'p1', tier: 'premium', isPermanent: true, tierSince: '2025-06-01', contributionDays: [], exemption: null, ...over });

describe('evaluateParticipation', () => {
  it('counts a contribution on the last day of the window and not the day before it', () => {
    expect(evaluateParticipation(RULE, facts({ contributionDays: [addDays(ASOF, -90)] }), ASOF).status).toBe('compliant');
    expect(evaluateParticipation(RULE, facts({ contributionDays: [addDays(ASOF, -91)] }), ASOF).status).toBe('out_of_compliance');
  });

  it('is out of compliance only after a full window plus grace since the person became subject', () => {
    const since = addDays(ASOF, -(91 + 14));
    expect(evaluateParticipation(RULE, facts({ tierSince: since }), ASOF)).toMatchObject({ status: 'due', dueBy: ASOF });
    expect(evaluateParticipation(RULE, facts({ tierSince: addDays(since, -1) }), ASOF).status).toBe('out_of_compliance');
  });

  it('measures nobody before the rule came into force', () => {
    const rule = { ...RULE, effectiveFrom: addDays(ASOF, -30) };
    expect(evaluateParticipation(rule, facts({ tierSince: '2020-01-01' }), ASOF)).toMatchObject({ status: 'due', dueBy: addDays(ASOF, 75) });
  });

  it('covers permanent premium holders only, unless the rule covers every premium holder', () => {
    expect(evaluateParticipation(RULE, facts({ isPermanent: false }), ASOF).status).toBe('not_subject');
    expect(evaluateParticipation(RULE, facts({ tier: 'standard', isPermanent: false }), ASOF).status).toBe('not_subject');
    expect(evaluateParticipation({ ...RULE, appliesTo: 'premium' }, facts({ isPermanent: false }), ASOF).status).toBe('out_of_compliance');
  });

  it('applies nothing while the rule is off', () => {
    expect(evaluateParticipation({ ...RULE, isEnabled: false }, facts(), ASOF)).toMatchObject({ status: 'not_subject', explanation: 'The rule is off' });
  });

  it('honours an exemption with its reason until it lapses', () => {
    const exemption = { reason: 'On a customer site without internet', validUntil: ASOF };
    expect(evaluateParticipation(RULE, facts({ exemption }), ASOF)).toMatchObject({ status: 'exempt', explanation: 'Exempt: On a customer site without internet' });
    expect(evaluateParticipation(RULE, facts({ exemption }), addDays(ASOF, 1)).status).toBe('out_of_compliance');
  });

  it('needs the required count, not just one', () => {
    const rule = { ...RULE, requiredCount: 2 };
    expect(evaluateParticipation(rule, facts({ contributionDays: [ASOF] }), ASOF)).toMatchObject({ status: 'out_of_compliance', count: 1, required: 2 });
    expect(evaluateParticipation(rule, facts({ contributionDays: [ASOF, addDays(ASOF, -3)] }), ASOF).status).toBe('compliant');
  });
});

describe('tenureBandOf', () => {
  it('bands by whole years with boundaries on the anniversary', () => {
    expect(tenureBandOf(null, ASOF)).toBe('unknown');
    expect(tenureBandOf('2026-01-01', ASOF)).toBe('< 1 year');
    expect(tenureBandOf('2025-11-26', ASOF)).toBe('1–3 years');
    expect(tenureBandOf('2010-01-01', ASOF)).toBe('7+ years');
  });
});

describe('buildComplianceReport', () => {
  it('groups the same outcomes by tenure band, job family and department, measuring only people past grace', () => {
    const people = [facts({ personId: 'a', contributionDays: [ASOF] }), facts({ personId: 'b' }), facts({ personId: 'c', tierSince: addDays(ASOF, -5) }), facts({ personId: 'd', exemption: { reason: 'Parental leave until March', validUntil: null } }), facts({ personId: 'e', tier: 'standard' })];
    const attrs: ReportAttributes[] = [
      { personId: 'a', departmentName: 'Software', jobFamily: 'software_engineer', employmentStartDate: '2024-01-01' },
      { personId: 'b', departmentName: 'Software', jobFamily: 'software_engineer', employmentStartDate: '2012-01-01' },
      { personId: 'c', departmentName: 'Embedded', jobFamily: 'embedded_engineer', employmentStartDate: null },
      { personId: 'd', departmentName: 'Embedded', jobFamily: 'embedded_engineer', employmentStartDate: '2024-03-01' },
      { personId: 'e', departmentName: 'Embedded', jobFamily: 'embedded_engineer', employmentStartDate: '2024-03-01' },
    ];
    const report = buildComplianceReport(evaluateAll(RULE, people, ASOF), attrs, ASOF);
    expect(report.totals).toMatchObject({ subject: 4, compliant: 1, exempt: 1, due: 1, outOfCompliance: 1, rate: 0.667 });
    expect(report.byDepartment.map((g) => [g.group, g.rate])).toEqual([['Embedded', 1], ['Software', 0.5]]);
    expect(report.byTenureBand.map((g) => g.group)).toEqual(['1–3 years', '7+ years', 'unknown']);
    expect(report.byTenureBand.find((g) => g.group === 'unknown')).toMatchObject({ subject: 1, due: 1, rate: null });
  });
});

const day = fc.integer({ min: 0, max: 900 }).map((n) => addDays('2024-06-01', n));
const factsArb = fc.record({
  personId: fc.uuid(),
  tier: fc.constantFrom('premium', 'standard', null),
  isPermanent: fc.boolean(),
  tierSince: day,
  contributionDays: fc.array(day, { maxLength: 6 }),
  exemption: fc.option(fc.record({ reason: fc.constant('A documented reason'), validUntil: fc.option(day, { nil: null }) }), { nil: null }),
});

describe('uniformity (property)', () => {
  it('gives a person the same outcome whoever else is evaluated and in whatever order', () => {
    fc.assert(fc.property(fc.array(factsArb, { minLength: 1, maxLength: 12 }), day, fc.integer(), (people, asOf, seed) => {
      const single = people.map((p) => evaluateParticipation(RULE, p, asOf));
      const shuffled = [...people].map((p, i) => ({ p, k: (i * 7919 + seed) % 101 })).sort((x, y) => x.k - y.k).map((x) => x.p);
      const all = new Map(evaluateAll(RULE, shuffled, asOf).map((o) => [o.personId, o]));
      single.forEach((o) => expect(all.get(o.personId)).toEqual(o));
    }));
  });

  it('report attributes (tenure, job family, department) never change an outcome; regrouping keeps the totals', () => {
    fc.assert(fc.property(fc.array(factsArb, { minLength: 1, maxLength: 12 }), day, fc.array(fc.option(day, { nil: null }), { minLength: 12, maxLength: 12 }), (people, asOf, starts) => {
      const outcomes = evaluateAll(RULE, people, asOf);
      const attrsA = people.map((p, i) => ({ personId: p.personId, departmentName: 'D', jobFamily: 'x', employmentStartDate: starts[i] ?? null }));
      const attrsB = people.map((p, i) => ({ personId: p.personId, departmentName: 'D', jobFamily: 'x', employmentStartDate: starts[(i + 1) % starts.length] ?? null }));
      const a = buildComplianceReport(outcomes, attrsA, asOf);
      const b = buildComplianceReport(outcomes, attrsB, asOf);
      expect(a.totals).toEqual(b.totals);
      const sum = (g: readonly { subject: number }[]) => g.reduce((s, x) => s + x.subject, 0);
      expect(sum(a.byTenureBand)).toBe(a.totals.subject);
      expect(sum(b.byTenureBand)).toBe(b.totals.subject);
    }));
  });

  it('more contributions never make an outcome worse', () => {
    const rank = { not_subject: 0, exempt: 0, compliant: 0, due: 1, out_of_compliance: 2 } as const;
    fc.assert(fc.property(factsArb, day, day, (f, extra, asOf) => {
      const before = evaluateParticipation(RULE, f, asOf);
      const after = evaluateParticipation(RULE, { ...f, contributionDays: [...f.contributionDays, extra] }, asOf);
      expect(rank[after.status]).toBeLessThanOrEqual(rank[before.status]);
    }));
  });
});
