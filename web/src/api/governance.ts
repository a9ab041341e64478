/** Types and hooks for fair governance: the use-case library, demand surveys and participation compliance. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';

export type UseCase = Readonly<{
  id: string;
  title: string;
  task: string;
  workflow: string;
  tools: string[];
  tags: string[];
  links: string[];
  minutesSavedPerWeek: number | null;
  author: { id: string; name: string };
  department: { id: string; name: string } | null;
  upvotes: number;
  users: number;
  hasUpvoted: boolean;
  isUsing: boolean;
  createdAt: string;
}>;

export type UseCasePage = Readonly<{ items: UseCase[]; total: number; limit: number; offset: number }>;
export type UseCaseQuery = Readonly<{ q: string; tag: string; departmentId: string; sort: 'top' | 'new' }>;
export type UseCaseBody = Readonly<{ title: string; task: string; workflow: string; tools: string[]; tags: string[]; links: string[]; minutesSavedPerWeek: number | null; departmentId: string | null }>;
export type VoteKind = 'upvote' | 'uses';

export type SurveyCampaign = Readonly<{ id: string; title: string; periodStart: string; periodEnd: string; status: 'open' | 'closed'; usdPerHour: string; rateSource: string; openedAt: string; closedAt: string | null; respondents: number; hasAnswered: boolean }>;
export type SurveyQuestion = Readonly<{ key: string; prompt: string; kind: 'hours' | 'choices' | 'text'; options: string[]; isRequired: boolean }>;
export type AnswerValue = number | string | string[];
export type SurveyDetail = Readonly<{ campaign: SurveyCampaign; questions: SurveyQuestion[]; myAnswers: Record<string, AnswerValue> | null; myAnsweredAt: string | null }>;
export type SurveyResults = Readonly<{
  campaign: SurveyCampaign;
  departments: Array<{ departmentId: string; departmentName: string; headcount: number; respondents: number; averageWeeklyHours: number | null; estimatedMonthlyUsd: string; choiceCounts: Record<string, Record<string, number>> }>;
  estimates: Array<{ departmentId: string; departmentName: string; periodStart: string; periodEnd: string; estimatedMonthlyUsd: string; estimatedWeeklyHours: string | null; respondents: number; updatedAt: string }>;
}>;

export type ComplianceRule = Readonly<{ kind: 'share_use_case'; appliesTo: 'permanent_premium' | 'premium'; isEnabled: boolean; requiredCount: number; windowDays: number; graceDays: number; effectiveFrom: string; updatedAt: string | null }>;
export type ComplianceGroup = Readonly<{ group: string; subject: number; compliant: number; exempt: number; due: number; outOfCompliance: number; rate: number | null }>;
export type ComplianceStatus = 'compliant' | 'exempt' | 'due' | 'out_of_compliance' | 'not_subject';
export type CompliancePerson = Readonly<{ personId: string; name: string; departmentName: string | null; jobFamily: string; status: ComplianceStatus; count: number; required: number; dueBy: string | null; explanation: string }>;
export type Exemption = Readonly<{ id: string; personId: string; personName: string; departmentName: string | null; reason: string; validUntil: string | null; grantedByName: string | null; createdAt: string; revokedAt: string | null; revokeReason: string | null }>;
export type ComplianceReport = Readonly<{ asOf: string; rule: ComplianceRule; totals: ComplianceGroup; byTenureBand: ComplianceGroup[]; byJobFamily: ComplianceGroup[]; byDepartment: ComplianceGroup[]; people: CompliancePerson[]; exemptions: Exemption[] }>;
export type RuleBody = Omit<ComplianceRule, 'kind' | 'updatedAt'>;

export const governanceKeys = {
  useCases: (q: UseCaseQuery) => ['use-cases', q] as const,
  useCaseTags: ['use-cases', 'tags'] as const,
  surveys: ['surveys'] as const,
  survey: (id: string) => ['surveys', 'one', id] as const,
  surveyResults: (id: string) => ['surveys', 'results', id] as const,
  complianceReport: ['compliance', 'report'] as const,
};

// ---- use cases ----
export function useUseCases(q: UseCaseQuery) {
  return useQuery({
    queryKey: governanceKeys.useCases(q),
    queryFn: ({ signal }) => apiFetch<UseCasePage>('/api/use-cases', { signal, query: { q: q.q.trim(), tag: q.tag, departmentId: q.departmentId, sort: q.sort, limit: 100 } }),
    placeholderData: keepPreviousData,
  });
}

export function useUseCaseTags() {
  return useQuery({ queryKey: governanceKeys.useCaseTags, queryFn: ({ signal }) => apiFetch<{ items: Array<{ tag: string; count: number }> }>('/api/use-cases/tags', { signal }) });
}

export function useShareUseCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UseCaseBody) => apiFetch<UseCase>('/api/use-cases', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['use-cases'] }),
  });
}

export function useVoteUseCase() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, kind, on }: { id: string; kind: VoteKind; on: boolean }) => apiFetch<UseCase>(`/api/use-cases/${id}/votes/${kind}`, { method: on ? 'PUT' : 'DELETE' }),
    onSuccess: (updated) => {
      // Patch every cached list in place so the card does not jump while the list refetches.
      client.setQueriesData<UseCasePage>({ queryKey: ['use-cases'] }, (page) => (page && 'items' in page ? { ...page, items: page.items.map((u) => (u.id === updated.id ? updated : u)) } : page));
    },
  });
}

// ---- surveys ----
export function useSurveys() {
  return useQuery({ queryKey: governanceKeys.surveys, queryFn: ({ signal }) => apiFetch<{ items: SurveyCampaign[] }>('/api/survey-campaigns', { signal }) });
}

export function useSurvey(id: string | null) {
  return useQuery({ queryKey: governanceKeys.survey(id ?? ''), queryFn: ({ signal }) => apiFetch<SurveyDetail>(`/api/survey-campaigns/${id}`, { signal }), enabled: Boolean(id) });
}

export function useSurveyResults(id: string | null, enabled: boolean) {
  return useQuery({ queryKey: governanceKeys.surveyResults(id ?? ''), queryFn: ({ signal }) => apiFetch<SurveyResults>(`/api/survey-campaigns/${id}/results`, { signal }), enabled: Boolean(id) && enabled });
}

export function useAnswerSurvey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, answers }: { id: string; answers: Record<string, AnswerValue> }) => apiFetch<SurveyDetail & { outcome: 'created' | 'updated' }>(`/api/survey-campaigns/${id}/response`, { method: 'PUT', body: { answers } }),
    onSuccess: (detail) => {
      const { outcome: _o, ...fresh } = detail;
      client.setQueryData(governanceKeys.survey(detail.campaign.id), fresh);
      void client.invalidateQueries({ queryKey: governanceKeys.surveys, exact: true });
    },
  });
}

export function useOpenSurvey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; periodStart: string; periodEnd: string; usdPerHour: number | null }) => apiFetch<SurveyDetail>('/api/survey-campaigns', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: governanceKeys.surveys }),
  });
}

export function useCloseSurvey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<SurveyResults>(`/api/survey-campaigns/${id}/close`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: governanceKeys.surveys }),
  });
}

// ---- compliance ----
export function useComplianceReport() {
  return useQuery({ queryKey: governanceKeys.complianceReport, queryFn: ({ signal }) => apiFetch<ComplianceReport>('/api/compliance/report', { signal }) });
}

export function useSetRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RuleBody) => apiFetch<ComplianceRule>('/api/compliance/rule', { method: 'PUT', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['compliance'] }),
  });
}

export function useGrantExemption() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { personId: string; reason: string; validUntil: string | null }) => apiFetch<Exemption>('/api/compliance/exemptions', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['compliance'] }),
  });
}

export function useRevokeExemption() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => apiFetch<Exemption>(`/api/compliance/exemptions/${id}/revoke`, { method: 'POST', body: { reason } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['compliance'] }),
  });
}

export function useAskOutOfCompliance() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ asked: Array<{ personId: string; name: string; reviewId: string }>; alreadyAsked: string[] }>('/api/compliance/reviews', { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['compliance'] }),
  });
}

/** Field errors of a failed mutation by field name (`body.title` → `title`). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const errors = (error as { errors?: Array<{ path: string; message: string }> } | null)?.errors ?? [];
  for (const e of errors) out[e.path.replace(/^body\./, '')] ??= e.message;
  return out;
}
