import type { OracleResult } from './types.ts';

/**
 * The hindsight oracle: with realized demand known, the cheapest allocation that serves every need day
 * under the lab's constraints. Constraints: a tier changes only at cadence boundaries (blocks of
 * `cadenceDays`, Mondays in the lab) and a lease lasts at least one block; the premium pool is bought
 * for the whole horizon, so the premium bill is poolSeats × seat cost, and a person holds premium in a
 * block only if a pool seat is free.
 *
 * Algorithm (exact; proof in docs/policy-lab.md): per person, the minimal cover is the set of blocks
 * containing a need day — any feasible allocation must hold premium in each of them (a tier is constant
 * within a block) and needs nothing else, so this cover is pointwise minimal. The pool must be at least
 * the peak number of people whose minimal cover includes the same block, and that size suffices; the
 * cost grows with the pool size, so the scan stops at the first feasible size: the peak.
 */
export type OracleInput = Readonly<{
  people: number;
  days: number;
  /** people × days, row-major: 1 when the person-day needs premium. */
  needs: Uint8Array;
  cadenceDays: number;
  /** Cost that does not depend on the allocation (standard seats of everyone employed). */
  baseCostCents: number;
  /** Extra cost of one premium pool seat over the whole horizon (premium − standard). */
  poolSeatCostCents: number;
}>;

/** Blocks (by index) each person must hold premium in: the blocks that contain one of their need days. */
export function minimalCover(input: Pick<OracleInput, 'people' | 'days' | 'needs' | 'cadenceDays'>): Uint8Array {
  const blocks = Math.ceil(input.days / input.cadenceDays);
  const cover = new Uint8Array(input.people * blocks);
  for (let p = 0; p < input.people; p++) {
    const row = p * input.days;
    for (let d = 0; d < input.days; d++) if (input.needs[row + d] === 1) cover[p * blocks + Math.floor(d / input.cadenceDays)] = 1;
  }
  return cover;
}

/** Solves the oracle exactly: minimal covers per person, then the smallest pool that fits them (the peak). */
export function solveOracle(input: OracleInput): OracleResult {
  const blocks = Math.ceil(input.days / input.cadenceDays);
  const cover = minimalCover(input);
  const concurrent = new Int32Array(blocks);
  let seatBlocks = 0;
  for (let p = 0; p < input.people; p++) {
    for (let b = 0; b < blocks; b++) {
      if (cover[p * blocks + b] === 1) {
        concurrent[b]!++;
        seatBlocks++;
      }
    }
  }
  let poolSeats = 0;
  for (let b = 0; b < blocks; b++) poolSeats = Math.max(poolSeats, concurrent[b]!);
  return { costCents: input.baseCostCents + poolSeats * input.poolSeatCostCents, poolSeats, premiumSeatBlocks: seatBlocks };
}

/**
 * Brute force for tiny cases (people × days ≤ ~16): every premium/standard assignment of every
 * person-day, kept when it serves all needs and changes tier only at block boundaries; the cost of an
 * assignment is base + (its peak concurrency) × seat cost, and the answer is the cheapest. Used by the
 * property test to check `solveOracle`.
 */
export function bruteForceOracle(input: OracleInput): { costCents: number; poolSeats: number } {
  const cells = input.people * input.days;
  if (cells > 20) throw new RangeError('brute force is for tiny cases');
  let best = { costCents: Infinity, poolSeats: -1 };
  for (let mask = 0; mask < 1 << cells; mask++) {
    let ok = true;
    for (let i = 0; i < cells && ok; i++) {
      const held = (mask >> i) & 1;
      if (input.needs[i] === 1 && held === 0) ok = false;
      const d = i % input.days;
      if (ok && d % input.cadenceDays !== 0 && ((mask >> (i - 1)) & 1) !== held) ok = false;
    }
    if (!ok) continue;
    let peak = 0;
    for (let d = 0; d < input.days; d++) {
      let n = 0;
      for (let p = 0; p < input.people; p++) n += (mask >> (p * input.days + d)) & 1;
      peak = Math.max(peak, n);
    }
    const cost = input.baseCostCents + peak * input.poolSeatCostCents;
    if (cost < best.costCents) best = { costCents: cost, poolSeats: peak };
  }
  return best;
}
