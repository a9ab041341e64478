import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';

export type PlanningReason = Readonly<{ input: string; value: string; effect: string }>;
export type QuotaProposal = Readonly<{
  id: string;
  departmentId: string;
  departmentName: string;
  quarterStart: string;
  status: 'proposed' | 'approved' | 'rejected';
  computedNominal: number;
  computedBudget: string;
  proposedNominal: number;
  proposedBudget: string;
  reasons: PlanningReason[];
  adjustedByName: string | null;
  adjustedAt: string | null;
  adjustReason: string | null;
  beforeNominal: number;
  beforeBudget: string | null;
  afterNominal: number | null;
  afterBudget: string | null;
  createdAt: string;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}>;
export type DepartmentPlanning = Readonly<{
  department: { id: string; name: string; headcount: number };
  quarterStart: string;
  quarterLabel: string;
  isPerPerson: boolean;
  quota: { nominalPremium: number; monthlyBudget: string | null };
  weeks: Array<{ weekStart: string; messages: number; limitHits: number; activePeople: number }>;
  need: { highNeedPeople: number; meanNeed: number; levels: { high: number; medium: number; low: number } };
  requests: { open: number; waitlisted: number; deniedLastQuarter: number; items: Array<{ id: string; personName: string | null; status: string; startsAt: string; endsAt: string; requestedAt: string; project: string | null; decisionRule: string | null }> };
  useCases: Array<{ id: string; title: string; task: string; authorName: string | null; minutesSavedPerWeek: number | null; tags: string[]; createdAt: string; votes: number }>;
  surveys: { rows: Array<{ periodStart: string; periodEnd: string; estimatedMonthlyUsd: string; estimatedWeeklyHours: string | null; respondents: number; source: string }>; nextQuarterMonthlyUsd: string | null; correction: number | null };
  forecast: { monthlyUsd: string } | null;
  draft: { nominalPremium: number; monthlyBudget: string; demand: number; trend: number; usageSpend: string; reasons: PlanningReason[] };
  proposal: QuotaProposal | null;
}>;
export type ProposalDecisionResult = Readonly<{
  quarterStart: string;
  applied: boolean;
  capacity: number;
  seats: number;
  changes: Array<{ departmentId: string; departmentName: string; proposalId: string | null; decision: 'approved' | 'rejected' | 'unchanged'; beforeNominal: number; afterNominal: number; beforeBudget: string | null; afterBudget: string | null }>;
}>;

export function useDepartmentPlanning(departmentId: string | null) {
  return useQuery({
    queryKey: ['planning', 'department', departmentId],
    queryFn: ({ signal }) => apiFetch<DepartmentPlanning>(`/api/planning/departments/${encodeURIComponent(departmentId!)}`, { signal }),
    enabled: departmentId !== null,
  });
}

export function useProposals(enabled: boolean) {
  return useQuery({ queryKey: ['planning', 'proposals'], queryFn: ({ signal }) => apiFetch<{ quarterStart: string; items: QuotaProposal[] }>('/api/planning/proposals', { signal }), enabled });
}

export function useSubmitProposal(departmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { nominalPremium?: number; monthlyBudget?: string; reason?: string }) => apiFetch<QuotaProposal>(`/api/planning/departments/${encodeURIComponent(departmentId)}/proposal`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['planning'] }),
  });
}

export function useGenerateProposals() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ items: QuotaProposal[] }>('/api/planning/proposals/generate', { method: 'POST', body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['planning'] }),
  });
}

export function useDecideProposals() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { approve: string[]; reject: string[]; note?: string; apply: boolean }) => apiFetch<ProposalDecisionResult>('/api/planning/proposals/decide', { method: 'POST', body }),
    onSuccess: (r) => {
      if (r.applied) {
        void client.invalidateQueries({ queryKey: ['planning'] });
        void client.invalidateQueries({ queryKey: ['quotas'] });
      }
    },
  });
}
