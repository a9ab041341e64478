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

/** The instants at which usage over [from, to) can change: its start and every hold boundary inside. */
function eventPoints(holds: readonly Hold[], from: number, to: number | null): number[] {
  const points = new Set<number>([from]);
  for (const h of holds) {
    for (const t of [h.from, h.to]) if (t !== null && t > from && (to === null || t < to)) points.add(t);
  }
  return [...points].sort((a, b) => a - b);
}

/**
 * Can one more seat be held by `candidate.departmentId` over the whole interval, counting every
 * booking (current and future)? Checks each instant where usage changes, so a booking three weeks out
 * blocks an overlapping request today just as a current holder does.
 */
export function admit(pool: Pool, holds: readonly Hold[], candidate: Candidate): Admission {
  const q = quotaOf(pool, candidate.departmentId);
  const relevant = holds.filter((h) => overlaps(h, candidate.from, candidate.to));
  let maxBorrowed = 0;
  for (const t of eventPoints(relevant, candidate.from, candidate.to)) {
    const usage = usageAt(relevant, t);
    const mine = (usage.get(candidate.departmentId) ?? 0) + 1;
    usage.set(candidate.departmentId, mine);
    const check = checkUsage(pool, usage);
    if (!check.ok) return { ok: false, reason: check.reason, at: t, isWithinNominal: mine <= q.nominal };
    maxBorrowed = Math.max(maxBorrowed, check.borrowed.get(candidate.departmentId) ?? 0);
  }
  return { ok: true, isBorrowing: maxBorrowed > 0, maxBorrowed };
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
