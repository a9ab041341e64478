import { describe, expect, it } from 'vitest';
import { runSyntheticBacktest } from './backtest.ts';

describe('forecast backtest on the synthetic generator', () => {
  it('meets 30-day MAPE ≤ 15% and P90 coverage within 85–95%', () => {
    // Two held-out seeds (the method was developed on seeds 1–5), a year of weekly origins each.
    const report = runSyntheticBacktest({ seeds: [11, 12], days: 420, step: 7, paths: 200 });
    expect(report.origins).toBeGreaterThanOrEqual(70);
    expect(report.mape).toBeLessThanOrEqual(0.15);
    expect(report.p90Coverage).toBeGreaterThanOrEqual(0.85);
    expect(report.p90Coverage).toBeLessThanOrEqual(0.95);
    // The central band should hold roughly its nominal 80%.
    expect(report.p10p90Coverage).toBeGreaterThan(0.65);
  }, 60_000);
});
