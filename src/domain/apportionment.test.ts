import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  APPORTIONMENT_METHODS,
  MAX_SEATS,
  apportion,
  compareCodePoints,
  exactQuotas,
  formatExact,
  type ApportionmentInput,
  type ApportionmentMethod,
} from './apportionment.ts';

type Computed = Exclude<ApportionmentMethod, 'manual'>;
const COMPUTED: Computed[] = ['hamilton', 'webster', 'huntington-hill', 'dhondt', 'adams'];
const DIVISOR: Computed[] = ['webster', 'huntington-hill', 'dhondt', 'adams'];

function seatsOf(input: ApportionmentInput): Record<string, number> {
  const r = apportion(input);
  if (!r.ok) throw new Error(`${r.reason}: ${r.message}`);
  return r.seats;
}

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

// Wikipedia's worked example (D'Hondt method / Sainte-Laguë method articles): 8 seats.
const WIKI_VOTES = { A: 100_000, B: 80_000, C: 30_000, D: 20_000 };

const name = fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== '');
const anyWeight = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 0, max: 10_000 }).map((k) => k / 100),
);
const weightsWith = (w: fc.Arbitrary<number>): fc.Arbitrary<Record<string, number>> =>
  fc
    .uniqueArray(fc.tuple(name, w), { minLength: 1, maxLength: 8, selector: (t) => t[0] })
    .filter((pairs) => pairs.some(([, x]) => x > 0))
    .map((pairs) => Object.fromEntries(pairs));
const anyWeights = weightsWith(anyWeight);
const intWeights = weightsWith(fc.integer({ min: 0, max: 100_000 }));
const method = fc.constantFrom(...COMPUTED);
const divisorMethod = fc.constantFrom(...DIVISOR);
const house = fc.integer({ min: 0, max: 120 });
const minimum = fc.constantFrom<0 | 1>(0, 1);
const positiveCount = (w: Record<string, number>): number => Object.values(w).filter((x) => x > 0).length;

describe('apportion — invariants (property-based)', () => {
  it('awards exactly the house size for every method, or refuses minimum 1 when there are fewer seats than positive-weight departments', () => {
    fc.assert(
      fc.property(method, anyWeights, house, minimum, (m, weights, seats, min) => {
        const r = apportion({ method: m, seats, weights, minimum: min });
        if (min === 1 && seats < positiveCount(weights)) {
          expect(r.ok === false && r.reason).toBe('MINIMUM_EXCEEDS_SEATS');
          return;
        }
        if (!r.ok) throw new Error(r.message);
        expect(sum(r.seats)).toBe(seats);
        expect(r.ranking).toHaveLength(seats);
        expect(Object.keys(r.seats).sort()).toEqual(Object.keys(weights).sort());
        for (const [d, w] of Object.entries(weights)) {
          if (w === 0) expect(r.seats[d]).toBe(0);
          if (w > 0 && min === 1) expect(r.seats[d]).toBeGreaterThanOrEqual(1);
          expect(r.ranking.filter((a) => a.department === d)).toHaveLength(r.seats[d]!);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('Hamilton satisfies the quota rule: every department gets floor or ceil of its exact quota w*N/W', () => {
    fc.assert(
      fc.property(intWeights, fc.integer({ min: 0, max: 500 }), (weights, seats) => {
        const got = seatsOf({ method: 'hamilton', seats, weights });
        const total = Object.values(weights).reduce((a, b) => a + BigInt(b), 0n);
        for (const [d, w] of Object.entries(weights)) {
          const num = BigInt(w) * BigInt(seats);
          const lower = num / total;
          const upper = num % total === 0n ? lower : lower + 1n;
          expect([lower, upper]).toContain(BigInt(got[d]!));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('divisor methods never lose a seat when the house grows by one (no Alabama paradox)', () => {
    fc.assert(
      fc.property(divisorMethod, anyWeights, house, minimum, (m, weights, seats, min) => {
        fc.pre(min === 0 || seats >= positiveCount(weights));
        const before = seatsOf({ method: m, seats, weights, minimum: min });
        const after = seatsOf({ method: m, seats: seats + 1, weights, minimum: min });
        for (const d of Object.keys(weights)) expect(after[d]!).toBeGreaterThanOrEqual(before[d]!);
      }),
      { numRuns: 400 },
    );
  });

  it("D'Hondt satisfies lower quota and Adams satisfies upper quota (exact check)", () => {
    fc.assert(
      fc.property(intWeights, fc.integer({ min: 0, max: 300 }), (weights, seats) => {
        const jefferson = seatsOf({ method: 'dhondt', seats, weights });
        const adams = seatsOf({ method: 'adams', seats, weights });
        const total = Object.values(weights).reduce((a, b) => a + BigInt(b), 0n);
        for (const [d, w] of Object.entries(weights)) {
          const num = BigInt(w) * BigInt(seats);
          expect(BigInt(jefferson[d]!) * total).toBeGreaterThanOrEqual((num / total) * total);
          expect(BigInt(adams[d]!) * total - num).toBeLessThan(total);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is independent of key insertion order: shuffling the weights object gives an identical result', () => {
    const shuffled = anyWeights.chain((weights) => {
      const entries = Object.entries(weights);
      return fc.tuple(fc.constant(weights), fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }));
    });
    fc.assert(
      fc.property(method, shuffled, house, minimum, (m, [weights, entries], seats, min) => {
        const a = apportion({ method: m, seats, weights, minimum: min });
        const b = apportion({ method: m, seats, weights: Object.fromEntries(entries), minimum: min });
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      }),
      { numRuns: 300 },
    );
  });

  it('uses exact decimal arithmetic: weights k/10 and k*7 give exactly the same result as k (ranking included)', () => {
    fc.assert(
      fc.property(method, intWeights, house, (m, weights, seats) => {
        const scaled = (f: (k: number) => number) => Object.fromEntries(Object.entries(weights).map(([d, k]) => [d, f(k)]));
        const base = JSON.stringify(apportion({ method: m, seats, weights }));
        expect(JSON.stringify(apportion({ method: m, seats, weights: scaled((k) => k / 10) }))).toBe(base);
        expect(JSON.stringify(apportion({ method: m, seats, weights: scaled((k) => k * 7) }))).toBe(base);
      }),
      { numRuns: 300 },
    );
  });

  it('Huntington–Hill and Adams already give every positive-weight department a first seat, so minimum 1 changes nothing when seats allow', () => {
    fc.assert(
      fc.property(fc.constantFrom<Computed>('huntington-hill', 'adams'), anyWeights, house, (m, weights, seats) => {
        fc.pre(seats >= positiveCount(weights));
        expect(seatsOf({ method: m, seats, weights, minimum: 1 })).toEqual(seatsOf({ method: m, seats, weights }));
      }),
    );
  });
});

describe('apportion — known examples', () => {
  it("reproduces Wikipedia's D'Hondt example: 8 seats → A 4, B 3, C 1, D 0, awarded A,B,A,B,A,C,B,A", () => {
    const r = apportion({ method: 'dhondt', seats: 8, weights: WIKI_VOTES });
    expect(r.ok && r.seats).toEqual({ A: 4, B: 3, C: 1, D: 0 });
    expect(r.ok && r.ranking.map((a) => a.department).join('')).toBe('ABABACBA');
  });

  it("reproduces Wikipedia's Sainte-Laguë example: 8 seats → A 3, B 3, C 1, D 1", () => {
    expect(seatsOf({ method: 'webster', seats: 8, weights: WIKI_VOTES })).toEqual({ A: 3, B: 3, C: 1, D: 1 });
  });

  it('Hamilton on the same votes: quotas 3.48, 2.78, 1.04, 0.70 → A 3, B 3, C 1, D 1', () => {
    expect(seatsOf({ method: 'hamilton', seats: 8, weights: WIKI_VOTES })).toEqual({ A: 3, B: 3, C: 1, D: 1 });
  });

  it('Huntington–Hill and Adams on the same votes give A 3, B 3, C 1, D 1 (hand-verified)', () => {
    // HH: 4 first seats, then 100000/√2=70711 A, 80000/√2=56569 B, 100000/√6=40825 A, 80000/√6=32660 B.
    expect(seatsOf({ method: 'huntington-hill', seats: 8, weights: WIKI_VOTES })).toEqual({ A: 3, B: 3, C: 1, D: 1 });
    expect(seatsOf({ method: 'adams', seats: 8, weights: WIKI_VOTES })).toEqual({ A: 3, B: 3, C: 1, D: 1 });
  });

  it('Huntington–Hill rounds a quota of 1.45 up (geometric mean √2 ≈ 1.414) where Webster rounds it down', () => {
    // Quotas 8.55 and 1.45. HH: B's second seat 145²/2 = 10512.5 beats A's ninth 855²/72 ≈ 10153.1.
    const weights = { A: 855, B: 145 };
    expect(seatsOf({ method: 'huntington-hill', seats: 10, weights })).toEqual({ A: 8, B: 2 });
    expect(seatsOf({ method: 'webster', seats: 10, weights })).toEqual({ A: 9, B: 1 });
    expect(seatsOf({ method: 'hamilton', seats: 10, weights })).toEqual({ A: 9, B: 1 });
    expect(seatsOf({ method: 'dhondt', seats: 10, weights })).toEqual({ A: 9, B: 1 });
    expect(seatsOf({ method: 'adams', seats: 10, weights })).toEqual({ A: 8, B: 2 });
  });

  it('Hamilton exhibits the Alabama paradox: {A 6, B 6, C 2} gives C 2 seats at house 10 but 1 at house 11', () => {
    // House 10: quotas 4.29, 4.29, 1.43 → floors 4,4,1, last seat to C (.43). House 11: 4.71, 4.71, 1.57 → A and B.
    const weights = { A: 6, B: 6, C: 2 };
    expect(seatsOf({ method: 'hamilton', seats: 10, weights })).toEqual({ A: 4, B: 4, C: 2 });
    expect(seatsOf({ method: 'hamilton', seats: 11, weights })).toEqual({ A: 5, B: 5, C: 1 });
    for (const m of DIVISOR) expect(seatsOf({ method: m, seats: 11, weights }).C).toBeGreaterThanOrEqual(seatsOf({ method: m, seats: 10, weights }).C!);
  });

  it('accepts non-integer planning scores, huge and tiny weights exactly', () => {
    expect(seatsOf({ method: 'hamilton', seats: 4, weights: { eng: 12.5, ops: 7.5 } })).toEqual({ eng: 3, ops: 1 }); // 2.5 vs 1.5 → larger weight
    expect(seatsOf({ method: 'dhondt', seats: 3, weights: { big: 1e21, tiny: 5e-324 } })).toEqual({ big: 3, tiny: 0 });
    expect(seatsOf({ method: 'webster', seats: 2, weights: { big: 1e21, tiny: 5e-324 }, minimum: 1 })).toEqual({ big: 1, tiny: 1 });
    for (const m of COMPUTED) {
      for (let n = 0; n <= 30; n++) {
        expect(seatsOf({ method: m, seats: n, weights: { a: 0.1, b: 0.2, c: 0.3 } })).toEqual(seatsOf({ method: m, seats: n, weights: { a: 1, b: 2, c: 3 } }));
      }
    }
  });
});

describe('apportion — deterministic tie-breaking', () => {
  it('equal priority and equal weight: the name first in code-point order wins, for every method', () => {
    for (const m of COMPUTED) expect(seatsOf({ method: m, seats: 1, weights: { b: 1, a: 1 } })).toEqual({ a: 1, b: 0 });
  });

  it('orders names by Unicode code point, not UTF-16 code unit (U+FF5E before U+1F600)', () => {
    expect(compareCodePoints('\uFF5E', '\u{1F600}')).toBeLessThan(0);
    expect('\u{1F600}' < '\uFF5E').toBe(true); // plain JS comparison would get this wrong
    expect(seatsOf({ method: 'dhondt', seats: 1, weights: { '\u{1F600}': 5, '\uFF5E': 5 } })).toEqual({ '\u{1F600}': 0, '\uFF5E': 1 });
  });

  it('equal priority, different weights: the larger weight wins (Hamilton equal remainders, Webster and D’Hondt equal quotients)', () => {
    expect(seatsOf({ method: 'hamilton', seats: 2, weights: { a: 1, z: 3 } })).toEqual({ a: 0, z: 2 }); // remainders .5 and .5
    expect(seatsOf({ method: 'webster', seats: 2, weights: { a: 1, z: 3 } })).toEqual({ a: 0, z: 2 }); // 1/0.5 = 3/1.5
    expect(seatsOf({ method: 'dhondt', seats: 2, weights: { a: 1, z: 2 } })).toEqual({ a: 0, z: 2 }); // 1/1 = 2/2
  });

  it('Huntington–Hill detects an exact tie that floating point misses: 1/√2 = 6/√72', () => {
    expect(1 / Math.sqrt(2)).not.toBe(6 / Math.sqrt(72));
    // A holds 1 seat, B holds 8: priorities tie exactly; the larger weight (B) takes seat 10.
    expect(seatsOf({ method: 'huntington-hill', seats: 9, weights: { A: 1, B: 6 } })).toEqual({ A: 1, B: 8 });
    expect(seatsOf({ method: 'huntington-hill', seats: 10, weights: { A: 1, B: 6 } })).toEqual({ A: 1, B: 9 });
    expect(seatsOf({ method: 'huntington-hill', seats: 11, weights: { A: 1, B: 6 } })).toEqual({ A: 2, B: 9 });
  });

  it('first seats under Adams and Huntington–Hill go to larger weights when there are fewer seats than departments', () => {
    expect(seatsOf({ method: 'adams', seats: 2, weights: { a: 1, b: 3, c: 2 } })).toEqual({ a: 0, b: 1, c: 1 });
    expect(seatsOf({ method: 'huntington-hill', seats: 2, weights: { a: 1, b: 3, c: 2 } })).toEqual({ a: 0, b: 1, c: 1 });
  });
});

describe('apportion — minimum 1', () => {
  it('guarantees each positive-weight department a seat and apportions the rest by the method', () => {
    const weights = { big: 1000, tiny: 1, idle: 0 };
    expect(seatsOf({ method: 'dhondt', seats: 5, weights })).toEqual({ big: 5, idle: 0, tiny: 0 });
    for (const m of COMPUTED) expect(seatsOf({ method: m, seats: 5, weights, minimum: 1 })).toEqual({ big: 4, idle: 0, tiny: 1 });
  });

  it('Hamilton pins departments below the minimum at 1 seat and re-apportions the rest among the others', () => {
    const r = apportion({ method: 'hamilton', seats: 5, weights: { A: 100, B: 1, C: 1 }, minimum: 1 });
    expect(r.ok && r.seats).toEqual({ A: 3, B: 1, C: 1 });
    expect(r.ok && r.ranking.filter((a) => a.basis === 'minimum').map((a) => a.department)).toEqual(['B', 'C']);
  });

  it('refuses with MINIMUM_EXCEEDS_SEATS when seats are fewer than positive-weight departments (zero weights not counted)', () => {
    const r = apportion({ method: 'webster', seats: 2, weights: { a: 1, b: 1, c: 1, z: 0 }, minimum: 1 });
    expect(r).toMatchObject({ ok: false, reason: 'MINIMUM_EXCEEDS_SEATS' });
    expect(r.ok || r.message).toContain('3 seats');
    expect(apportion({ method: 'webster', seats: 3, weights: { a: 1, b: 1, c: 1, z: 0 }, minimum: 1 }).ok).toBe(true);
  });
});

describe('apportion — manual', () => {
  const weights = { eng: 3, ops: 1, idle: 0 };
  it('accepts explicit seats that cover exactly the departments and sum to the house size', () => {
    const r = apportion({ method: 'manual', seats: 5, weights, manual: { ops: 2, eng: 3, idle: 0 } });
    expect(r.ok && r.seats).toEqual({ eng: 3, idle: 0, ops: 2 });
    expect(r.ok && r.ranking.every((a) => a.basis === 'manual')).toBe(true);
  });

  it.each([
    [{ eng: 3, ops: 1, idle: 0 }, 'MANUAL_SUM_MISMATCH', 'sum to 4'],
    [{ eng: 4, ops: 1 }, 'MANUAL_DEPARTMENTS_MISMATCH', 'missing "idle"'],
    [{ eng: 4, ops: 1, idle: 0, hr: 0 }, 'MANUAL_DEPARTMENTS_MISMATCH', 'unknown "hr"'],
    [{ eng: 4.5, ops: 0.5, idle: 0 }, 'INVALID_MANUAL', '"eng"'],
    [{ eng: 6, ops: -1, idle: 0 }, 'INVALID_MANUAL', '"ops"'],
    [undefined, 'INVALID_MANUAL', 'requires'],
  ])('rejects manual %j with %s', (manual, reason, text) => {
    const r = apportion({ method: 'manual', seats: 5, weights, manual });
    expect(r).toMatchObject({ ok: false, reason });
    expect(r.ok || r.message).toContain(text);
  });

  it('with minimum 1 rejects zero manual seats for a positive-weight department', () => {
    const r = apportion({ method: 'manual', seats: 5, weights, manual: { eng: 5, ops: 0, idle: 0 }, minimum: 1 });
    expect(r).toMatchObject({ ok: false, reason: 'MINIMUM_NOT_MET' });
  });
});

describe('apportion — invalid input', () => {
  it.each([
    [{ eng: -1, ops: 2 }, 'weight for department "eng"'],
    [{ eng: 1, ops: Number.NaN }, 'weight for department "ops"'],
    [{ eng: Number.POSITIVE_INFINITY }, 'weight for department "eng"'],
    [{ eng: '3' as unknown as number }, 'weight for department "eng"'],
    [{}, 'at least one department'],
    [{ eng: 0, ops: 0 }, 'all weights are zero'],
    [{ ' ': 1 }, 'non-empty'],
  ])('rejects weights %j with INVALID_WEIGHTS naming the problem', (weights, text) => {
    const r = apportion({ method: 'hamilton', seats: 3, weights });
    expect(r).toMatchObject({ ok: false, reason: 'INVALID_WEIGHTS' });
    expect(r.ok || r.message).toContain(text);
  });

  it.each([-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_SEATS + 1])('rejects seats %s with INVALID_SEATS', (seats) => {
    expect(apportion({ method: 'webster', seats, weights: { a: 1 } })).toMatchObject({ ok: false, reason: 'INVALID_SEATS' });
  });

  it('rejects an unknown method listing the valid ones, and a minimum other than 0 or 1', () => {
    const r = apportion({ method: 'lottery' as ApportionmentMethod, seats: 1, weights: { a: 1 } });
    expect(r).toMatchObject({ ok: false, reason: 'INVALID_METHOD' });
    expect(r.ok || r.message).toContain(APPORTIONMENT_METHODS.join(', '));
    expect(apportion({ method: 'adams', seats: 1, weights: { a: 1 }, minimum: 2 as 1 })).toMatchObject({ ok: false, reason: 'INVALID_MINIMUM' });
  });

  it('treats a department literally named __proto__ as an ordinary department', () => {
    const weights = JSON.parse('{"__proto__": 3, "ops": 1}') as Record<string, number>;
    const r = apportion({ method: 'hamilton', seats: 4, weights });
    expect(r.ok && Object.entries(r.seats)).toEqual([['__proto__', 3], ['ops', 1]]);
  });

  it('zero seats is a valid house: everyone gets 0', () => {
    for (const m of COMPUTED) expect(seatsOf({ method: m, seats: 0, weights: { a: 1, b: 2 } })).toEqual({ a: 0, b: 0 });
  });
});

describe('exactQuotas and formatExact', () => {
  it('computes exact Hare quotas and the exact total weight, and formats them rounding half up', () => {
    const q = exactQuotas(8, { A: 100_000, B: 80_000, C: 30_000, D: 20_000.5 });
    if (!q.ok) throw new Error(q.message);
    expect(formatExact(q.quotas.A!, 2)).toBe('3.48');
    expect(formatExact(q.totalWeight, 1)).toBe('230000.5');
    expect(formatExact({ numerator: 1n, denominator: 8n }, 2)).toBe('0.13');
    expect(formatExact({ numerator: 5n, denominator: 2n }, 0)).toBe('3');
    expect(exactQuotas(1, { a: -1 })).toMatchObject({ ok: false, reason: 'INVALID_WEIGHTS' });
  });
});
