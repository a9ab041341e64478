import { useQuery } from '@tanstack/react-query';
import { apiFetch, buildUrl } from './client.ts';

export type FairnessDimension = 'tenureBand' | 'jobFamily' | 'department';
export type ChiSquare = Readonly<{ statistic: number; degreesOfFreedom: number; pValue: number; minExpected: number; isSmallSample: boolean }>;
export type FairnessRow = Readonly<{
  group: string;
  people: number;
  requests: number;
  approved: number;
  denied: number;
  pending: number;
  approvalRate: number | null;
  approvalRatio: number | null;
  approvalP: number | null;
  meanWaitHours: number | null;
  meanLeaseDays: number | null;
  premiumShare: number;
  premiumHolders: number;
  premiumP: number | null;
  meanNeed: number;
  premiumPerNeed: number | null;
  premiumPerNeedRatio: number | null;
  isSmallSample: boolean;
  flags: string[];
}>;
export type FairnessDimensionReport = Readonly<{ dimension: FairnessDimension; rows: FairnessRow[]; approvalFourFifths: number | null; premiumPerNeedFourFifths: number | null; approvalChiSquare: ChiSquare | null; premiumChiSquare: ChiSquare | null; flags: string[] }>;
export type FairnessAudit = Readonly<{ asOf: string; from: string; days: number; generatedAt: string; people: number; requests: number; premiumDaysGini: number; premiumPerNeedJain: number; flagCount: number; dimensions: FairnessDimensionReport[] }>;

export const DIMENSION_LABELS: Readonly<Record<FairnessDimension, string>> = { tenureBand: 'Tenure band', jobFamily: 'Job family', department: 'Department' };

export function useFairness(days: number) {
  return useQuery({ queryKey: ['fairness', days], queryFn: ({ signal }) => apiFetch<FairnessAudit>('/api/fairness', { signal, query: { days } }) });
}

export const fairnessExportUrl = (format: 'csv' | 'html', days: number) => buildUrl(`/api/fairness/report.${format}`, { days });
