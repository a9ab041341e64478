import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditFairness,
  chiSquareTest,
  coveredDays,
  fisherExactTest,
  fourFifthsRatio,
  giniCoefficient,
  hypergeometricProbability,
  jainIndex,
  logFactorial,
  tenureBandOf,
  type FairnessSubject,
  type Table2x2,
} from './fairness.ts';

/** Brute force: enumerate every table with the observed margins and sum exact binomial products. */
function bruteForceFisher({ a, b, c, d }: Table2x2): number {
  const choose = (n: number, k: number): number => {
    let r = 1;
    for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
    return r;
  };
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const prob = (x: number) => (choose(row1, x) * choose(n - row1, col1 - x)) / choose(n, col1);
  const observed = prob(a);
  let p = 0;
  for (let x = Math.max(0, col1 - (n - row1)); x <= Math.min(row1, col1); x++) if (prob(x) <= observed * (1 + 1e-7)) p += prob(x);
  return p;
}

const smallTable = fc.record({ a: fc.nat(12), b: fc.nat(12), c: fc.nat(12), d: fc.nat(12) });

describe('Fisher exact test', () => {
  it('matches the lady-tasting-tea example: [[3,1],[1,3]] gives p = 0.4857', () => {
    expect(fisherExactTest({ a: 3, b: 1, c: 1, d: 3 })).toBeCloseTo(0.485714, 5);
  });

  it('matches the textbook dieting example: [[1,9],[11,3]] gives two-sided p = 0.00276', () => {
    expect(fisherExactTest({ a: 1, b: 9, c: 11, d: 3 })).toBeCloseTo(0.0027594, 6);
  });

  it('gives 1 for an empty table and for a table with no association possible', () => {
    expect(fisherExactTest({ a: 0, b: 0, c: 0, d: 0 })).toBe(1);
    expect(fisherExactTest({ a: 5, b: 0, c: 5, d: 0 })).toBe(1);
  });

  it('is a probability in [0, 1] for any table', () => {
    fc.assert(fc.property(fc.record({ a: fc.nat(200), b: fc.nat(200), c: fc.nat(200), d: fc.nat(200) }), (t) => {
      const p = fisherExactTest(t);
      return p >= 0 && p <= 1;
    }));
  });

  it('is symmetric under swapping rows, swapping columns and transposing', () => {
    fc.assert(fc.property(smallTable, (t) => {
      const p = fisherExactTest(t);
      const close = (q: number) => Math.abs(p - q) < 1e-9;
      return close(fisherExactTest({ a: t.c, b: t.d, c: t.a, d: t.b })) && close(fisherExactTest({ a: t.b, b: t.a, c: t.d, d: t.c })) && close(fisherExactTest({ a: t.a, b: t.c, c: t.b, d: t.d }));
    }));
  });

  it('agrees with a brute-force hypergeometric sum on small tables', () => {
    fc.assert(fc.property(smallTable, (t) => Math.abs(fisherExactTest(t) - bruteForceFisher(t)) < 1e-9));
  });

  it('computes table probabilities that sum to 1 over every table with the same margins', () => {
    fc.assert(fc.property(smallTable, ({ a, b, c, d }) => {
      const row1 = a + b, col1 = a + c, n = a + b + c + d;
      let total = 0;
      for (let x = Math.max(0, col1 - (n - row1)); x <= Math.min(row1, col1); x++) total += hypergeometricProbability({ a: x, b: row1 - x, c: col1 - x, d: n - row1 - col1 + x });
      return Math.abs(total - 1) < 1e-9;
    }));
  });

  it('computes log-factorials exactly for small n', () => {
    expect(logFactorial(0)).toBe(0);
    expect(Math.exp(logFactorial(10))).toBeCloseTo(3_628_800, 3);
    expect(() => logFactorial(-1)).toThrow(RangeError);
  });
});

describe('chi-square test', () => {
  it('gives p = 0.05 at the 5% critical value for one degree of freedom', () => {
    // [[30, 20], [20, 30]]: statistic 4.0, p = 0.0455.
    const r = chiSquareTest([[30, 20], [20, 30]])!;
    expect(r.statistic).toBeCloseTo(4, 9);
    expect(r.degreesOfFreedom).toBe(1);
    expect(r.pValue).toBeCloseTo(0.0455, 4);
    expect(r.isSmallSample).toBe(false);
  });

  it('warns about small samples when an expected count is below 5', () => {
    const r = chiSquareTest([[3, 1], [1, 3]])!;
    expect(r.isSmallSample).toBe(true);
    expect(r.minExpected).toBe(2);
  });

  it('handles several groups (df = groups − 1) and drops empty rows', () => {
    const r = chiSquareTest([[10, 10], [10, 10], [0, 0], [10, 10]])!;
    expect(r.degreesOfFreedom).toBe(2);
    expect(r.statistic).toBeCloseTo(0, 12);
    expect(r.pValue).toBeCloseTo(1, 9);
  });

  it('returns null when there is nothing to compare', () => {
    expect(chiSquareTest([[4, 0], [3, 0]])).toBeNull();
    expect(chiSquareTest([[4, 2]])).toBeNull();
  });

  it('always gives a p-value in [0, 1]', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(50)), { minLength: 2, maxLength: 6 }), (rows) => {
      const r = chiSquareTest(rows);
      return r === null || (r.pValue >= 0 && r.pValue <= 1);
    }));
  });
});

describe('four-fifths ratio', () => {
  it('is the lowest rate over the highest', () => {
    expect(fourFifthsRatio([0.5, 0.8, 0.4])).toBeCloseTo(0.5, 12);
    expect(fourFifthsRatio([0.9, null, 0.9])).toBe(1);
  });

  it('is null with fewer than two rates or when nobody got anything', () => {
    expect(fourFifthsRatio([0.5])).toBeNull();
    expect(fourFifthsRatio([null, 0.3])).toBeNull();
    expect(fourFifthsRatio([0, 0])).toBeNull();
  });

  it('is invariant to group order and lies in [0, 1]', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 8 }), fc.nat(), (rates, seed) => {
      const shuffled = [...rates].sort((x, y) => ((x * 997 + seed) % 1) - ((y * 997 + seed) % 1));
      const r = fourFifthsRatio(rates);
      return r === fourFifthsRatio([...rates].reverse()) && r === fourFifthsRatio(shuffled) && (r === null || (r >= 0 && r <= 1));
    }));
  });
});

describe('Gini and Jain indexes', () => {
  it('Gini is 0 for equal shares and (n − 1)/n when one holds everything', () => {
    expect(giniCoefficient([3, 3, 3])).toBe(0);
    expect(giniCoefficient([0, 0, 9])).toBeCloseTo(2 / 3, 12);
    expect(giniCoefficient([])).toBe(0);
  });

  it('Jain is 1 for equal shares and 1/n when one holds everything', () => {
    expect(jainIndex([2, 2, 2, 2])).toBe(1);
    expect(jainIndex([0, 0, 0, 5])).toBeCloseTo(0.25, 12);
  });

  it('both stay in range and ignore order', () => {
    fc.assert(fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 30 }), (xs) => {
      const g = giniCoefficient(xs);
      const j = jainIndex(xs);
      const rev = [...xs].reverse();
      return g >= 0 && g < 1 && j >= 1 / xs.length - 1e-12 && j <= 1 + 1e-12 && Math.abs(g - giniCoefficient(rev)) < 1e-12 && Math.abs(j - jainIndex(rev)) < 1e-12;
    }));
  });
});

describe('tenure bands and covered days', () => {
  it('bands tenure by whole years, unknown without a start date', () => {
    expect(tenureBandOf('2026-06-01', '2026-11-27')).toBe('< 1 year');
    expect(tenureBandOf('2024-11-27', '2026-11-27')).toBe('1–3 years');
    expect(tenureBandOf('2020-01-01', '2026-11-27')).toBe('3–7 years');
    expect(tenureBandOf('2010-01-01', '2026-11-27')).toBe('7+ years');
    expect(tenureBandOf(null, '2026-11-27')).toBe('unknown');
  });

  it('counts days covered by overlapping intervals once, clipped to the window', () => {
    const window = { from: '2026-01-01', to: '2026-01-31' };
    expect(coveredDays([{ from: '2025-12-20', to: '2026-01-05' }, { from: '2026-01-03', to: '2026-01-10' }, { from: '2026-01-20', to: null }], window)).toBe(9 + 11);
    expect(coveredDays([], window)).toBe(0);
  });
});

const subject = (personId: string, department: string, needScore: number, premiumDays: number): FairnessSubject => ({
  personId,
  groups: { tenureBand: '1–3 years', jobFamily: department.toLowerCase(), department },
  needScore,
  premiumDays,
  observedDays: 84,
});

describe('auditFairness', () => {
  it('flags a department whose approval rate is below four-fifths of the best and keeps small groups flagged', () => {
    const subjects = [
      ...Array.from({ length: 6 }, (_, i) => subject(`a${i}`, 'Alpha', 0.6, i < 3 ? 84 : 0)),
      ...Array.from({ length: 6 }, (_, i) => subject(`b${i}`, 'Beta', 0.6, i < 1 ? 84 : 0)),
      ...Array.from({ length: 2 }, (_, i) => subject(`c${i}`, 'Gamma', 0.2, 0)),
    ];
    const requests = [
      ...['a0', 'a1', 'a2', 'a3'].map((personId) => ({ personId, outcome: 'approved' as const, waitHours: 2, leaseDays: 14 })),
      { personId: 'b0', outcome: 'approved' as const, waitHours: 30, leaseDays: 7 },
      ...['b1', 'b2', 'b3'].map((personId) => ({ personId, outcome: 'denied' as const, waitHours: 40, leaseDays: null })),
      { personId: 'c0', outcome: 'pending' as const, waitHours: null, leaseDays: null },
    ];
    const report = auditFairness({ subjects, requests });
    const department = report.dimensions.find((d) => d.dimension === 'department')!;
    const beta = department.rows.find((r) => r.group === 'Beta')!;
    const alpha = department.rows.find((r) => r.group === 'Alpha')!;
    const gamma = department.rows.find((r) => r.group === 'Gamma')!;
    expect(alpha.approvalRate).toBe(1);
    expect(beta.approvalRate).toBe(0.25);
    expect(beta.approvalRatio).toBe(0.25);
    expect(beta.flags.some((f) => f.includes('below four-fifths'))).toBe(true);
    expect(department.approvalFourFifths).toBe(0.25);
    expect(department.flags[0]).toContain('approval four-fifths ratio 0.25');
    expect(beta.meanWaitHours).toBeCloseTo((30 + 120) / 4, 9);
    expect(alpha.meanLeaseDays).toBe(14);
    expect(alpha.premiumShare).toBeCloseTo(0.5, 12);
    expect(alpha.premiumHolders).toBe(3);
    expect(gamma.isSmallSample).toBe(true);
    expect(gamma.pending).toBe(1);
    expect(gamma.approvalRate).toBeNull();
    expect(department.approvalChiSquare!.isSmallSample).toBe(true);
    expect(report.requests).toBe(9);
    expect(report.people).toBe(14);
    // Tenure band is the same for everyone: one group, nothing to compare.
    const tenure = report.dimensions.find((d) => d.dimension === 'tenureBand')!;
    expect(tenure.rows).toHaveLength(1);
    expect(tenure.approvalFourFifths).toBeNull();
  });

  it('gives the same rows whatever order people and requests come in', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ dept: fc.constantFrom('A', 'B', 'C'), need: fc.double({ min: 0, max: 1, noNaN: true }), days: fc.nat(84), outcome: fc.constantFrom('approved', 'denied', 'pending') as fc.Arbitrary<'approved' | 'denied' | 'pending'> }), { minLength: 1, maxLength: 30 }),
      (people) => {
        const subjects = people.map((p, i) => subject(`p${i}`, p.dept, p.need, p.days));
        const requests = people.map((p, i) => ({ personId: `p${i}`, outcome: p.outcome, waitHours: i, leaseDays: null }));
        const a = auditFairness({ subjects, requests });
        const b = auditFairness({ subjects: [...subjects].reverse(), requests: [...requests].reverse() });
        const strip = (r: typeof a) => JSON.stringify(r.dimensions.map((d) => ({ ...d, rows: d.rows.map((x) => ({ ...x, meanNeed: x.meanNeed.toFixed(9), premiumPerNeed: x.premiumPerNeed?.toFixed(9), premiumPerNeedRatio: x.premiumPerNeedRatio?.toFixed(9), meanWaitHours: x.meanWaitHours?.toFixed(9), premiumShare: x.premiumShare.toFixed(9) })) })).map((d) => ({ ...d, premiumPerNeedFourFifths: d.premiumPerNeedFourFifths?.toFixed(9), approvalChiSquare: null, premiumChiSquare: null, flags: d.flags.length })));
        return strip(a) === strip(b);
      },
    ));
  });
});
