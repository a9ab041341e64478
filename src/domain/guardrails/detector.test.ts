import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createRng } from '../../sim/rng.ts';
import { DAILY_DETECTOR, detectSurges, HOURLY_DETECTOR, type SeriesPoint } from './detector.ts';
import { generateCostSeries } from './synthetic.ts';

// Thousands of series-years of hourly points: seconds alone, longer on a busy machine running files in parallel.
vi.setConfig({ testTimeout: 120_000 });

const HOUR = 3_600_000;
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6); // a Monday
const SERIES = 100;
const WARM_UP_DAYS = 42;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Hourly cost of a department: weekday and working-hour seasonality, ±30% noise per hour. */
const hourly = (seed: number, points: number, surge?: { startIndex: number }) =>
  generateCostSeries({ rng: createRng(seed), start: START, points, granularity: 'hour', level: 300, noise: 0.3, ...(surge ? { surge: { startIndex: surge.startIndex, factor: 5, length: 24 * 7 } } : {}) });

const daily = (seed: number, points: number, surge?: { startIndex: number }) =>
  generateCostSeries({ rng: createRng(seed), start: START, points, granularity: 'day', level: 300, noise: 0.15, ...(surge ? { surge: { startIndex: surge.startIndex, factor: 5, length: 14 } } : {}) });

describe('detectSurges: acceptance on synthetic series', () => {
  it('alerts on a sustained 5x surge within 24 hours of its start, at a random hour, in every one of 100 hourly series', () => {
    const delays: number[] = [];
    for (let s = 0; s < SERIES; s++) {
      const rng = createRng(90_000 + s);
      // After the warm-up, anywhere in the following 300 days, at any hour of any weekday.
      const startIndex = (WARM_UP_DAYS + 7) * 24 + rng.int(0, 300 * 24);
      const series = hourly(10_000 + s, startIndex + 24 * 7, { startIndex });
      const surgeAt = series[startIndex]!.t;
      const alarm = detectSurges(series, HOURLY_DETECTOR).alarms.find((a) => a.at >= surgeAt);
      expect(alarm, `series ${s}: surge at ${new Date(surgeAt).toISOString()} not detected`).toBeDefined();
      const delayHours = (alarm!.at - surgeAt) / HOUR;
      delays.push(delayHours);
      expect(delayHours).toBeLessThan(24);
    }
    console.info(`[guardrails] hourly 5x surge detection over ${SERIES} series: mean delay ${mean(delays).toFixed(2)} h, max ${Math.max(...delays)} h`);
  });

  it('raises at most 2 false alarms in 365 days without a surge, hourly series (8,760 points each)', () => {
    const counts: number[] = [];
    for (let s = 0; s < SERIES; s++) {
      const series = hourly(20_000 + s, (WARM_UP_DAYS + 365) * 24);
      const judged = series[WARM_UP_DAYS * 24]!.t;
      counts.push(detectSurges(series, HOURLY_DETECTOR).alarms.filter((a) => a.at >= judged).length);
    }
    console.info(`[guardrails] hourly false alarms over ${SERIES} surge-free years: total ${counts.reduce((a, b) => a + b, 0)}, max per year ${Math.max(...counts)}, series with any ${counts.filter((c) => c > 0).length}`);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
  });

  it('raises at most 2 false alarms in 365 days without a surge, daily series, and detects a daily 5x surge on its first full day', () => {
    const counts: number[] = [];
    const delays: number[] = [];
    for (let s = 0; s < SERIES; s++) {
      const series = daily(30_000 + s, WARM_UP_DAYS + 365);
      counts.push(detectSurges(series, DAILY_DETECTOR).alarms.filter((a) => a.at >= series[WARM_UP_DAYS]!.t).length);
      const startIndex = WARM_UP_DAYS + 7 + createRng(40_000 + s).int(0, 300);
      const surged = daily(50_000 + s, startIndex + 14, { startIndex });
      const alarm = detectSurges(surged, DAILY_DETECTOR).alarms.find((a) => a.at >= surged[startIndex]!.t);
      expect(alarm).toBeDefined();
      delays.push((alarm!.at - surged[startIndex]!.t) / DAY);
    }
    console.info(`[guardrails] daily false alarms over ${SERIES} surge-free years: total ${counts.reduce((a, b) => a + b, 0)}, max per year ${Math.max(...counts)}; daily surge delay mean ${mean(delays).toFixed(2)} d, max ${Math.max(...delays)} d (the day's bucket closes 24 h after it starts)`);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    expect(Math.max(...delays)).toBe(0);
  });
});

describe('detectSurges: behaviour', () => {
  it('is causal: the alarms on any prefix are exactly the full run’s alarms inside that prefix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 30, max: 120 }), fc.boolean(), (seed, cut, withSurge) => {
        const series = daily(seed, 140, withSurge ? { startIndex: 60 + (seed % 40) } : undefined);
        const full = detectSurges(series, DAILY_DETECTOR).alarms;
        const prefix = detectSurges(series.slice(0, cut), DAILY_DETECTOR).alarms;
        expect(prefix).toEqual(full.filter((a) => a.at <= series[cut - 1]!.t));
      }),
      { numRuns: 60 },
    );
  });

  it('does not judge before the warm-up (three past weeks for a daily series)', () => {
    const series: SeriesPoint[] = Array.from({ length: 21 }, (_, i) => ({ t: START + i * DAY, value: i === 20 ? 10_000 : 100 }));
    const result = detectSurges(series, DAILY_DETECTOR);
    expect(result.alarms).toEqual([]);
    expect(result.scores.every((s) => s.z === null)).toBe(true);
  });

  it('treats the weekend dip and the Monday return as normal, and a 5x Monday as a surge', () => {
    const weekday = [20, 100, 100, 100, 100, 90, 20];
    const series: SeriesPoint[] = Array.from({ length: 8 * 7 }, (_, i) => ({ t: START + i * DAY, value: weekday[new Date(START + i * DAY).getUTCDay()]! * (1 + ((i * 7919) % 11) / 100) }));
    expect(detectSurges(series, DAILY_DETECTOR).alarms).toEqual([]);
    const surged = [...series, { t: START + 8 * 7 * DAY, value: 500 }];
    const alarms = detectSurges(surged, DAILY_DETECTOR).alarms;
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ at: START + 56 * DAY, trigger: 'z' });
    expect(alarms[0]!.ratio).toBeGreaterThan(4.5);
  });

  it('gives one alarm per surge episode, and alarms again on a later, separate surge', () => {
    const base = daily(7, 120);
    const bump = (i: number) => (i >= 60 && i < 70) || (i >= 100 && i < 105);
    const series = base.map((p, i) => (bump(i) ? { ...p, value: p.value * 5 } : p));
    const alarms = detectSurges(series, DAILY_DETECTOR).alarms.filter((a) => a.at >= series[WARM_UP_DAYS]!.t);
    expect(alarms.map((a) => Math.round((a.at - START) / DAY))).toEqual([60, 100]);
  });

  it('catches a sustained moderate rise (2x) through the CUSUM', () => {
    const base = daily(11, 100);
    const series = base.map((p, i) => (i >= 70 ? { ...p, value: p.value * 2 } : p));
    const alarm = detectSurges(series, DAILY_DETECTOR).alarms.find((a) => a.at >= series[70]!.t);
    expect(alarm).toBeDefined();
    expect((alarm!.at - series[70]!.t) / DAY).toBeLessThanOrEqual(3);
  });

  it('copes with all-zero stretches (no usage for weeks) without alarming on zeros', () => {
    const series: SeriesPoint[] = Array.from({ length: 60 }, (_, i) => ({ t: START + i * DAY, value: 0 }));
    expect(detectSurges(series, DAILY_DETECTOR).alarms).toEqual([]);
  });
});
