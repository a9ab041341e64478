import { addDays, daysBetween } from '../dates.ts';

/**
 * Survey correction: demand surveys under-predict real use. For every survey period that overlaps at
 * least four weeks of usage history, the ratio actual / surveyed (monthly USD at API rates) is learned
 * per department and for the organization (sum of actuals over sum of estimates). A department with
 * little history is forecast from its latest estimate times its own ratio, else the organization's,
 * else 1 (no evidence either way).
 */

export type SurveyInput = Readonly<{ departmentId: string; periodStart: string; periodEnd: string; estimatedMonthlyUsd: number }>;

export type SurveyRatio = Readonly<{
  departmentId: string;
  surveyedMonthlyUsd: number;
  actualMonthlyUsd: number | null;
  ratio: number | null;
  daysObserved: number;
}>;

export const MIN_SURVEY_OVERLAP_DAYS = 28;
const DAYS_PER_MONTH = 30.44;

export function learnSurveyRatios(input: {
  estimates: readonly SurveyInput[];
  /** Actual usage per department per day over [historyStart, today). */
  actualByDepartmentDay: ReadonlyMap<string, ReadonlyMap<string, number>>;
  historyStart: string;
  today: string;
}): { departments: SurveyRatio[]; orgRatio: number | null } {
  const perDept = new Map<string, { surveyed: number; actual: number; days: number; withData: number; surveyedWithData: number }>();
  for (const e of input.estimates) {
    const from = e.periodStart > input.historyStart ? e.periodStart : input.historyStart;
    const to = e.periodEnd < input.today ? e.periodEnd : input.today;
    const overlap = Math.max(0, daysBetween(from, to));
    const acc = perDept.get(e.departmentId) ?? { surveyed: 0, actual: 0, days: 0, withData: 0, surveyedWithData: 0 };
    acc.surveyed += e.estimatedMonthlyUsd;
    if (overlap >= MIN_SURVEY_OVERLAP_DAYS) {
      const daily = input.actualByDepartmentDay.get(e.departmentId);
      let sum = 0;
      for (let d = 0; d < overlap; d++) sum += daily?.get(addDays(from, d)) ?? 0;
      acc.actual += (sum / overlap) * DAYS_PER_MONTH;
      acc.surveyedWithData += e.estimatedMonthlyUsd;
      acc.withData++;
      acc.days += overlap;
    }
    perDept.set(e.departmentId, acc);
  }
  let orgActual = 0;
  let orgSurveyed = 0;
  const departments = [...perDept].map(([departmentId, a]): SurveyRatio => {
    const count = input.estimates.filter((e) => e.departmentId === departmentId).length;
    if (a.withData > 0 && a.surveyedWithData > 0) {
      orgActual += a.actual;
      orgSurveyed += a.surveyedWithData;
    }
    return {
      departmentId,
      surveyedMonthlyUsd: round2(a.surveyed / count),
      actualMonthlyUsd: a.withData > 0 ? round2(a.actual / a.withData) : null,
      ratio: a.withData > 0 && a.surveyedWithData > 0 ? round2(a.actual / a.surveyedWithData) : null,
      daysObserved: a.days,
    };
  });
  return { departments, orgRatio: orgSurveyed > 0 ? round2(orgActual / orgSurveyed) : null };
}

/** Expected monthly usage of a department from its latest estimate, corrected by the learned ratio. */
export function correctedMonthlyUsd(input: { estimates: readonly SurveyInput[]; departmentId: string; ratios: readonly SurveyRatio[]; orgRatio: number | null }): number | null {
  const latest = input.estimates.filter((e) => e.departmentId === input.departmentId).sort((a, b) => (a.periodStart < b.periodStart ? 1 : -1))[0];
  if (!latest) return null;
  const ratio = input.ratios.find((r) => r.departmentId === input.departmentId)?.ratio ?? input.orgRatio ?? 1;
  return latest.estimatedMonthlyUsd * ratio;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
