import { createHash } from 'node:crypto';

/**
 * The tamper-evident audit chain (see docs/audit-log.md).
 *
 * Every audit event has a content hash: SHA-256 (hex) of the canonical JSON (RFC 8785 style: object keys
 * sorted by UTF-16 code units, no whitespace, ECMAScript number and string forms) of its fields. When the
 * writing transaction commits, the database links the event into its organization's chain as entry `seq`
 * with `hash = SHA-256(LINK_PREFIX|orgId|seq|eventId|prevHash|contentHash)`, the first entry's prevHash
 * being GENESIS_HASH. Verification recomputes both hashes here, from the stored fields only.
 */
export const AUDIT_CHAIN_VERSION = 1;
export const LINK_PREFIX = 'seatwise-audit-chain-v1';
export const GENESIS_HASH = '0'.repeat(64);

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The fields of an audit event its content hash covers (everything but the id, which the link covers). */
export type AuditContent = Readonly<{
  orgId: string;
  occurredAt: Date;
  actorKind: string;
  actorPersonId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  rule: string | null;
}>;

/** One stored chain entry joined with its event (`event` is null when the event row is gone). */
export type ChainEntry = Readonly<{ seq: number; eventId: number; prevHash: string; hash: string; contentHash: string | null; event: AuditContent | null }>;

export type ChainBreakKind = 'gap' | 'missing_event' | 'content_mismatch' | 'link_mismatch' | 'prev_mismatch' | 'unchained_event';
export type ChainBreak = Readonly<{ kind: ChainBreakKind; seq: number; eventId: number; message: string }>;
export type ChainVerdict =
  | Readonly<{ ok: true; entries: number; headSeq: number; headHash: string }>
  | Readonly<{ ok: false; entries: number; firstBreak: ChainBreak }>;

/**
 * RFC 8785-style canonical JSON: sorted keys, no insignificant whitespace, `undefined` members dropped.
 * Rejects values JSON cannot carry (non-finite numbers, bigint, functions) instead of guessing.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new Error(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}

/** The value as the database will hand it back from a jsonb column (Dates become strings, undefined drops). */
export function toStoredJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Content hash of one event: covers who, what, before/after, when, why and which rule. */
export function auditContentHash(content: AuditContent): string {
  return sha256Hex(
    canonicalJson({
      v: AUDIT_CHAIN_VERSION,
      orgId: content.orgId,
      occurredAt: content.occurredAt.toISOString(),
      actorKind: content.actorKind,
      actorPersonId: content.actorPersonId,
      action: content.action,
      entityType: content.entityType,
      entityId: content.entityId,
      before: toStoredJson(content.before),
      after: toStoredJson(content.after),
      reason: content.reason,
      rule: content.rule,
    }),
  );
}

/** Link hash of chain entry `seq`; the database trigger computes the same string with sha256(). */
export function auditLinkHash(link: Readonly<{ orgId: string; seq: number; eventId: number; prevHash: string; contentHash: string }>): string {
  return sha256Hex(`${LINK_PREFIX}|${link.orgId}|${link.seq}|${link.eventId}|${link.prevHash}|${link.contentHash}`);
}

/**
 * Walks one organization's chain in `seq` order, fed page by page, and remembers the first break:
 * a missing entry (gap), an entry whose event row is gone, an edited event (content hash differs), a
 * rewritten link, or an entry that does not point at its predecessor (reordered or inserted).
 */
export function createChainVerifier(orgId: string) {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let firstBreak: ChainBreak | null = null;
  const fail = (kind: ChainBreakKind, entry: { seq: number; eventId: number }, message: string) => {
    firstBreak ??= { kind, seq: entry.seq, eventId: entry.eventId, message: `entry ${entry.seq} (event ${entry.eventId}): ${message}` };
  };
  return {
    /** Feeds the next entries (ascending seq); returns false once a break is found. */
    push(page: readonly ChainEntry[]): boolean {
      for (const entry of page) {
        if (firstBreak) return false;
        entries++;
        if (entry.seq !== expectedSeq) {
          fail('gap', entry, entry.seq > expectedSeq ? `entries ${expectedSeq}–${entry.seq - 1} are missing (deleted)` : `sequence ${entry.seq} repeats or goes backwards (expected ${expectedSeq})`);
          return false;
        }
        if (!entry.event) {
          fail('missing_event', entry, 'the event row was deleted');
          return false;
        }
        const contentHash = auditContentHash({ ...entry.event, orgId });
        if (entry.contentHash !== contentHash) {
          fail('content_mismatch', entry, 'the event was changed after it was written (its fields no longer match its hash)');
          return false;
        }
        if (entry.prevHash !== prevHash) {
          fail('prev_mismatch', entry, 'it does not follow the previous entry (reordered or inserted)');
          return false;
        }
        if (auditLinkHash({ orgId, seq: entry.seq, eventId: entry.eventId, prevHash, contentHash }) !== entry.hash) {
          fail('link_mismatch', entry, 'its chain hash was rewritten');
          return false;
        }
        prevHash = entry.hash;
        expectedSeq++;
      }
      return true;
    },
    /** Reports an event that exists but was never linked (inserted around the chain). */
    unchained(eventId: number): void {
      firstBreak ??= { kind: 'unchained_event', seq: 0, eventId, message: `event ${eventId} is not in the chain (inserted around it)` };
    },
    result(): ChainVerdict {
      return firstBreak ? { ok: false, entries, firstBreak } : { ok: true, entries, headSeq: expectedSeq - 1, headHash: prevHash };
    },
  };
}
