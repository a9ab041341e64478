import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalToCents } from './money.ts';
import { aggregateSurvey, DEFAULT_QUESTIONS, observedUsdPerHour, validateAnswers, validateQuestions, WEEKS_PER_MONTH } from './surveys.ts';

describe('validateAnswers', () => {
  it('accepts the standard questionnaire and rounds hours to a quarter hour', () => {
    const r = validateAnswers(DEFAULT_QUESTIONS, { weekly_hours: '6.1', main_tasks: ['Writing code', 'Writing code', 'Debugging'], projects: '  OTA-2 ' });
    expect(r).toEqual({ ok: true, answers: { weekly_hours: 6, main_tasks: ['Writing code', 'Debugging'], projects: 'OTA-2' }, weeklyHours: 6 });
  });

  it('reports every problem by question key', () => {
    const r = validateAnswers(DEFAULT_QUESTIONS, { main_tasks: ['Juggling'], tools: 'Claude Code', colour: 'blue' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.key).sort()).toEqual(['colour', 'main_tasks', 'weekly_hours']);
    expect(r.problems.find((p) => p.key === 'weekly_hours')?.message).toBe('is required');
  });

  it('refuses hours outside 0–60', () => {
    expect(validateAnswers(DEFAULT_QUESTIONS, { weekly_hours: 61 }).ok).toBe(false);
    expect(validateAnswers(DEFAULT_QUESTIONS, { weekly_hours: -1 }).ok).toBe(false);
    expect(validateAnswers(DEFAULT_QUESTIONS, { weekly_hours: 60 }).ok).toBe(true);
  });
});

describe('validateQuestions', () => {
  it('requires the weekly hours question and unique keys', () => {
    expect(validateQuestions(DEFAULT_QUESTIONS)).toEqual([]);
    const problems = validateQuestions([DEFAULT_QUESTIONS[1]!, DEFAULT_QUESTIONS[1]!]);
    expect(problems.map((p) => p.key)).toEqual(['main_tasks', 'weekly_hours']);
  });
});

describe('aggregateSurvey', () => {
  const departments = [{ departmentId: 'sw', departmentName: 'Software', headcount: 20 }, { departmentId: 'hw', departmentName: 'Hardware', headcount: 10 }];

  it('scales the respondents’ average to the department headcount at the campaign rate', () => {
    const [sw, hw] = aggregateSurvey({ questions: DEFAULT_QUESTIONS, departments, usdPerHour: 3, responses: [
      { departmentId: 'sw', weeklyHours: 4, answers: { weekly_hours: 4, tools: ['Claude Code'] } },
      { departmentId: 'sw', weeklyHours: 8, answers: { weekly_hours: 8, tools: ['Claude Code', 'API / scripts'] } },
    ] });
    // 6 h/week × 20 people × 52/12 weeks × $3 = $1,560.00
    expect(sw).toMatchObject({ respondents: 2, averageWeeklyHours: 6, estimatedMonthlyUsd: '1560.00' });
    expect(sw!.choiceCounts.tools).toMatchObject({ 'Claude Code': 2, 'API / scripts': 1, 'IDE assistant': 0 });
    expect(hw).toMatchObject({ respondents: 0, averageWeeklyHours: null, estimatedMonthlyCents: 0 });
  });

  it('money property: the estimate is whole cents, never negative, and exact to a cent of the formula', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 240 }).map((q) => q / 4), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 5000 }).map((c) => c / 100), (hours, headcount, rate) => {
      const [r] = aggregateSurvey({ questions: DEFAULT_QUESTIONS, departments: [{ departmentId: 'd', departmentName: 'D', headcount }], usdPerHour: rate, responses: hours.map((h) => ({ departmentId: 'd', weeklyHours: h, answers: {} })) });
      expect(Number.isInteger(r!.estimatedMonthlyCents)).toBe(true);
      expect(r!.estimatedMonthlyCents).toBeGreaterThanOrEqual(0);
      expect(decimalToCents(r!.estimatedMonthlyUsd)).toBe(r!.estimatedMonthlyCents);
      const exact = (hours.reduce((s, h) => s + h, 0) / hours.length) * headcount * WEEKS_PER_MONTH * Math.round(rate * 100);
      expect(Math.abs(r!.estimatedMonthlyCents - exact)).toBeLessThanOrEqual(0.5 + 1e-6 * exact);
    }));
  });

  it('property: the estimate is monotone in the answers', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 10 }), fc.nat({ max: 9 }), (hours, i) => {
      const run = (hs: number[]) => aggregateSurvey({ questions: DEFAULT_QUESTIONS, departments: [{ departmentId: 'd', departmentName: 'D', headcount: 12 }], usdPerHour: 2.5, responses: hs.map((h) => ({ departmentId: 'd', weeklyHours: h, answers: {} })) })[0]!.estimatedMonthlyCents;
      const more = hours.map((h, j) => (j === i % hours.length ? h + 1 : h));
      expect(run(more)).toBeGreaterThanOrEqual(run(hours));
    }));
  });
});

describe('observedUsdPerHour', () => {
  it('divides cost by active hours, and declines with under 10 active hours', () => {
    expect(observedUsdPerHour({ costUsd: 300, activeMinutes: 6000 })).toBe(3);
    expect(observedUsdPerHour({ costUsd: 300, activeMinutes: 599 })).toBeNull();
  });
});
