import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';

export type Band = Readonly<{ p10: number; p50: number; p90: number }>;
export type MonthFigures = Readonly<{ cost: Band; seatFees: number; extraUsage: Band; usage: Band }>;
export type ForecastSeries = Readonly<{ history: ReadonlyArray<{ day: string; usageUsd: number }>; forecast: ReadonlyArray<{ day: string } & Band> }>;
export type OrgForecast = Readonly<{
  today: string;
  currency: 'USD';
  paths: number;
  months: ReadonlyArray<{ month: string; org: MonthFigures; departments: Record<string, MonthFigures> }>;
  daily: { org: ForecastSeries; departments: Record<string, ForecastSeries> };
  model: { growthPerMonth: number; levelSigma: number; calibrationOrigins: number; skippedWeeks: number; trendDampingPerDay: number; holidaysAhead: number; holidayFactor: number; holidayFactorSource: 'history' | 'weekend' | 'none'; allowanceUsdPerDay: Record<string, number>; extraUsageRate: number | null; departmentsFromSurvey: string[] };
}>;
export type PlanOption = Readonly<{ kind: 'team_current' | 'team_optimal' | 'enterprise' | 'extra_usage'; label: string; standardSeats: number; premiumSeats: number; monthly: Band | null; saving: Band | null; chanceCheaper: number | null }>;
export type PlanComparison = Readonly<{
  months: string[];
  options: PlanOption[];
  recommendation: { action: 'stay' | 'switch'; option: string; paysOffFrom: string | null; answer: string };
  prices: { teamStandard: number; teamPremium: number; enterpriseSeat: number | null; enterpriseUsageRate: number | null; teamExtraUsageRate: number | null };
}>;
export type SurveyCorrection = Readonly<{ orgRatio: number | null; departments: Array<{ departmentId: string; departmentName: string; surveyedMonthlyUsd: number; actualMonthlyUsd: number | null; ratio: number | null; daysObserved: number }> }>;

export function useForecast(months: number) {
  return useQuery({ queryKey: ['forecast', months], queryFn: ({ signal }) => apiFetch<OrgForecast>('/api/forecast', { signal, query: { months } }), staleTime: 5 * 60_000 });
}

export function usePlanComparison(months: number) {
  return useQuery({ queryKey: ['plans', 'compare', months], queryFn: ({ signal }) => apiFetch<PlanComparison>('/api/plans/compare', { signal, query: { months } }), staleTime: 5 * 60_000 });
}

export function useSurveyCorrection() {
  return useQuery({ queryKey: ['survey-estimates', 'correction'], queryFn: ({ signal }) => apiFetch<SurveyCorrection>('/api/survey-estimates/correction', { signal }), staleTime: 5 * 60_000 });
}
