import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditContentHash, auditLinkHash, canonicalJson, createChainVerifier, GENESIS_HASH, type AuditContent, type ChainEntry } from './audit-chain.ts';

const ORG = '11111111-1111-4111-8111-111111111111';
const event = (i: number, extra: Partial<AuditContent> = {}): AuditContent => ({
  orgId: ORG,
  occurredAt: new Date(Date.UTC(2026, 10, 27, 12, 0, i)),
  actorKind: 'system',
  actorPersonId: null,
  action: `test.${i}`,
  entityType: 'lease',
  entityId: String(i),
  before: { status: 'requested' },
  after: { status: 'active', n: i },
  reason: null,
  rule: i % 2 ? 'within_quota' : null,
  ...extra,
});

/** Builds a valid chain the way the database trigger links it. */
function chain(events: readonly AuditContent[]): ChainEntry[] {
  let prevHash = GENESIS_HASH;
  return events.map((e, i) => {
    const contentHash = auditContentHash(e);
    const entry = { seq: i + 1, eventId: 100 + i, prevHash, contentHash, hash: auditLinkHash({ orgId: ORG, seq: i + 1, eventId: 100 + i, prevHash, contentHash }), event: e };
    prevHash = entry.hash;
    return entry;
  });
}
const verify = (entries: readonly ChainEntry[]) => {
  const v = createChainVerifier(ORG);
  v.push(entries);
  return v.result();
};

describe('canonicalJson', () => {
  it('sorts keys, drops undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: { z: 1, y: 2 } })).toBe('{"a":[true,null,"x"],"b":1,"d":{"y":2,"z":1}}');
  });

  it('writes numbers in their shortest ECMAScript form (RFC 8785)', () => {
    expect(canonicalJson([1.0, 1e21, 1e-7, -0, 0.1 + 0.2])).toBe('[1,1e+21,1e-7,0,0.30000000000000004]');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/no JSON form/);
    expect(() => canonicalJson(10n)).toThrow(/no JSON form/);
  });

  it('does not depend on key order (jsonb reorders keys)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(canonicalJson(JSON.parse(canonicalJson(obj)))).toBe(canonicalJson(obj));
      }),
    );
  });
});

describe('chain verification', () => {
  it('accepts an intact chain and reports its head', () => {
    const entries = chain([event(1), event(2), event(3)]);
    expect(verify(entries)).toEqual({ ok: true, entries: 3, headSeq: 3, headHash: entries[2]!.hash });
  });

  it('accepts an empty chain', () => {
    expect(verify([])).toEqual({ ok: true, entries: 0, headSeq: 0, headHash: GENESIS_HASH });
  });

  it('names the edited entry when a field changes after writing', () => {
    const entries = chain([event(1), event(2), event(3)]);
    entries[1] = { ...entries[1]!, event: { ...entries[1]!.event!, after: { status: 'denied', n: 2 } } };
    expect(verify(entries)).toMatchObject({ ok: false, firstBreak: { kind: 'content_mismatch', seq: 2, eventId: 101 } });
  });

  it('catches an edit that also rewrote the stored content hash', () => {
    const entries = chain([event(1), event(2)]);
    const edited = { ...entries[0]!.event!, reason: 'backdated' };
    entries[0] = { ...entries[0]!, event: edited, contentHash: auditContentHash(edited) };
    expect(verify(entries)).toMatchObject({ ok: false, firstBreak: { kind: 'link_mismatch', seq: 1 } });
  });

  it('names a deleted event row and a deleted chain entry', () => {
    const entries = chain([event(1), event(2), event(3)]);
    expect(verify([entries[0]!, { ...entries[1]!, event: null }, entries[2]!])).toMatchObject({ ok: false, firstBreak: { kind: 'missing_event', seq: 2 } });
    expect(verify([entries[0]!, entries[2]!])).toMatchObject({ ok: false, firstBreak: { kind: 'gap', seq: 3, message: expect.stringContaining('entries 2–2 are missing') } });
  });

  it('catches reordered entries', () => {
    const entries = chain([event(1), event(2), event(3)]);
    const swapped = [entries[0]!, { ...entries[2]!, seq: 2 }, { ...entries[1]!, seq: 3 }];
    expect(verify(swapped)).toMatchObject({ ok: false, firstBreak: { seq: 2 } });
  });

  it('covers the policy rule, the time and the actor', () => {
    const base = event(1);
    const h = auditContentHash(base);
    expect(auditContentHash({ ...base, rule: 'other' })).not.toBe(h);
    expect(auditContentHash({ ...base, occurredAt: new Date(base.occurredAt.getTime() + 1) })).not.toBe(h);
    expect(auditContentHash({ ...base, actorKind: 'cli' })).not.toBe(h);
    expect(auditContentHash({ ...base, after: { n: 1, status: 'active' } })).toBe(h);
  });

  it('detects any single-field edit anywhere in a random chain (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.constantFrom('action', 'reason', 'rule', 'entityId'), fc.string({ minLength: 1 }), (n, at, field, text) => {
        const entries = chain(Array.from({ length: n }, (_, i) => event(i)));
        const i = at % n;
        const original = entries[i]!.event!;
        const edited = { ...original, [field]: `${String(original[field as keyof AuditContent])}${text}` };
        entries[i] = { ...entries[i]!, event: edited };
        const verdict = verify(entries);
        expect(verdict.ok).toBe(false);
        if (!verdict.ok) expect(verdict.firstBreak.seq).toBe(i + 1);
      }),
    );
  });

  it('reports an event that is outside the chain', () => {
    const v = createChainVerifier(ORG);
    v.push(chain([event(1)]));
    v.unchained(999);
    expect(v.result()).toMatchObject({ ok: false, firstBreak: { kind: 'unchained_event', eventId: 999 } });
  });
});
