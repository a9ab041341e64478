import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bruteForceOracle, minimalCover, solveOracle } from './oracle.ts';

const tiny = fc
  .record({ people: fc.integer({ min: 1, max: 3 }), days: fc.integer({ min: 1, max: 5 }), cadenceDays: fc.integer({ min: 1, max: 3 }), seatCost: fc.integer({ min: 1, max: 1000 }), base: fc.integer({ min: 0, max: 5000 }) })
  .chain((shape) => fc.record({ shape: fc.constant(shape), bits: fc.array(fc.boolean(), { minLength: shape.people * shape.days, maxLength: shape.people * shape.days }) }));

describe('solveOracle', () => {
  it('matches brute force over every allocation on small cases', () => {
    fc.assert(
      fc.property(tiny, ({ shape, bits }) => {
        const input = { people: shape.people, days: shape.days, cadenceDays: shape.cadenceDays, needs: Uint8Array.from(bits.map(Number)), baseCostCents: shape.base, poolSeatCostCents: shape.seatCost };
        const exact = solveOracle(input);
        const brute = bruteForceOracle(input);
        expect(exact.costCents).toBe(brute.costCents);
        expect(exact.poolSeats).toBe(brute.poolSeats);
      }),
      { numRuns: 400 },
    );
  });

  it('holds premium for a whole block when one day of it needs premium, and never elsewhere', () => {
    const needs = Uint8Array.from([0, 0, 1, 0, 0, 0, /* person 2 */ 0, 0, 0, 0, 0, 0]);
    expect([...minimalCover({ people: 2, days: 6, needs, cadenceDays: 3 })]).toEqual([1, 0, 0, 0]);
  });

  it('sizes the pool at the peak of simultaneous need, not the sum', () => {
    // Person 1 needs block 0, person 2 block 1: one seat serves both in turn.
    const needs = Uint8Array.from([1, 0, 0, 1]);
    expect(solveOracle({ people: 2, days: 2, needs, cadenceDays: 1, baseCostCents: 10, poolSeatCostCents: 100 })).toEqual({ costCents: 110, poolSeats: 1, premiumSeatBlocks: 2 });
  });

  it('buys no premium seat when nobody needs one', () => {
    expect(solveOracle({ people: 3, days: 7, needs: new Uint8Array(21), cadenceDays: 7, baseCostCents: 500, poolSeatCostCents: 100 }).poolSeats).toBe(0);
  });
});
