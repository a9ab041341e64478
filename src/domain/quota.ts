/**
 * Premium capacity as a cohort of department quotas, after Kubernetes Kueue:
 * - the pool holds `capacity` premium seats (what the organization bought);
 * - each department has a nominal quota, an optional borrowing limit (how far above nominal it may go
 *   using others' idle seats) and an optional lending limit (how much of its idle nominal quota others
 *   may borrow); no limit means unlimited;
 * - seats of the pool that no department's nominal quota covers are spare and anyone may borrow them;
 * - a borrowed seat is reclaimable: when a department needs its own nominal quota back, a borrower's
 *   lease ends after a notice.
 * Time is epoch milliseconds; an interval is [from, to) with `to = null` meaning open-ended.
 * See docs/quotas.md for the rules with worked examples.
 */

export type DepartmentQuota = Readonly<{
  departmentId: string;
  nominal: number;
  borrowingLimit: number | null;
  lendingLimit: number | null;
}>;

export type Pool = Readonly<{ capacity: number; quotas: readonly DepartmentQuota[] }>;

/** One premium seat held (or booked) by someone of a department over [from, to). */
export type Hold = Readonly<{
  id: string;
  departmentId: string;
  from: number;
  to: number | null;
  /** Leases are reclaimable; permanent assignments are not. */
  isReclaimable: boolean;
  /** Higher keeps its seat longer when reclaiming. */
  priority: number;
  /** When it was requested: among equal starts, the later request is reclaimed first. */
  requestedAt?: number;
}>;

export type Candidate = Readonly<{ departmentId: string; from: number; to: number | null }>;

export type AdmissionFailure = 'POOL_FULL' | 'BORROWING_LIMIT' | 'NO_LENDABLE_CAPACITY';

export type Admission =
  | Readonly<{ ok: true; isBorrowing: boolean; maxBorrowed: number }>
  | Readonly<{ ok: false; reason: AdmissionFailure; at: number; isWithinNominal: boolean }>;

const NO_QUOTA: Omit<DepartmentQuota, 'departmentId'> = { nominal: 0, borrowingLimit: null, lendingLimit: 0 };

export function quotaOf(pool: Pool, departmentId: string): DepartmentQuota {
  return pool.quotas.find((q) => q.departmentId === departmentId) ?? { departmentId, ...NO_QUOTA };
}

const covers = (h: Pick<Hold, 'from' | 'to'>, t: number) => h.from <= t && (h.to === null || t < h.to);
const overlaps = (h: Pick<Hold, 'from' | 'to'>, from: number, to: number | null) => (to === null || h.from < to) && (h.to === null || h.to > from);

/** Seats in use per department at instant t. */
export function usageAt(holds: readonly Hold[], t: number): Map<string, number> {
  const usage = new Map<string, number>();
  for (const h of holds) if (covers(h, t)) usage.set(h.departmentId, (usage.get(h.departmentId) ?? 0) + 1);
  return usage;
}

/** Checks one instant's usage against the pool: total, borrowing limits, and lendable capacity. */
export function checkUsage(pool: Pool, usage: ReadonlyMap<string, number>): { ok: true; borrowed: Map<string, number> } | { ok: false; reason: AdmissionFailure } {
  let total = 0;
  for (const n of usage.values()) total += n;
  if (total > pool.capacity) return { ok: false, reason: 'POOL_FULL' };
  const departments = new Set([...usage.keys(), ...pool.quotas.map((q) => q.departmentId)]);
  const nominalTotal = pool.quotas.reduce((n, q) => n + q.nominal, 0);
  let lendable = Math.max(0, pool.capacity - nominalTotal);
  let borrowedTotal = 0;
  const borrowed = new Map<string, number>();
  for (const d of departments) {
    const q = quotaOf(pool, d);
    const used = usage.get(d) ?? 0;
    const over = Math.max(0, used - q.nominal);
    if (over > 0) {
      if (q.borrowingLimit !== null && over > q.borrowingLimit) return { ok: false, reason: 'BORROWING_LIMIT' };
      borrowed.set(d, over);
      borrowedTotal += over;
    }
    const idle = Math.max(0, q.nominal - used);
    lendable += q.lendingLimit === null ? idle : Math.min(idle, q.lendingLimit);
  }
  if (borrowedTotal > lendable) return { ok: false, reason: 'NO_LENDABLE_CAPACITY' };
  return { ok: true, borrowed };
}

/** A pool's quotas by department number (the first row of a department is its quota, as in quotaOf). */
type QuotaTable = Readonly<{ index: ReadonlyMap<string, number>; nominal: readonly number[]; borrowingLimit: ReadonlyArray<number | null>; lendingLimit: ReadonlyArray<number | null>; spare: number }>;

const quotaTables = new WeakMap<Pool, QuotaTable>();
function quotaTable(pool: Pool): QuotaTable {
  let table = quotaTables.get(pool);
  if (table) return table;
  const index = new Map<string, number>();
  const nominal: number[] = [];
  const borrowingLimit: Array<number | null> = [];
  const lendingLimit: Array<number | null> = [];
  let nominalTotal = 0;
  for (const q of pool.quotas) {
    nominalTotal += q.nominal;
    if (index.has(q.departmentId)) continue;
    index.set(q.departmentId, nominal.length);
    nominal.push(q.nominal);
    borrowingLimit.push(q.borrowingLimit);
    lendingLimit.push(q.lendingLimit);
  }
  table = { index, nominal, borrowingLimit, lendingLimit, spare: Math.max(0, pool.capacity - nominalTotal) };
  quotaTables.set(pool, table);
  return table;
}

/**
 * Can one more seat be held by `candidate.departmentId` over the whole interval, counting every
 * booking (current and future)? Checks each instant where usage changes, so a booking three weeks out
 * blocks an overlapping request today just as a current holder does. The rules are `checkUsage`'s, on
 * per-department counters: departments with a quota by number, the candidate's own department when it
 * has none, and every other department without a quota together (each borrows all it uses, without a
 * limit, and lends nothing, so only their sum matters).
 */
export function admit(pool: Pool, holds: readonly Hold[], candidate: Candidate): Admission {
  const table = quotaTable(pool);
  const n = table.nominal.length;
  const me = table.index.get(candidate.departmentId) ?? n;
  const myNominal = me < n ? table.nominal[me]! : 0;
  const { from, to } = candidate;
  const s = scratchFor(holds.length, n + 2);
  // The holds that overlap the interval, as parallel arrays (an open end is +Infinity), and the instants
  // where usage can change: the interval's start and every hold boundary inside it, in ascending order.
  let r = 0;
  let p = 0;
  s.points[p++] = from;
  for (const h of holds) {
    if (!overlaps(h, from, to)) continue;
    s.starts[r] = h.from;
    s.ends[r] = h.to ?? Infinity;
    s.departments[r++] = table.index.get(h.departmentId) ?? (h.departmentId === candidate.departmentId ? n : n + 1);
    if (h.from > from && (to === null || h.from < to)) p = insertSorted(s.points, p, h.from);
    if (h.to !== null && h.to > from && (to === null || h.to < to)) p = insertSorted(s.points, p, h.to);
  }
  const used = s.used;
  let maxBorrowed = 0;
  for (let k = 0; k < p; k++) {
    const t = s.points[k]!;
    if (k > 0 && t === s.points[k - 1]) continue;
    used.fill(0, 0, n + 2);
    let total = 1;
    for (let j = 0; j < r; j++) {
      if (s.starts[j]! > t || t >= s.ends[j]!) continue;
      total++;
      used[s.departments[j]!]!++;
    }
    used[me]!++;
    const mine = used[me]!;
    let reason: AdmissionFailure | null = total > pool.capacity ? 'POOL_FULL' : null;
    let lendable = table.spare;
    let borrowedTotal = used[n]! + used[n + 1]!;
    for (let d = 0; d < n && reason === null; d++) {
      const over = Math.max(0, used[d]! - table.nominal[d]!);
      const limit = table.borrowingLimit[d]!;
      if (over > 0 && limit !== null && over > limit) reason = 'BORROWING_LIMIT';
      borrowedTotal += over;
      const idle = Math.max(0, table.nominal[d]! - used[d]!);
      const lend = table.lendingLimit[d]!;
      lendable += lend === null ? idle : Math.min(idle, lend);
    }
    if (reason === null && borrowedTotal > lendable) reason = 'NO_LENDABLE_CAPACITY';
    if (reason !== null) return { ok: false, reason, at: t, isWithinNominal: mine <= myNominal };
    maxBorrowed = Math.max(maxBorrowed, Math.max(0, mine - myNominal));
  }
  return { ok: true, isBorrowing: maxBorrowed > 0, maxBorrowed };
}

/** Inserts t into the ascending values[0, length) and returns the new length. */
function insertSorted(values: Float64Array, length: number, t: number): number {
  let i = length;
  while (i > 0 && values[i - 1]! > t) {
    values[i] = values[i - 1]!;
    i--;
  }
  values[i] = t;
  return length + 1;
}

// Working arrays of `admit`, reused across calls (admit runs to completion and calls nothing that could
// re-enter it), so a call allocates nothing per hold.
let scratch = { starts: new Float64Array(64), ends: new Float64Array(64), departments: new Int32Array(64), points: new Float64Array(129), used: new Int32Array(16) };
function scratchFor(holds: number, departments: number) {
  if (scratch.starts.length < holds || scratch.used.length < departments) {
    const size = Math.max(holds, scratch.starts.length * 2);
    scratch = { starts: new Float64Array(size), ends: new Float64Array(size), departments: new Int32Array(size), points: new Float64Array(2 * size + 1), used: new Int32Array(Math.max(departments, scratch.used.length * 2)) };
  }
  return scratch;
}

export type ReclaimPlan = Readonly<{
  /** Leases to end at `reclaimAt` (their new end): lowest priority first, then the most recent start, then the latest request. */
  victims: readonly Hold[];
  reclaimAt: number;
  /** The candidate can start then (its own start, or later if the notice runs past it). */
  effectiveFrom: number;
}>;

/**
 * When a department asks for a seat within its nominal quota and the seats are lent out, plans which
 * borrowed leases end after the notice: the borrowing lease that started most recently among the
 * lowest priority goes first, until the request fits. Undefined when reclaiming cannot help (the
 * request is not within nominal, or no borrowed lease can be reclaimed).
 */
export function planReclaim(pool: Pool, holds: readonly Hold[], candidate: Candidate, reclaimAt: number): ReclaimPlan | undefined {
  const effectiveFrom = Math.max(candidate.from, reclaimAt);
  if (candidate.to !== null && effectiveFrom >= candidate.to) return undefined;
  const shifted = { ...candidate, from: effectiveFrom };
  const first = admit(pool, holds, shifted);
  if (first.ok) return { victims: [], reclaimAt, effectiveFrom };
  if (!first.isWithinNominal) return undefined;
  const borrowingDepartments = (t: number) => {
    const usage = usageAt(holds, t);
    return new Set([...usage].filter(([d, n]) => d !== candidate.departmentId && n > quotaOf(pool, d).nominal).map(([d]) => d));
  };
  const victims: Hold[] = [];
  let current = [...holds];
  for (let attempt = 0; attempt < holds.length; attempt++) {
    const check = admit(pool, current, shifted);
    if (check.ok) return { victims, reclaimAt, effectiveFrom };
    if (!check.isWithinNominal) return undefined;
    const borrowers = borrowingDepartments(check.at);
    const candidates = current
      .filter((h) => h.isReclaimable && borrowers.has(h.departmentId) && covers(h, check.at) && (h.to === null || h.to > reclaimAt))
      .sort((a, b) => a.priority - b.priority || b.from - a.from || (b.requestedAt ?? 0) - (a.requestedAt ?? 0) || (a.id < b.id ? -1 : 1));
    const victim = candidates[0];
    if (!victim) return undefined;
    victims.push(victim);
    current = current.map((h) => (h.id === victim.id ? { ...h, to: Math.max(h.from, reclaimAt) } : h));
  }
  return undefined;
}

/** A department's quota as recorded from `validFrom` (epoch ms) until its next record. */
export type QuotaRecord = DepartmentQuota & Readonly<{ validFrom: number }>;

/**
 * The quotas in force at instant t, from the quota history (records oldest first, as recorded): per department,
 * its last record from t or before. Before a department's first record its first recorded quota is
 * assumed (quotas set when Seatwise was adopted stand for the time before). Departments with no record
 * are absent (no quota, as in quotaOf).
 */
export function quotasInForce(history: readonly QuotaRecord[], t: number): DepartmentQuota[] {
  const byDepartment = new Map<string, QuotaRecord>();
  for (const r of history) {
    if (!byDepartment.has(r.departmentId) || r.validFrom <= t) byDepartment.set(r.departmentId, r);
  }
  return [...byDepartment.values()].map(({ departmentId, nominal, borrowingLimit, lendingLimit }) => ({ departmentId, nominal, borrowingLimit, lendingLimit }));
}
