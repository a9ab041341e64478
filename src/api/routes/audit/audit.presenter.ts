import { z } from 'zod';
import type { AuditLogEntry } from '../../../db/repositories/audit.repository.ts';
import type { AuditVerification } from '../../../app/audit/verify-audit-chain.ts';

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  seq: z.number().int().nullable().describe('Place in the hash chain (null only while the writing transaction is still open)'),
  occurredAt: z.string(),
  actor: z.object({ kind: z.string(), personId: z.uuid().nullable(), name: z.string().nullable() }),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  rule: z.string().nullable(),
  hash: z.string().nullable(),
});

export const VerificationSchema = z.object({
  status: z.enum(['verified', 'broken']),
  entries: z.number().int().describe('Chain entries checked'),
  headSeq: z.number().int().nullable(),
  headHash: z.string().nullable().describe('Hash of the last entry: record it elsewhere to detect truncation later'),
  firstBreak: z.object({ kind: z.string(), seq: z.number().int(), eventId: z.number().int(), message: z.string() }).nullable(),
  checkedAt: z.string(),
});

export function presentAuditEntry(e: AuditLogEntry): z.infer<typeof AuditEntrySchema> {
  return {
    id: e.id,
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    actor: { kind: e.actorKind, personId: e.actorPersonId, name: e.actorName },
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before,
    after: e.after,
    reason: e.reason,
    rule: e.rule,
    hash: e.hash,
  };
}

export function presentVerification(v: AuditVerification): z.infer<typeof VerificationSchema> {
  return v.ok
    ? { status: 'verified', entries: v.entries, headSeq: v.headSeq, headHash: v.headHash, firstBreak: null, checkedAt: v.checkedAt.toISOString() }
    : { status: 'broken', entries: v.entries, headSeq: null, headHash: null, firstBreak: { ...v.firstBreak }, checkedAt: v.checkedAt.toISOString() };
}
