import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import type {
  ApprovalItem,
  Department,
  DepartmentUsage,
  DemoUser,
  ExtensionResult,
  Items,
  Lease,
  LeaseDecision,
  LeaseRequestBody,
  LeasesQuery,
  LeaseWithExtensions,
  Me,
  Notifications,
  Overview,
  Page,
  PeopleQuery,
  Person,
  PersonUsage,
  Quotas,
  RecommendationActResult,
  RecommendationItem,
  SeatReview,
  TimelinePoint,
  UnmatchedIdentity,
  UnmatchedStatus,
  UsageImport,
  UsageImportCounts,
} from './types.ts';

export const queryKeys = {
  me: ['me'] as const,
  demoUsers: ['auth', 'demo-users'] as const,
  overview: ['overview'] as const,
  departments: ['departments'] as const,
  people: (query: PeopleQuery) => ['people', query] as const,
  person: (id: string) => ['people', 'one', id] as const,
  department: (id: string) => ['departments', 'one', id] as const,
  leases: (query: LeasesQuery) => ['leases', query] as const,
  lease: (id: string) => ['leases', 'one', id] as const,
  approvals: ['approvals'] as const,
  quotas: ['quotas'] as const,
  quotaTimeline: (departmentId: string, from: string, days: number) => ['quota-timeline', departmentId, from, days] as const,
  notifications: ['notifications'] as const,
  personUsage: (personId: string, days: number) => ['usage', 'person', personId, days] as const,
  departmentUsage: (departmentId: string, days: number) => ['usage', 'department', departmentId, days] as const,
  recommendations: (departmentId: string) => ['recommendations', departmentId] as const,
  mySeatReviews: ['seat-reviews', 'mine'] as const,
  unmatched: (status: UnmatchedStatus) => ['unmatched-identities', status] as const,
  usageImports: ['usage-imports'] as const,
};

/** How often the header asks for new notifications. */
export const NOTIFICATIONS_POLL_MS = 30_000;

export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: ({ signal }) => apiFetch<Me>('/api/me', { signal }), staleTime: 5 * 60_000 });
}

export function useDemoUsers() {
  return useQuery({
    queryKey: queryKeys.demoUsers,
    queryFn: ({ signal }) => apiFetch<Items<DemoUser>>('/api/auth/demo-users', { signal }),
    staleTime: 60_000,
  });
}

export function useOverview() {
  return useQuery({ queryKey: queryKeys.overview, queryFn: ({ signal }) => apiFetch<Overview>('/api/overview', { signal }) });
}

export function useDepartments() {
  return useQuery({
    queryKey: queryKeys.departments,
    queryFn: ({ signal }) => apiFetch<Items<Department>>('/api/departments', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function usePeople(query: PeopleQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.people(query),
    queryFn: ({ signal }) => apiFetch<Page<Person>>('/api/people', { signal, query }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useDemoLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (personId: string) => apiFetch<{ ok: true }>('/api/auth/demo-login', { method: 'POST', body: { personId } }),
    onSuccess: () => {
      // Everything cached so far belonged to whoever was signed in before.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ ok: true }>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      queryClient.clear();
    },
  });
}

export function usePerson(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.person(id ?? ''),
    queryFn: ({ signal }) => apiFetch<Person>(`/api/people/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useDepartment(id: string) {
  return useQuery({
    queryKey: queryKeys.department(id),
    queryFn: ({ signal }) => apiFetch<Department>(`/api/departments/${encodeURIComponent(id)}`, { signal }),
  });
}

function leasesSearch(query: LeasesQuery) {
  return {
    limit: query.limit,
    offset: query.offset,
    mine: query.mine ? 'true' : undefined,
    personId: query.personId,
    departmentId: query.departmentId,
    status: query.status && query.status.length > 0 ? query.status.join(',') : undefined,
  };
}

export function useLeases(query: LeasesQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.leases(query),
    queryFn: ({ signal }) => apiFetch<Page<Lease>>('/api/leases', { signal, query: leasesSearch(query) }),
    enabled: options.enabled ?? true,
  });
}

/** Each lease with its extension requests (one request per lease; meant for the handful a person holds). */
export function useLeaseDetails(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: queryKeys.lease(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => apiFetch<LeaseWithExtensions>(`/api/leases/${encodeURIComponent(id)}`, { signal }),
    })),
  });
}

export function useApprovals(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.approvals,
    queryFn: ({ signal }) => apiFetch<Items<ApprovalItem>>('/api/approvals', { signal }),
    enabled: options.enabled ?? true,
    refetchInterval: NOTIFICATIONS_POLL_MS,
  });
}

export function useQuotas() {
  return useQuery({ queryKey: queryKeys.quotas, queryFn: ({ signal }) => apiFetch<Quotas>('/api/quotas', { signal }) });
}

export function useQuotaTimeline(departmentId: string, from: string, days: number) {
  return useQuery({
    queryKey: queryKeys.quotaTimeline(departmentId, from, days),
    queryFn: ({ signal }) => apiFetch<Items<TimelinePoint>>(`/api/departments/${encodeURIComponent(departmentId)}/quota-timeline`, { signal, query: { from, days } }),
    placeholderData: keepPreviousData,
  });
}

export function useNotifications() {
  return useQuery({
    queryKey: queryKeys.notifications,
    // The server counts `unread` among the items it returns, so ask for its default page (50) rather than fewer.
    queryFn: ({ signal }) => apiFetch<Notifications>('/api/notifications', { signal }),
    refetchInterval: NOTIFICATIONS_POLL_MS,
    staleTime: 10_000,
  });
}

/** A lease changed: everything that shows leases, seats, queues or quota use may be out of date. */
function invalidateAllocation(queryClient: QueryClient) {
  for (const key of [['leases'], ['approvals'], ['notifications'], ['people'], ['quota-timeline'], ['departments'], ['overview']]) {
    void queryClient.invalidateQueries({ queryKey: key });
  }
}

export function useRequestLease() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: LeaseRequestBody; idempotencyKey: string }) =>
      apiFetch<LeaseDecision>('/api/leases', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } }),
    onSettled: () => invalidateAllocation(queryClient),
  });
}

export function useReturnLease() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note?: string }) => apiFetch<Lease>(`/api/leases/${encodeURIComponent(id)}/return`, { method: 'POST', body: note ? { note } : {} }),
    onSettled: () => invalidateAllocation(queryClient),
  });
}

export function useCancelLease() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<Lease>(`/api/leases/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
    onSettled: () => invalidateAllocation(queryClient),
  });
}

export function useRequestExtension() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, newEndsAt, reason, idempotencyKey }: { id: string; newEndsAt: string; reason: string; idempotencyKey: string }) =>
      apiFetch<ExtensionResult>(`/api/leases/${encodeURIComponent(id)}/extensions`, { method: 'POST', body: { newEndsAt, reason }, headers: { 'Idempotency-Key': idempotencyKey } }),
    onSettled: () => invalidateAllocation(queryClient),
  });
}

export function useDecideLease() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve, note }: { id: string; approve: boolean; note?: string }) =>
      apiFetch<LeaseDecision>(`/api/leases/${encodeURIComponent(id)}/${approve ? 'approve' : 'deny'}`, { method: 'POST', body: note ? { note } : {} }),
    onSettled: () => invalidateAllocation(queryClient),
  });
}

export function useDecideExtension() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve, note }: { id: string; approve: boolean; note?: string }) =>
      apiFetch<ExtensionResult>(`/api/lease-extensions/${encodeURIComponent(id)}/decision`, { method: 'POST', body: note ? { approve, note } : { approve } }),
    onSettled: () => invalidateAllocation(queryClient),
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ ok: true }>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    onMutate: async (id) => {
      // Show it read at once; the refetch afterwards brings the server's view.
      await queryClient.cancelQueries({ queryKey: queryKeys.notifications });
      const previous = queryClient.getQueryData<Notifications>(queryKeys.notifications);
      if (previous) {
        const target = previous.items.find((n) => n.id === id);
        if (target && !target.readAt) {
          queryClient.setQueryData<Notifications>(queryKeys.notifications, {
            items: previous.items.map((n) => (n.id === id ? { ...n, readAt: new Date().toISOString() } : n)),
            unread: Math.max(0, previous.unread - 1),
          });
        }
      }
      return { previous };
    },
    onError: (_error, _id, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.notifications, context.previous);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}

export type ActivePolicy = Readonly<{
  version: number;
  document: {
    lease?: { minDays?: number; maxDays?: number };
    autoApprove?: { enabled?: boolean; maxDays?: number; allowBorrowing?: boolean };
  } & Record<string, unknown>;
  createdAt: string | null;
}>;

export function useActivePolicy() {
  return useQuery({
    queryKey: ['policies', 'active'] as const,
    queryFn: ({ signal }) => apiFetch<ActivePolicy>('/api/policies/active', { signal }),
    staleTime: 5 * 60_000,
  });
}

/* ---------- Usage ---------- */

export function usePersonUsage(personId: string, days: number) {
  return useQuery({
    queryKey: queryKeys.personUsage(personId, days),
    queryFn: ({ signal }) => apiFetch<PersonUsage>(`/api/people/${encodeURIComponent(personId)}/usage`, { signal, query: { days } }),
    placeholderData: keepPreviousData,
    enabled: Boolean(personId),
  });
}

export function useDepartmentUsage(departmentId: string, days: number) {
  return useQuery({
    queryKey: queryKeys.departmentUsage(departmentId, days),
    queryFn: ({ signal }) => apiFetch<DepartmentUsage>(`/api/departments/${encodeURIComponent(departmentId)}/usage`, { signal, query: { days } }),
    enabled: Boolean(departmentId),
  });
}

export function useRecommendations(departmentId: string) {
  return useQuery({
    queryKey: queryKeys.recommendations(departmentId),
    queryFn: ({ signal }) => apiFetch<Items<RecommendationItem>>('/api/recommendations', { signal, query: { departmentId } }),
    placeholderData: keepPreviousData,
  });
}

/** Usage changed (an import, a linked identity): charts, need scores and recommendations may be out of date. */
function invalidateUsage(queryClient: QueryClient) {
  for (const key of [['usage'], ['recommendations'], ['overview'], ['unmatched-identities'], ['usage-imports']]) void queryClient.invalidateQueries({ queryKey: key });
}

export function useActOnRecommendation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { personId: string; kind: string }) => apiFetch<RecommendationActResult>('/api/recommendations/act', { method: 'POST', body }),
    onSettled: () => {
      invalidateAllocation(queryClient);
      void queryClient.invalidateQueries({ queryKey: ['recommendations'] });
      void queryClient.invalidateQueries({ queryKey: ['seat-reviews'] });
    },
  });
}

export function useDismissRecommendation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { personId: string; kind: string; note?: string }) => apiFetch<unknown>('/api/recommendations/dismiss', { method: 'POST', body }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['recommendations'] }),
  });
}

export function useMySeatReviews() {
  return useQuery({
    queryKey: queryKeys.mySeatReviews,
    queryFn: ({ signal }) => apiFetch<Items<SeatReview>>('/api/seat-reviews', { signal, query: { mine: 'true' } }),
  });
}

export function useRespondToSeatReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, keep, reason }: { id: string; keep: boolean; reason?: string }) =>
      apiFetch<unknown>(`/api/seat-reviews/${encodeURIComponent(id)}/respond`, { method: 'POST', body: reason ? { keep, reason } : { keep } }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['seat-reviews'] });
      void queryClient.invalidateQueries({ queryKey: ['recommendations'] });
      void queryClient.invalidateQueries({ queryKey: ['usage'] });
      invalidateAllocation(queryClient);
    },
  });
}

export function useUnmatchedIdentities(status: UnmatchedStatus) {
  return useQuery({
    queryKey: queryKeys.unmatched(status),
    queryFn: ({ signal }) => apiFetch<Items<UnmatchedIdentity>>('/api/unmatched-identities', { signal, query: { status } }),
    placeholderData: keepPreviousData,
  });
}

export function useLinkIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, personId }: { id: string; personId: string }) => apiFetch<{ movedDays: number }>(`/api/unmatched-identities/${encodeURIComponent(id)}/link`, { method: 'POST', body: { personId } }),
    onSettled: () => invalidateUsage(queryClient),
  });
}

export function useIgnoreIdentity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ ok: true }>(`/api/unmatched-identities/${encodeURIComponent(id)}/ignore`, { method: 'POST' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['unmatched-identities'] }),
  });
}

export function useUsageImports() {
  return useQuery({ queryKey: queryKeys.usageImports, queryFn: ({ signal }) => apiFetch<Items<UsageImport>>('/api/usage/imports', { signal }) });
}

export function useImportUsage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ data, filename, map }: { data: Blob; filename: string; map: string }) =>
      apiFetch<UsageImportCounts>('/api/usage/imports', { method: 'POST', query: { filename, map: map.trim() || undefined }, rawBody: { contentType: 'text/csv', data } }),
    // A failed import is recorded in the history too.
    onSettled: () => invalidateUsage(queryClient),
  });
}
