import { median } from '../stats.ts';

/**
 * Surge detection on a cost (or usage) series, robust to weekly seasonality.
 *
 * Each point is compared, on a log scale, with the median of the same phase in the previous seasons
 * (same weekday for daily series, same hour of the week for hourly ones). The residual is scaled by a
 * robust spread (1.4826 × MAD of recent residuals) into a z-score. An alarm fires when one point is far
 * off (`z ≥ zAlarm`) or when a one-sided CUSUM of the z-scores (`S = max(0, S + min(z, zCap) − k)`)
 * reaches `h`, which catches sustained moderate rises. After an alarm the detector stays in the surge
 * episode until the series is back near normal, so one surge gives one alarm.
 *
 * The detector is causal: the decision at a point uses only that point and earlier ones, so running it
 * once over a whole series gives exactly the alarms a live evaluator would have raised hour by hour.
 */

export type SeriesPoint = Readonly<{ t: number; value: number }>;

export type DetectorOptions = Readonly<{
  /** Points per season: 7 for a daily series, 168 for an hourly one. */
  season: number;
  /** Past seasons whose same-phase median is the baseline. */
  seasons: number;
  /** Past seasons needed before any judgement (warm-up). */
  minSeasons: number;
  /** Residuals (points) the spread is estimated from. */
  scaleWindow: number;
  /** Smallest spread on the log scale, so a perfectly regular series does not alarm on noise. */
  minScale: number;
  zAlarm: number;
  cusumK: number;
  cusumH: number;
  zCap: number;
  /** Leaving an episode: the mean z of the last `calmPoints` points is below `zCalm`. */
  calmPoints: number;
  zCalm: number;
}>;

export const DAILY_DETECTOR: DetectorOptions = { season: 7, seasons: 6, minSeasons: 3, scaleWindow: 56, minScale: 0.12, zAlarm: 5, cusumK: 1, cusumH: 6, zCap: 6, calmPoints: 2, zCalm: 1 };
export const HOURLY_DETECTOR: DetectorOptions = { season: 168, seasons: 6, minSeasons: 3, scaleWindow: 336, minScale: 0.12, zAlarm: 6.5, cusumK: 2, cusumH: 10, zCap: 6, calmPoints: 24, zCalm: 1 };

export type PointScore = Readonly<{ t: number; value: number; expected: number | null; z: number | null; cusum: number; isAlarm: boolean; isInEpisode: boolean }>;

export type SurgeAlarm = Readonly<{
  /** The point at which the alarm fired. */
  at: number;
  /** Where the run of elevated points that led to the alarm began (best estimate of the surge start). */
  startedAt: number;
  value: number;
  expected: number;
  /** value / expected. */
  ratio: number;
  z: number;
  trigger: 'z' | 'cusum';
}>;

export type Detection = Readonly<{ scores: readonly PointScore[]; alarms: readonly SurgeAlarm[] }>;

const MAD_TO_SD = 1.4826;

/**
 * The log offset: zeros (nights, weekends, holidays) are common in usage data. Offsetting by 5% of the
 * typical positive level keeps log(0) finite and damps the noise of near-empty points.
 */
function logOffset(values: readonly number[]): number {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return 1;
  return Math.max(1e-6, 0.05 * median(positive));
}

/** Scores every point of an evenly spaced series and lists the surge alarms (see the module comment). */
export function detectSurges(series: readonly SeriesPoint[], options: DetectorOptions): Detection {
  const { season } = options;
  const offset = logOffset(series.slice(0, Math.min(series.length, season * (options.minSeasons + 1))).map((p) => p.value));
  const y = series.map((p) => Math.log(Math.max(0, p.value) + offset));
  const residuals: number[] = [];
  const scores: PointScore[] = [];
  const alarms: SurgeAlarm[] = [];
  let scale = options.minScale;
  let cusum = 0;
  let isInEpisode = false;
  let recent: number[] = [];
  let runStart: number | null = null;
  for (let i = 0; i < series.length; i++) {
    const point = series[i]!;
    const past: number[] = [];
    let pastPositive = 0;
    for (let k = 1; k <= options.seasons && i - k * season >= 0; k++) {
      past.push(y[i - k * season]!);
      if (series[i - k * season]!.value > 0) pastPositive++;
    }
    // No baseline, no judgement: a phase that was (almost) always empty says nothing about what is usual.
    if (past.length < options.minSeasons || pastPositive < Math.min(options.minSeasons, past.length) - 1) {
      scores.push({ t: point.t, value: point.value, expected: null, z: null, cusum: 0, isAlarm: false, isInEpisode: false });
      continue;
    }
    // The spread is refreshed once per season boundary or per day of points, whichever is sooner: cheap and stable.
    if (residuals.length > 0 && (i % Math.min(season, 24) === 0 || scale === options.minScale)) {
      const window = residuals.slice(-options.scaleWindow);
      const center = median(window);
      scale = Math.max(options.minScale, MAD_TO_SD * median(window.map((r) => Math.abs(r - center))));
    }
    const base = median(past);
    const residual = y[i]! - base;
    const z = residual / scale;
    // Points inside a surge episode would inflate the spread; they are left out of it.
    if (!isInEpisode) residuals.push(residual);
    if (residuals.length > options.scaleWindow * 2) residuals.splice(0, residuals.length - options.scaleWindow);
    cusum = Math.max(0, cusum + Math.min(z, options.zCap) - options.cusumK);
    runStart = z > options.cusumK ? (runStart ?? point.t) : cusum > 0 ? runStart : null;
    const expected = Math.max(0, Math.exp(base) - offset);
    let isAlarm = false;
    if (isInEpisode) {
      recent.push(z);
      if (recent.length > options.calmPoints) recent.shift();
      if (recent.length === options.calmPoints && recent.reduce((a, b) => a + b, 0) / recent.length < options.zCalm) {
        isInEpisode = false;
        cusum = 0;
        runStart = null;
      }
    } else if (z >= options.zAlarm || cusum >= options.cusumH) {
      isAlarm = true;
      isInEpisode = true;
      recent = [];
      alarms.push({ at: point.t, startedAt: runStart ?? point.t, value: point.value, expected, ratio: expected > 0 ? point.value / expected : Number.POSITIVE_INFINITY, z, trigger: z >= options.zAlarm ? 'z' : 'cusum' });
    }
    scores.push({ t: point.t, value: point.value, expected, z, cusum, isAlarm, isInEpisode });
  }
  return { scores, alarms };
}
