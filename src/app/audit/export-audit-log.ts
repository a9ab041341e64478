import { toCsvRow } from '../../domain/csv-safe.ts';
import type { AppContext } from '../context.ts';

export type AuditExportFormat = 'csv' | 'jsonl';

export const AUDIT_CSV_HEADER = ['seq', 'event_id', 'occurred_at', 'actor_kind', 'actor_person_id', 'action', 'entity_type', 'entity_id', 'reason', 'rule', 'before', 'after', 'content_hash', 'prev_hash', 'hash'] as const;

const PAGE = 2000;

/**
 * The whole audit chain in chain order, as CSV (formula-safe cells, RFC 4180) or JSON lines, yielded in
 * chunks so a long log streams instead of being built in memory. Each line carries its hashes, so the
 * export can be checked against the chain later.
 */
export async function* exportAuditLog(ctx: AppContext, orgId: string, format: AuditExportFormat): AsyncGenerator<string> {
  if (format === 'csv') yield `${toCsvRow(AUDIT_CSV_HEADER)}\r\n`;
  let afterSeq = 0;
  for (;;) {
    const page = await ctx.repos.audit.listChain(orgId, afterSeq, PAGE);
    if (page.length === 0) return;
    let chunk = '';
    for (const entry of page) {
      const e = entry.event;
      const record = {
        seq: entry.seq,
        eventId: entry.eventId,
        occurredAt: e ? e.occurredAt.toISOString() : null,
        actorKind: e?.actorKind ?? null,
        actorPersonId: e?.actorPersonId ?? null,
        action: e?.action ?? null,
        entityType: e?.entityType ?? null,
        entityId: e?.entityId ?? null,
        reason: e?.reason ?? null,
        rule: e?.rule ?? null,
        before: e?.before ?? null,
        after: e?.after ?? null,
        contentHash: entry.contentHash,
        prevHash: entry.prevHash,
        hash: entry.hash,
      };
      chunk += format === 'jsonl'
        ? `${JSON.stringify(record)}\n`
        : `${toCsvRow([record.seq, record.eventId, record.occurredAt, record.actorKind, record.actorPersonId, record.action, record.entityType, record.entityId, record.reason, record.rule, record.before === null ? null : JSON.stringify(record.before), record.after === null ? null : JSON.stringify(record.after), record.contentHash, record.prevHash, record.hash])}\r\n`;
    }
    yield chunk;
    afterSeq = page[page.length - 1]!.seq;
  }
}
