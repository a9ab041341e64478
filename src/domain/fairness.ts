import { TENURE_BANDS, tenureBandOf } from './tenure.ts';
import { daysBetween } from './dates.ts';

/**
 * Fairness audit: who gets premium, how fast, for how long, and whether that tracks need, by tenure band,
 * job family and department. Pure statistics on plain data: the four-fifths ratio (lowest group rate /
 * highest group rate, flagged below 0.8), Fisher's exact test (two-sided, log-factorials) of each group
 * against everyone else, a chi-square test over all groups with a small-sample warning, and the Gini and
 * Jain inequality indexes the policy lab reuses.
 */

export const FOUR_FIFTHS = 0.8;
/** Groups with fewer people than this are flagged as small samples (and suppressed where privacy asks). */
export const MIN_GROUP_SIZE = 5;
/** A chi-square test is unreliable when any expected cell count is below this. */
export const MIN_EXPECTED_COUNT = 5;

export const FAIRNESS_DIMENSIONS = ['tenureBand', 'jobFamily', 'department'] as const;
export type FairnessDimension = (typeof FAIRNESS_DIMENSIONS)[number];

export { TENURE_BANDS, tenureBandOf, type TenureBand } from './tenure.ts';

// ---------------------------------------------------------------------------------------------------
// Statistics helpers

const LOG_FACTORIALS: number[] = [0];
/** ln(n!) for integer n ≥ 0, by cumulative sums of logs (exact enough for tables of thousands). */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial needs a non-negative integer, got ${n}`);
  for (let k = LOG_FACTORIALS.length; k <= n; k++) LOG_FACTORIALS[k] = LOG_FACTORIALS[k - 1]! + Math.log(k);
  return LOG_FACTORIALS[n]!;
}

/** A 2×2 contingency table: rows are groups (this group, everyone else), columns are outcomes (yes, no). */
export type Table2x2 = Readonly<{ a: number; b: number; c: number; d: number }>;

/** Probability of the table [[a, b], [c, d]] under fixed margins (hypergeometric), from log-factorials. */
export function hypergeometricProbability({ a, b, c, d }: Table2x2): number {
  const n = a + b + c + d;
  return Math.exp(logFactorial(a + b) + logFactorial(c + d) + logFactorial(a + c) + logFactorial(b + d) - logFactorial(n) - logFactorial(a) - logFactorial(b) - logFactorial(c) - logFactorial(d));
}

/**
 * Fisher's exact test, two-sided: the sum of the probabilities of every table with the same margins that
 * is no more likely than the observed one (with a relative tolerance so ties from rounding count).
 * Always in [0, 1]; 1 for an empty table.
 */
export function fisherExactTest(table: Table2x2): number {
  const { a, b, c, d } = table;
  for (const v of [a, b, c, d]) if (!Number.isInteger(v) || v < 0) throw new RangeError('Fisher test needs non-negative integer counts');
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  if (n === 0) return 1;
  const observed = hypergeometricProbability(table);
  const lo = Math.max(0, col1 - (n - row1));
  const hi = Math.min(row1, col1);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const pr = hypergeometricProbability({ a: x, b: row1 - x, c: col1 - x, d: n - row1 - col1 + x });
    if (pr <= observed * (1 + 1e-7)) p += pr;
  }
  return Math.min(1, Math.max(0, p));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
function logGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xx = x - 1;
  let s = g[0]!;
  for (let i = 1; i < 9; i++) s += g[i]! / (xx + i);
  const t = xx + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Upper regularized incomplete gamma Q(s, x) (series below s + 1, continued fraction above). */
function upperGammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  if (x < s + 1) {
    let sum = 1 / s;
    let term = sum;
    for (let k = 1; k < 1000; k++) {
      term *= x / (s + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(-x + s * Math.log(x) - logGamma(s)));
  }
  let b = x + 1 - s;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(-x + s * Math.log(x) - logGamma(s)) * h);
}

export type ChiSquareResult = Readonly<{ statistic: number; degreesOfFreedom: number; pValue: number; minExpected: number; isSmallSample: boolean }>;

/**
 * Pearson's chi-square test of independence on a groups × outcomes table of counts. Rows or columns
 * that are all zero are dropped. `isSmallSample` is set when an expected count is below 5, where the
 * chi-square approximation is unreliable (read the per-group Fisher tests instead).
 */
export function chiSquareTest(table: readonly (readonly number[])[]): ChiSquareResult | null {
  const rows = table.filter((r) => r.reduce((s, v) => s + v, 0) > 0);
  if (rows.length < 2) return null;
  const width = rows[0]!.length;
  const colTotals = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + (r[j] ?? 0), 0));
  const keep = colTotals.map((t, j) => (t > 0 ? j : -1)).filter((j) => j >= 0);
  if (keep.length < 2) return null;
  const n = colTotals.reduce((s, v) => s + v, 0);
  let statistic = 0;
  let minExpected = Infinity;
  for (const r of rows) {
    const rowTotal = r.reduce((s, v) => s + v, 0);
    for (const j of keep) {
      const expected = (rowTotal * colTotals[j]!) / n;
      minExpected = Math.min(minExpected, expected);
      statistic += ((r[j] ?? 0) - expected) ** 2 / expected;
    }
  }
  const degreesOfFreedom = (rows.length - 1) * (keep.length - 1);
  return { statistic, degreesOfFreedom, pValue: upperGammaQ(degreesOfFreedom / 2, statistic / 2), minExpected, isSmallSample: minExpected < MIN_EXPECTED_COUNT };
}

/**
 * The four-fifths (80%) ratio: lowest group rate / highest group rate, over groups whose rate is defined.
 * Null with fewer than two rates or when the highest is 0 (nobody got anything: no disparity to measure).
 */
export function fourFifthsRatio(rates: readonly (number | null)[]): number | null {
  const defined = rates.filter((r): r is number => r !== null && Number.isFinite(r));
  if (defined.length < 2) return null;
  const max = Math.max(...defined);
  if (max <= 0) return null;
  return Math.min(...defined) / max;
}

/** Gini coefficient of non-negative values: 0 when all equal, towards 1 when one holds everything. */
export function giniCoefficient(values: readonly number[]): number {
  const n = values.length;
  const total = values.reduce((s, v) => s + v, 0);
  if (n === 0 || total <= 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  let weighted = 0;
  sorted.forEach((v, i) => (weighted += (2 * (i + 1) - n - 1) * v));
  return weighted / (n * total);
}

/** Jain's fairness index (Σx)² / (n·Σx²): 1 when all equal, 1/n when one holds everything; 1 for all zero. */
export function jainIndex(values: readonly number[]): number {
  const n = values.length;
  const sum = values.reduce((s, v) => s + v, 0);
  const squares = values.reduce((s, v) => s + v * v, 0);
  if (n === 0 || squares === 0) return 1;
  return (sum * sum) / (n * squares);
}

// ---------------------------------------------------------------------------------------------------
// The audit

/** One person in the audit window. `premiumDays` of `observedDays` were spent holding premium. */
export type FairnessSubject = Readonly<{
  personId: string;
  groups: Readonly<Record<FairnessDimension, string>>;
  needScore: number;
  premiumDays: number;
  observedDays: number;
}>;

/** One premium request in the window: approved (scheduled, active or ended), denied, or still pending. */
export type FairnessRequest = Readonly<{ personId: string; outcome: 'approved' | 'denied' | 'pending'; waitHours: number | null; leaseDays: number | null }>;

export type FairnessGroupRow = Readonly<{
  group: string;
  people: number;
  requests: number;
  approved: number;
  denied: number;
  pending: number;
  /** approved / (approved + denied); null without decided requests. */
  approvalRate: number | null;
  /** This group's approval rate / the highest group's. */
  approvalRatio: number | null;
  /** Fisher two-sided p of approved/denied, this group against everyone else. */
  approvalP: number | null;
  meanWaitHours: number | null;
  meanLeaseDays: number | null;
  /** Premium person-days / observed person-days. */
  premiumShare: number;
  /** People who held premium on at least one day. */
  premiumHolders: number;
  /** Fisher two-sided p of held/never held premium, this group against everyone else. */
  premiumP: number | null;
  meanNeed: number;
  /** Premium share per unit of mean need; null when the group's need is negligible (< 0.05). */
  premiumPerNeed: number | null;
  premiumPerNeedRatio: number | null;
  isSmallSample: boolean;
  flags: readonly string[];
}>;

export type FairnessDimensionReport = Readonly<{
  dimension: FairnessDimension;
  rows: readonly FairnessGroupRow[];
  approvalFourFifths: number | null;
  premiumPerNeedFourFifths: number | null;
  approvalChiSquare: ChiSquareResult | null;
  premiumChiSquare: ChiSquareResult | null;
  flags: readonly string[];
}>;

export type FairnessReport = Readonly<{
  people: number;
  requests: number;
  dimensions: readonly FairnessDimensionReport[];
  /** Inequality of premium days across people (Gini) and of premium share per need (Jain, people with need ≥ 0.05). */
  premiumDaysGini: number;
  premiumPerNeedJain: number;
  flagCount: number;
}>;

const mean = (values: readonly number[]): number | null => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : null);
const NEGLIGIBLE_NEED = 0.05;

/** Audits premium allocation by every dimension; groups keep the order of first appearance, sorted by name. */
export function auditFairness(input: { subjects: readonly FairnessSubject[]; requests: readonly FairnessRequest[]; minGroupSize?: number }): FairnessReport {
  const minGroupSize = input.minGroupSize ?? MIN_GROUP_SIZE;
  const byPerson = new Map(input.subjects.map((s) => [s.personId, s]));
  const requests = input.requests.filter((r) => byPerson.has(r.personId));
  const dimensions = FAIRNESS_DIMENSIONS.map((dimension) => auditDimension(dimension, input.subjects, requests, byPerson, minGroupSize));
  const perNeed = input.subjects.filter((s) => s.needScore >= NEGLIGIBLE_NEED && s.observedDays > 0).map((s) => s.premiumDays / s.observedDays / s.needScore);
  return {
    people: input.subjects.length,
    requests: requests.length,
    dimensions,
    premiumDaysGini: giniCoefficient(input.subjects.map((s) => s.premiumDays)),
    premiumPerNeedJain: jainIndex(perNeed),
    flagCount: dimensions.reduce((n, d) => n + d.flags.length + d.rows.reduce((m, r) => m + r.flags.length, 0), 0),
  };
}

function auditDimension(dimension: FairnessDimension, subjects: readonly FairnessSubject[], requests: readonly FairnessRequest[], byPerson: ReadonlyMap<string, FairnessSubject>, minGroupSize: number): FairnessDimensionReport {
  const names = [...new Set(subjects.map((s) => s.groups[dimension]))].sort();
  const groupOf = (personId: string) => byPerson.get(personId)!.groups[dimension];
  const totals = { approved: 0, denied: 0, holders: 0, people: subjects.length };
  for (const r of requests) if (r.outcome === 'approved') totals.approved++; else if (r.outcome === 'denied') totals.denied++;
  for (const s of subjects) if (s.premiumDays > 0) totals.holders++;

  const raw = names.map((group) => {
    const members = subjects.filter((s) => s.groups[dimension] === group);
    const own = requests.filter((r) => groupOf(r.personId) === group);
    const approved = own.filter((r) => r.outcome === 'approved').length;
    const denied = own.filter((r) => r.outcome === 'denied').length;
    const holders = members.filter((s) => s.premiumDays > 0).length;
    const observed = members.reduce((n, s) => n + s.observedDays, 0);
    const premiumShare = observed > 0 ? members.reduce((n, s) => n + s.premiumDays, 0) / observed : 0;
    const meanNeed = mean(members.map((s) => s.needScore)) ?? 0;
    return {
      group,
      people: members.length,
      requests: own.length,
      approved,
      denied,
      pending: own.filter((r) => r.outcome === 'pending').length,
      approvalRate: approved + denied > 0 ? approved / (approved + denied) : null,
      approvalP: approved + denied > 0 && totals.approved + totals.denied - approved - denied > 0 ? fisherExactTest({ a: approved, b: denied, c: totals.approved - approved, d: totals.denied - denied }) : null,
      meanWaitHours: mean(own.flatMap((r) => (r.waitHours === null ? [] : [r.waitHours]))),
      meanLeaseDays: mean(own.flatMap((r) => (r.leaseDays === null ? [] : [r.leaseDays]))),
      premiumShare,
      premiumHolders: holders,
      premiumP: totals.people - members.length > 0 ? fisherExactTest({ a: holders, b: members.length - holders, c: totals.holders - holders, d: totals.people - members.length - (totals.holders - holders) }) : null,
      meanNeed,
      premiumPerNeed: meanNeed >= NEGLIGIBLE_NEED ? premiumShare / meanNeed : null,
      isSmallSample: members.length < minGroupSize,
    };
  });
  const approvalFourFifths = fourFifthsRatio(raw.map((r) => r.approvalRate));
  const premiumPerNeedFourFifths = fourFifthsRatio(raw.map((r) => r.premiumPerNeed));
  const maxApproval = Math.max(0, ...raw.flatMap((r) => (r.approvalRate === null ? [] : [r.approvalRate])));
  const maxPerNeed = Math.max(0, ...raw.flatMap((r) => (r.premiumPerNeed === null ? [] : [r.premiumPerNeed])));
  const rows: FairnessGroupRow[] = raw.map((r) => {
    const approvalRatio = r.approvalRate !== null && maxApproval > 0 ? r.approvalRate / maxApproval : null;
    const premiumPerNeedRatio = r.premiumPerNeed !== null && maxPerNeed > 0 ? r.premiumPerNeed / maxPerNeed : null;
    const flags: string[] = [];
    if (approvalRatio !== null && approvalRatio < FOUR_FIFTHS) flags.push(`approval rate is ${pct(approvalRatio)} of the highest group's (below four-fifths)`);
    if (premiumPerNeedRatio !== null && premiumPerNeedRatio < FOUR_FIFTHS) flags.push(`premium share per unit of need is ${pct(premiumPerNeedRatio)} of the highest group's (below four-fifths)`);
    if (r.approvalP !== null && r.approvalP < 0.05) flags.push(`approvals differ from everyone else's (Fisher p = ${r.approvalP.toFixed(3)})`);
    if (r.premiumP !== null && r.premiumP < 0.05) flags.push(`premium holding differs from everyone else's (Fisher p = ${r.premiumP.toFixed(3)})`);
    return { ...r, approvalRatio, premiumPerNeedRatio, flags };
  });
  const approvalChiSquare = chiSquareTest(raw.map((r) => [r.approved, r.denied]));
  const premiumChiSquare = chiSquareTest(raw.map((r) => [r.premiumHolders, r.people - r.premiumHolders]));
  const flags: string[] = [];
  if (approvalFourFifths !== null && approvalFourFifths < FOUR_FIFTHS) flags.push(`approval four-fifths ratio ${approvalFourFifths.toFixed(2)} < 0.8`);
  if (premiumPerNeedFourFifths !== null && premiumPerNeedFourFifths < FOUR_FIFTHS) flags.push(`premium-per-need four-fifths ratio ${premiumPerNeedFourFifths.toFixed(2)} < 0.8`);
  return { dimension, rows, approvalFourFifths, premiumPerNeedFourFifths, approvalChiSquare, premiumChiSquare, flags };
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Premium days of [from, to) (YYYY-MM-DD, to exclusive) covered by intervals [start, end) of days. */
export function coveredDays(intervals: ReadonlyArray<{ from: string; to: string | null }>, window: { from: string; to: string }): number {
  const clipped = intervals
    .map((i) => ({ from: i.from < window.from ? window.from : i.from, to: i.to === null || i.to > window.to ? window.to : i.to }))
    .filter((i) => i.from < i.to)
    .sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
  let total = 0;
  let cursor = window.from;
  for (const i of clipped) {
    const start = i.from > cursor ? i.from : cursor;
    if (i.to > start) {
      total += daysBetween(start, i.to);
      cursor = i.to;
    }
  }
  return total;
}
