/** Small statistics helpers for the forecast; pure. */

export type Band = Readonly<{ p10: number; p50: number; p90: number }>;

/** A random source: anything with uniform `next()` in [0, 1) and standard `normal()` (src/sim/rng.ts fits). */
export type RandomSource = Readonly<{ next: () => number; normal: () => number }>;

/** Quantile of already sorted values by linear interpolation (type 7, as R and NumPy default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** P10, P50 and P90 of a sample (the input is not modified). */
export function bandOf(values: ArrayLike<number>): Band {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return { p10: quantileSorted(sorted, 0.1), p50: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9) };
}

/**
 * A Student t draw with `df` degrees of freedom (standard normal when null): the predictive spread of a
 * level whose σ was estimated from df + 1 past errors, so few origins give heavier tails, not false precision.
 */
export function studentT(rng: RandomSource, df: number | null): number {
  const z = rng.normal();
  if (df === null || df <= 0) return z;
  let chi2 = 0;
  for (let k = 0; k < df; k++) chi2 += rng.normal() ** 2;
  return z / Math.sqrt(chi2 / df);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Least-squares slope and its standard error of y on x; zero slope with infinite error below 3 points. */
export function linearTrend(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number; slopeSe: number } {
  const n = xs.length;
  if (n < 3) return { slope: 0, intercept: mean(ys), slopeSe: Number.POSITIVE_INFINITY };
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - intercept - slope * xs[i]!) ** 2;
  const slopeSe = sxx === 0 ? Number.POSITIVE_INFINITY : Math.sqrt(sse / (n - 2) / sxx);
  return { slope, intercept, slopeSe };
}

/** Rounds to cents for presentation (forecast amounts are floats inside the simulation). */
export function roundUsd(value: number): number {
  return Math.round(value * 100) / 100;
}

export function roundBand(b: Band): Band {
  return { p10: roundUsd(b.p10), p50: roundUsd(b.p50), p90: roundUsd(b.p90) };
}
