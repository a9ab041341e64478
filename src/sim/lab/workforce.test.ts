import { describe, expect, it } from 'vitest';
import seedCompany from '../scenarios/seed-company.json' with { type: 'json' };
import { parseScenario } from '../scenarios/schema.ts';
import { generateWorld, tenureYearsOn } from './workforce.ts';

const scenario = parseScenario(seedCompany);
const world = generateWorld(scenario, 1);

const corr = (xs: number[], ys: number[]) => {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0, sxx = 0, syy = 0;
  xs.forEach((x, i) => ((sxy += (x - mx) * (ys[i]! - my)), (sxx += (x - mx) ** 2), (syy += (ys[i]! - my) ** 2)));
  return sxy / Math.sqrt(sxx * syy);
};

describe('generateWorld', () => {
  it('is deterministic for a scenario and seed, and differs across seeds', () => {
    const again = generateWorld(scenario, 1);
    expect(Buffer.from(again.demand.buffer).equals(Buffer.from(world.demand.buffer))).toBe(true);
    expect(Buffer.from(generateWorld(scenario, 2).demand.buffer).equals(Buffer.from(world.demand.buffer))).toBe(false);
  });

  it('starts with the seed company’s headcount and hires replacements for leavers', () => {
    const atStart = Array.from({ length: world.people }, (_, p) => p).filter((p) => world.hireDay[p]! <= 0);
    expect(atStart).toHaveLength(100);
    expect(world.people).toBeGreaterThan(100);
    expect(Array.from(world.leaveDay).some((d) => d < world.totalDays)).toBe(true);
  });

  it('has weekday seasonality: weekends carry a small fraction of weekday use', () => {
    let weekday = 0;
    let weekend = 0;
    for (let p = 0; p < world.people; p++) for (let d = 0; d < world.totalDays; d++) (d % 7 >= 5 ? (weekend += world.demand[p * world.totalDays + d]!) : (weekday += world.demand[p * world.totalDays + d]!));
    expect(weekday).toBeGreaterThan(10 * weekend);
  });

  it('bursts in calendar sprints: sprint weeks of sprinting people use about 2.5–4.5x their other weeks', () => {
    let inSprint = 0, nIn = 0, outside = 0, nOut = 0;
    for (let p = 0; p < world.people; p++) {
      for (let w = 0; w < world.totalWeeks; w++) {
        const v = world.weekMessages[p * world.totalWeeks + w]!;
        if (v === 0) continue;
        if (world.inSprint[p * world.totalWeeks + w]) (inSprint += v), nIn++;
        else if (Array.from({ length: world.totalWeeks }, (_, k) => world.inSprint[p * world.totalWeeks + k]).some(Boolean)) (outside += v), nOut++;
      }
    }
    const ratio = inSprint / nIn / (outside / nOut);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(4.5);
    expect(world.projects.length).toBeGreaterThan(50);
  });

  it('grows adoption: the last quarter uses more than the first', () => {
    const sum = (from: number, to: number) => { let n = 0; for (let p = 0; p < world.people; p++) for (let w = from; w < to; w++) n += world.weekMessages[p * world.totalWeeks + w]!; return n; };
    expect(sum(world.totalWeeks - 13, world.totalWeeks)).toBeGreaterThan(1.3 * sum(0, 13));
  });

  it('has survey answers that under-predict typical use by 3–5x', () => {
    for (let p = 0; p < world.people; p++) {
      let typical = 0, days = 0;
      for (let w = 0; w < world.warmupWeeks; w++) if (!world.inSprint[p * world.totalWeeks + w]) for (let k = 0; k < 5; k++) { const v = world.demand[p * world.totalDays + w * 7 + k]!; if (v > 0) (typical += v), days++; }
      if (days < 20) continue;
      const ratio = typical / days / world.surveyMessages[p]!;
      expect(ratio).toBeGreaterThan(1.5);
      expect(ratio).toBeLessThan(9);
    }
  });

  it('draws tenure independently of need by default, and correlated when the scenario says so', () => {
    const intensity = (w: typeof world) => Array.from({ length: w.people }, (_, p) => { let n = 0; for (let k = 0; k < w.totalWeeks; k++) n += w.weekMessages[p * w.totalWeeks + k]!; return Math.log(1 + n); });
    const tenure = (w: typeof world) => Array.from({ length: w.people }, (_, p) => tenureYearsOn(w, p, 0));
    const independent = [1, 2, 3].map((s) => generateWorld(scenario, s)).map((w) => corr(intensity(w), tenure(w)));
    expect(Math.abs(independent.reduce((a, b) => a + b, 0) / 3)).toBeLessThan(0.2);
    const correlated = generateWorld(parseScenario({ ...seedCompany, workforce: { tenureNeedCorrelation: 0.8 } }), 1);
    expect(corr(intensity(correlated), tenure(correlated))).toBeGreaterThan(0.3);
  });
});
