/** Alerts, budget burn and alert channels: types and TanStack Query hooks for the alerts page. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';

export type AlertKind = 'budget_threshold' | 'budget_reset' | 'surge' | 'guardrail_pause' | 'test';
export type Severity = 'info' | 'warning' | 'critical';
export type Audience = 'owner' | 'finance' | 'department_lead';
export type AlertStatusFilter = 'open' | 'acknowledged' | 'all';

export type AlertDelivery = Readonly<{ target: string; channelId: string | null; level: number; status: 'sent' | 'failed'; attempts: number; error: string | null; attemptedAt: string }>;

export type Alert = Readonly<{
  id: string;
  kind: AlertKind;
  severity: Severity;
  departmentId: string | null;
  departmentName: string | null;
  title: string;
  body: string;
  period: string | null;
  details: Record<string, unknown>;
  escalationLevel: number;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  acknowledgeNote: string | null;
  deliveries: readonly AlertDelivery[];
}>;

export type AlertPage = Readonly<{ items: readonly Alert[]; total: number; limit: number; offset: number; open: number }>;

export type BurnStatus = 'no_budget' | 'under_pace' | 'on_pace' | 'over_pace' | 'exhausted';

export type BurnScope = Readonly<{
  departmentId: string | null;
  name: string;
  owner: string;
  budget: string | null;
  spent: string;
  paceToDate: string | null;
  projected: string;
  percentUsed: number | null;
  status: BurnStatus;
  isAutoApprovalPaused: boolean;
  contributors: ReadonlyArray<{ name: string; amount: string }>;
  points: ReadonlyArray<{ day: string; spent: number | null; pace: number }>;
}>;

export type Burn = Readonly<{ period: string; today: string; thresholds: readonly number[]; scopes: readonly BurnScope[] }>;

export type AlertChannel = Readonly<{ id: string; name: string; kind: 'webhook' | 'email'; audience: Audience; departmentId: string | null; target: string; isEnabled: boolean; createdAt: string }>;

export type ChannelSettings =
  | Readonly<{ kind: 'webhook'; url: string }>
  | Readonly<{ kind: 'email'; host: string; port: number; secure: boolean; user?: string; pass?: string; from: string; to: string[] }>;

export type NewChannel = Readonly<{ name: string; audience: Audience; departmentId: string | null; settings: ChannelSettings }>;

export type DeliveryResult = Readonly<{ target: string; channelName: string | null; level: number; status: 'sent' | 'failed' | 'already_sent'; error: string | null }>;

export const alertKeys = {
  all: ['alerts'] as const,
  list: (status: AlertStatusFilter) => ['alerts', 'list', status] as const,
  burn: ['alerts', 'burn'] as const,
  channels: ['alerts', 'channels'] as const,
};

export function useAlerts(status: AlertStatusFilter) {
  return useQuery({ queryKey: alertKeys.list(status), queryFn: ({ signal }) => apiFetch<AlertPage>('/api/alerts', { query: { status, limit: 100 }, signal }), refetchInterval: 60_000 });
}

export function useBurn() {
  return useQuery({ queryKey: alertKeys.burn, queryFn: ({ signal }) => apiFetch<Burn>('/api/alerts/burn', { signal }), staleTime: 60_000 });
}

export function useAlertChannels(isEnabled: boolean) {
  return useQuery({ queryKey: alertKeys.channels, queryFn: ({ signal }) => apiFetch<{ items: AlertChannel[] }>('/api/alert-channels', { signal }), enabled: isEnabled });
}

export function useAcknowledgeAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; note?: string }) => apiFetch<Alert>(`/api/alerts/${input.id}/acknowledge`, { method: 'POST', body: input.note ? { note: input.note } : {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

export function useAddChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewChannel) => apiFetch<AlertChannel>('/api/alert-channels', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.channels }),
  });
}

export function useSetChannelEnabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; isEnabled: boolean }) => apiFetch<AlertChannel>(`/api/alert-channels/${input.id}`, { method: 'PATCH', body: { isEnabled: input.isEnabled } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.channels }),
  });
}

export function useRemoveChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ ok: true }>(`/api/alert-channels/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.channels }),
  });
}

export function useSendTestAlert() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ alertId: string; results: DeliveryResult[] }>('/api/alert-channels/test', { method: 'POST', body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
}
