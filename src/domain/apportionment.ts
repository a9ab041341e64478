/**
 * Apportionment: divide a pool of N premium seats (the "house size") among departments in
 * proportion to their weights. Pure: no I/O, no clock, no randomness.
 *
 * Every seat is decided with exact integer arithmetic (BigInt): each weight is read as the exact
 * decimal its shortest JavaScript string denotes (12.5 is 125/10, 0.1 is 1/10) and all weights
 * are scaled by one common power of ten to integers. Priorities are compared by
 * cross-multiplication, never by floating-point division or square roots.
 *
 * Tie-breaking (when two priorities or remainders are exactly equal): the department with the
 * larger weight wins; if the weights are equal too, the department whose name comes first in
 * ascending Unicode code-point order wins. Results therefore never depend on key insertion order.
 */

export const APPORTIONMENT_METHODS = ['hamilton', 'webster', 'huntington-hill', 'dhondt', 'adams', 'manual'] as const;
export type ApportionmentMethod = (typeof APPORTIONMENT_METHODS)[number];

/** Largest house size accepted; divisor methods award seats one at a time (O(N log k)). */
export const MAX_SEATS = 100_000;

export interface ApportionmentInput {
  method: ApportionmentMethod;
  seats: number;
  weights: Readonly<Record<string, number>>;
  /** 1 guarantees every department with a positive weight at least one seat. Default 0. */
  minimum?: 0 | 1;
  /** Explicit seats per department; required for (and only read by) method 'manual'. */
  manual?: Readonly<Record<string, number>>;
}

/** Why a seat was awarded: a guaranteed minimum, the whole part of a Hare quota, a largest remainder, a divisor-method priority, or an explicit manual grant. */
export type AwardBasis = 'minimum' | 'quota' | 'remainder' | 'priority' | 'manual';

/** One awarded seat, in award order: `seat` is the department's running seat count after this award. */
export interface SeatAward {
  order: number;
  department: string;
  seat: number;
  basis: AwardBasis;
}

export type ApportionmentFailureReason =
  | 'INVALID_METHOD'
  | 'INVALID_SEATS'
  | 'INVALID_WEIGHTS'
  | 'INVALID_MINIMUM'
  | 'MINIMUM_EXCEEDS_SEATS'
  | 'INVALID_MANUAL'
  | 'MANUAL_DEPARTMENTS_MISMATCH'
  | 'MANUAL_SUM_MISMATCH'
  | 'MINIMUM_NOT_MET';

export type ApportionmentResult =
  | { ok: true; method: ApportionmentMethod; seats: Record<string, number>; ranking: SeatAward[] }
  | { ok: false; reason: ApportionmentFailureReason; message: string };

type Failure = Extract<ApportionmentResult, { ok: false }>;

/** An exact non-negative rational numerator/denominator (denominator > 0, not necessarily reduced). */
export interface ExactRational {
  numerator: bigint;
  denominator: bigint;
}

interface Dept {
  name: string;
  /** Weight scaled by the common power of ten: an exact non-negative integer. */
  w: bigint;
}

const fail = (reason: ApportionmentFailureReason, message: string): Failure => ({ ok: false, reason, message });

/** Total order on strings by Unicode code point (JS `<` compares UTF-16 code units, which differs for astral characters). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** Exact decimal value of a finite non-negative number as digits / 10^scale, from its shortest round-trip string. */
function toDecimal(x: number): { digits: bigint; scale: number } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new Error(`unexpected number format: ${String(x)}`);
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? '0') - frac.length;
  const digits = BigInt(m[1]! + frac);
  return exp >= 0 ? { digits: digits * 10n ** BigInt(exp), scale: 0 } : { digits, scale: -exp };
}

/** Validates weights and converts them to exact integers sharing one scale 10^scale; departments in canonical code-point order. */
function exactWeights(weights: Readonly<Record<string, number>>): Failure | { depts: Dept[]; scale: bigint } {
  if (weights === null || typeof weights !== 'object' || Array.isArray(weights)) {
    return fail('INVALID_WEIGHTS', 'weights must be an object mapping department name to weight');
  }
  const names = Object.keys(weights).sort(compareCodePoints);
  if (names.length === 0) return fail('INVALID_WEIGHTS', 'weights must name at least one department');
  const decimals: { name: string; digits: bigint; scale: number }[] = [];
  for (const name of names) {
    const x: unknown = weights[name];
    if (name.trim() === '') return fail('INVALID_WEIGHTS', `department name must be non-empty (got ${JSON.stringify(name)})`);
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
      const shown = typeof x === 'number' ? String(x) : JSON.stringify(x) ?? String(x);
      return fail('INVALID_WEIGHTS', `weight for department "${name}" must be a finite non-negative number (got ${shown})`);
    }
    decimals.push({ name, ...toDecimal(Math.abs(x)) }); // abs: -0 becomes 0
  }
  if (decimals.every((d) => d.digits === 0n)) return fail('INVALID_WEIGHTS', 'at least one department must have a positive weight (all weights are zero)');
  const maxScale = Math.max(...decimals.map((d) => d.scale));
  return {
    depts: decimals.map((d) => ({ name: d.name, w: d.digits * 10n ** BigInt(maxScale - d.scale) })),
    scale: 10n ** BigInt(maxScale),
  };
}

function validateSeats(seats: number): Failure | undefined {
  if (typeof seats !== 'number' || !Number.isInteger(seats) || seats < 0 || seats > MAX_SEATS) {
    return fail('INVALID_SEATS', `seats must be an integer from 0 to ${MAX_SEATS} (got ${String(seats)})`);
  }
  return undefined;
}

/** Tie-break: larger weight first, then ascending code-point name. Negative means `a` wins. */
const tieBreak = (a: Dept, b: Dept): number => (a.w !== b.w ? (a.w > b.w ? -1 : 1) : compareCodePoints(a.name, b.name));

/** Hamilton / largest remainder with the Hare quota: floor(q_i) each, leftovers to the largest exact remainders (w_i*N mod W). */
function hamilton(depts: Dept[], seats: number, got: Map<string, number>, awards: SeatAward[]): void {
  const n = BigInt(seats);
  const total = depts.reduce((s, d) => s + d.w, 0n);
  const rem = new Map<string, bigint>();
  let left = seats;
  for (const d of depts) {
    const whole = Number((d.w * n) / total);
    rem.set(d.name, (d.w * n) % total);
    for (let i = 0; i < whole; i++) award(got, awards, d.name, 'quota');
    left -= whole;
  }
  const order = [...depts].sort((a, b) => {
    const ra = rem.get(a.name)!;
    const rb = rem.get(b.name)!;
    return ra !== rb ? (ra > rb ? -1 : 1) : tieBreak(a, b);
  });
  for (let i = 0; i < left; i++) award(got, awards, order[i]!.name, 'remainder');
}

function award(got: Map<string, number>, awards: SeatAward[], name: string, basis: AwardBasis): void {
  const seat = (got.get(name) ?? 0) + 1;
  got.set(name, seat);
  awards.push({ order: awards.length + 1, department: name, seat, basis });
}

/**
 * Divisor methods rank w / D(d), d = seats held. Priority of a beats b iff f(w_a) * g(d_b) > f(w_b) * g(d_a):
 * dhondt D=d+1 (g=d+1); webster D=d+1/2 (g=2d+1); adams D=d (g=d); huntington-hill D=sqrt(d(d+1)),
 * compared squared (f=w^2, g=d(d+1)). g(0)=0 means infinite priority: first seats come before any second seat.
 */
const DIVISORS: Record<'webster' | 'huntington-hill' | 'dhondt' | 'adams', { squared: boolean; g: (d: bigint) => bigint }> = {
  dhondt: { squared: false, g: (d) => d + 1n },
  webster: { squared: false, g: (d) => 2n * d + 1n },
  adams: { squared: false, g: (d) => d },
  'huntington-hill': { squared: true, g: (d) => d * (d + 1n) },
};

function divisor(method: keyof typeof DIVISORS, depts: Dept[], seats: number, got: Map<string, number>, awards: SeatAward[]): void {
  const { squared, g } = DIVISORS[method];
  type Entry = { dept: Dept; f: bigint; g: bigint };
  const before = (a: Entry, b: Entry): boolean => {
    const pa = a.f * b.g;
    const pb = b.f * a.g;
    return pa !== pb ? pa > pb : tieBreak(a.dept, b.dept) < 0;
  };
  const heap: Entry[] = depts.map((dept) => ({ dept, f: squared ? dept.w * dept.w : dept.w, g: g(BigInt(got.get(dept.name) ?? 0)) }));
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && before(heap[l]!, heap[top]!)) top = l;
      if (r < heap.length && before(heap[r]!, heap[top]!)) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  for (let s = 0; s < seats && heap.length > 0; s++) {
    const top = heap[0]!;
    award(got, awards, top.dept.name, 'priority');
    top.g = g(BigInt(got.get(top.dept.name)!));
    siftDown(0);
  }
}

function manualSeats(input: ApportionmentInput, depts: Dept[]): Failure | Map<string, number> {
  const manual = input.manual;
  if (manual === null || typeof manual !== 'object' || Array.isArray(manual)) {
    return fail('INVALID_MANUAL', "method 'manual' requires `manual`: an object mapping each department to its seats");
  }
  const known = new Set(depts.map((d) => d.name));
  const extra = Object.keys(manual).filter((k) => !known.has(k)).sort(compareCodePoints);
  const missing = depts.filter((d) => !Object.hasOwn(manual, d.name)).map((d) => d.name);
  if (extra.length > 0 || missing.length > 0) {
    const parts = [missing.length ? `missing ${missing.map((m) => `"${m}"`).join(', ')}` : '', extra.length ? `unknown ${extra.map((m) => `"${m}"`).join(', ')}` : ''];
    return fail('MANUAL_DEPARTMENTS_MISMATCH', `manual seats must cover exactly the weighted departments: ${parts.filter(Boolean).join('; ')}`);
  }
  const got = new Map<string, number>();
  let sum = 0;
  for (const d of depts) {
    const v: unknown = manual[d.name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      return fail('INVALID_MANUAL', `manual seats for department "${d.name}" must be a non-negative integer (got ${String(v)})`);
    }
    if (input.minimum === 1 && d.w > 0n && v < 1) return fail('MINIMUM_NOT_MET', `department "${d.name}" has a positive weight but 0 manual seats; minimum is 1`);
    got.set(d.name, v);
    sum += v;
  }
  if (sum !== input.seats) return fail('MANUAL_SUM_MISMATCH', `manual seats sum to ${sum} but the house size is ${input.seats}`);
  return got;
}

/**
 * Apportion `seats` among the departments of `weights` with the chosen method.
 * Invariants on success: seats sum to the house size; zero-weight departments get 0 (except under
 * 'manual'); with minimum 1 every positive-weight department gets >= 1; the result (including
 * the key order of `seats`, which is canonical code-point order) is independent of key insertion order.
 */
export function apportion(input: ApportionmentInput): ApportionmentResult {
  if (!(APPORTIONMENT_METHODS as readonly string[]).includes(input.method)) {
    return fail('INVALID_METHOD', `unknown method "${String(input.method)}"; valid methods: ${APPORTIONMENT_METHODS.join(', ')}`);
  }
  const bad = validateSeats(input.seats);
  if (bad) return bad;
  const minimum = input.minimum ?? 0;
  if (minimum !== 0 && minimum !== 1) return fail('INVALID_MINIMUM', `minimum must be 0 or 1 (got ${String(minimum)})`);
  const exact = exactWeights(input.weights);
  if ('ok' in exact) return exact;
  const { depts } = exact;
  const positive = depts.filter((d) => d.w > 0n);
  if (minimum === 1 && positive.length > input.seats) {
    return fail('MINIMUM_EXCEEDS_SEATS', `minimum 1 needs ${positive.length} seats (one per department with positive weight) but the house has ${input.seats}`);
  }
  const got = new Map<string, number>();
  const awards: SeatAward[] = [];
  if (input.method === 'manual') {
    const m = manualSeats({ ...input, minimum }, depts);
    if (!(m instanceof Map)) return m;
    for (const d of depts) for (let i = 0; i < m.get(d.name)!; i++) award(got, awards, d.name, 'manual');
  } else if (input.method === 'hamilton') {
    // With minimum 1: departments whose Hamilton share would be 0 are pinned at 1 seat and the
    // rest is re-apportioned among the others, repeated until no remaining department gets 0.
    let active = positive;
    const pinned: Dept[] = [];
    for (;;) {
      const trial = new Map<string, number>();
      hamilton(active, input.seats - pinned.length, trial, []);
      const zero = minimum === 1 ? active.filter((d) => !trial.has(d.name)) : [];
      if (zero.length === 0) break;
      pinned.push(...zero);
      active = active.filter((d) => trial.has(d.name));
    }
    for (const d of pinned) award(got, awards, d.name, 'minimum');
    if (active.length > 0) hamilton(active, input.seats - pinned.length, got, awards);
  } else {
    if (minimum === 1) for (const d of positive) award(got, awards, d.name, 'minimum');
    divisor(input.method, positive, input.seats - awards.length, got, awards);
  }
  return { ok: true, method: input.method, seats: Object.fromEntries(depts.map((d) => [d.name, got.get(d.name) ?? 0])), ranking: awards };
}

/** Exact Hare (standard) quotas q_i = w_i * N / W for every department, plus the exact total weight W; same validation as `apportion`. */
export function exactQuotas(
  seats: number,
  weights: Readonly<Record<string, number>>,
): Failure | { ok: true; quotas: Record<string, ExactRational>; totalWeight: ExactRational } {
  const bad = validateSeats(seats);
  if (bad) return bad;
  const exact = exactWeights(weights);
  if ('ok' in exact) return exact;
  const total = exact.depts.reduce((s, d) => s + d.w, 0n);
  const quotas = Object.fromEntries(exact.depts.map((d) => [d.name, { numerator: d.w * BigInt(seats), denominator: total }]));
  return { ok: true, quotas, totalWeight: { numerator: total, denominator: exact.scale } };
}

/** Formats a non-negative exact rational with `decimals` fraction digits, rounding half up exactly (no floats). */
export function formatExact(q: ExactRational, decimals: number): string {
  const unit = 10n ** BigInt(decimals);
  const scaled = (2n * q.numerator * unit + q.denominator) / (2n * q.denominator);
  if (decimals === 0) return scaled.toString();
  const s = scaled.toString().padStart(decimals + 1, '0');
  return `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}
