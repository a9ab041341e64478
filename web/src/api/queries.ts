import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import type { Department, DemoUser, Items, Me, Overview, Page, PeopleQuery, Person } from './types.ts';

export const queryKeys = {
  me: ['me'] as const,
  demoUsers: ['auth', 'demo-users'] as const,
  overview: ['overview'] as const,
  departments: ['departments'] as const,
  people: (query: PeopleQuery) => ['people', query] as const,
};

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

export function usePeople(query: PeopleQuery) {
  return useQuery({
    queryKey: queryKeys.people(query),
    queryFn: ({ signal }) => apiFetch<Page<Person>>('/api/people', { signal, query }),
    placeholderData: keepPreviousData,
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
