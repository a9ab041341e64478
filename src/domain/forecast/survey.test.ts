import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.ts';
import { correctedMonthlyUsd, learnSurveyRatios } from './survey.ts';

const daily = (from: string, days: number, usd: number) => new Map(Array.from({ length: days }, (_, i) => [addDays(from, i), usd] as const));

describe('learnSurveyRatios', () => {
  it('learns actual / surveyed over the overlap, as a monthly rate', () => {
    // Surveyed $20/month; actual $3.2876/day × 30.44 = $100.07/month → ratio 5.0.
    const r = learnSurveyRatios({
      estimates: [{ departmentId: 'a', periodStart: '2026-06-01', periodEnd: '2026-09-01', estimatedMonthlyUsd: 20 }],
      actualByDepartmentDay: new Map([['a', daily('2026-06-01', 92, 100 / 30.44)]]),
      historyStart: '2026-05-01',
      today: '2026-11-01',
    });
    expect(r.departments[0]).toMatchObject({ departmentId: 'a', ratio: 5, daysObserved: 92 });
    expect(r.orgRatio).toBe(5);
  });

  it('learns nothing from a survey with under four weeks of overlapping history', () => {
    const r = learnSurveyRatios({
      estimates: [{ departmentId: 'a', periodStart: '2026-10-10', periodEnd: '2026-12-01', estimatedMonthlyUsd: 20 }],
      actualByDepartmentDay: new Map([['a', daily('2026-10-10', 22, 5)]]),
      historyStart: '2026-05-01',
      today: '2026-11-01',
    });
    expect(r.departments[0]!.ratio).toBeNull();
    expect(r.orgRatio).toBeNull();
  });
});

describe('correctedMonthlyUsd', () => {
  const estimates = [
    { departmentId: 'new', periodStart: '2026-01-01', periodEnd: '2026-02-01', estimatedMonthlyUsd: 10 },
    { departmentId: 'new', periodStart: '2026-12-01', periodEnd: '2027-01-01', estimatedMonthlyUsd: 40 },
  ];
  it('scales the latest estimate by the organization ratio when the department has none', () => {
    expect(correctedMonthlyUsd({ estimates, departmentId: 'new', ratios: [], orgRatio: 5 })).toBe(200);
  });
  it('prefers the department’s own ratio', () => {
    expect(correctedMonthlyUsd({ estimates, departmentId: 'new', ratios: [{ departmentId: 'new', surveyedMonthlyUsd: 25, actualMonthlyUsd: 75, ratio: 3, daysObserved: 30 }], orgRatio: 5 })).toBe(120);
  });
  it('has nothing to say without an estimate', () => {
    expect(correctedMonthlyUsd({ estimates, departmentId: 'other', ratios: [], orgRatio: 5 })).toBeNull();
  });
});
