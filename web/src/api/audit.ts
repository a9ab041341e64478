import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import type { Page } from './types.ts';

export type AuditEntry = Readonly<{
  id: number;
  seq: number | null;
  occurredAt: string;
  actor: Readonly<{ kind: string; personId: string | null; name: string | null }>;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  rule: string | null;
  hash: string | null;
}>;

export type AuditVerification = Readonly<{
  status: 'verified' | 'broken';
  entries: number;
  headSeq: number | null;
  headHash: string | null;
  firstBreak: Readonly<{ kind: string; seq: number; eventId: number; message: string }> | null;
  checkedAt: string;
}>;

export type AuditQuery = Readonly<{
  limit: number;
  offset: number;
  entityType?: string;
  entityId?: string;
  actorKind?: string;
  action?: string;
  from?: string;
  to?: string;
}>;

export const auditKeys = {
  log: (query: AuditQuery) => ['audit', 'log', query] as const,
  verify: ['audit', 'verify'] as const,
};

export function useAuditLog(query: AuditQuery) {
  return useQuery({
    queryKey: auditKeys.log(query),
    queryFn: ({ signal }) => apiFetch<Page<AuditEntry>>('/api/audit', { signal, query }),
    placeholderData: keepPreviousData,
  });
}

export function useAuditVerification() {
  return useQuery({
    queryKey: auditKeys.verify,
    queryFn: ({ signal }) => apiFetch<AuditVerification>('/api/audit/verify', { signal }),
    staleTime: 60_000,
  });
}

export const auditExportUrl = (format: 'csv' | 'jsonl') => `/api/audit/export?format=${format}`;
