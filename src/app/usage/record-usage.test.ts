import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZERO_USAGE, type UsageRecord } from '../../domain/usage.ts';
import { buildOrg, type TestOrg } from '../../../test/factories.ts';
import { createTestDatabase, untilBlockedOnLock, type TestDatabase } from '../../../test/db.ts';
import type { AppContext } from '../context.ts';
import { linkUnmatchedIdentity } from './need.ts';
import { recordUsage } from './record-usage.ts';

let db: TestDatabase;
let org: TestOrg;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
});
afterAll(async () => db?.drop());

const rec = (identity: string, day: string, messages: number, costUsd = '0.1000', source = 'csv'): UsageRecord => ({ identity, day, source, metrics: { ...ZERO_USAGE, messages, costUsd } });

describe('recordUsage', () => {
  it('inserts, then changes nothing on the same data, then updates corrected days (replace)', async () => {
    const records = [rec('MEMBER@test.example', '2026-11-01', 5), rec('member@test.example', '2026-11-02', 7), rec('owner@test.example', '2026-11-01', 3)];
    const first = await db.ctx.transaction((repos) => recordUsage(repos, { orgId: org.orgId, records, mode: 'replace', importId: null }));
    expect(first).toEqual({ rows: 3, inserted: 3, updated: 0, unchanged: 0, unmatched: 0 });
    const again = await db.ctx.transaction((repos) => recordUsage(repos, { orgId: org.orgId, records, mode: 'replace', importId: null }));
    expect(again).toEqual({ rows: 3, inserted: 0, updated: 0, unchanged: 3, unmatched: 0 });
    const corrected = await db.ctx.transaction((repos) => recordUsage(repos, { orgId: org.orgId, records: [rec('member@test.example', '2026-11-02', 9)], mode: 'replace', importId: null }));
    expect(corrected).toEqual({ rows: 1, inserted: 0, updated: 1, unchanged: 0, unmatched: 0 });
  });

  it('adds increments and keeps unmatched identities with their usage', async () => {
    const out = await db.ctx.transaction((repos) =>
      recordUsage(repos, { orgId: org.orgId, records: [rec('admin@test.example', '2026-11-03', 2, '0.0100', 'otel'), rec('admin@test.example', '2026-11-03', 3, '0.0200', 'otel'), rec('ghost@elsewhere.example', '2026-11-03', 4, '0.5', 'otel')], mode: 'add', importId: null }),
    );
    expect(out).toMatchObject({ rows: 2, inserted: 1, unmatched: 1 });
    await db.ctx.transaction((repos) => recordUsage(repos, { orgId: org.orgId, records: [rec('admin@test.example', '2026-11-03', 1, '0.0050', 'otel'), rec('GHOST@elsewhere.example', '2026-11-03', 1, '0.5', 'otel')], mode: 'add', importId: null }));
    const row = await sql<{ messages: number; costUsd: string }>`select messages, cost_usd from usage_daily where person_id = ${org.people.admin.id} and source = 'otel'`.execute(db.handle.db);
    expect(row.rows[0]).toEqual({ messages: 6, costUsd: '0.0350' });
    const ghost = await sql<{ occurrences: number; metrics: { messages: number } }>`select i.occurrences, u.metrics from unmatched_identities i join usage_unmatched_daily u on u.identity_id = i.id where lower(i.identity) = 'ghost@elsewhere.example'`.execute(db.handle.db);
    expect(ghost.rows).toHaveLength(1);
    expect(ghost.rows[0]!.occurrences).toBe(2);
    expect(ghost.rows[0]!.metrics.messages).toBe(5);
  });
});

describe('recordUsage with aliases', () => {
  it('sums two identities of one person on the same day into one row', async () => {
    const alias = await db.ctx.repos.usage.noteUnmatched(org.orgId, 'csv', 'auditor.alias@test.example', 0);
    await db.ctx.repos.usage.resolveUnmatched(org.orgId, alias.id, { status: 'linked', personId: org.people.auditor.id, resolvedBy: null });
    const out = await db.ctx.transaction((repos) => recordUsage(repos, { orgId: org.orgId, records: [rec('auditor@test.example', '2026-11-05', 4), rec('auditor.alias@test.example', '2026-11-05', 6)], mode: 'replace', importId: null }));
    expect(out).toMatchObject({ rows: 2, inserted: 1, unmatched: 0 });
    const row = await sql<{ messages: number }>`select messages from usage_daily where person_id = ${org.people.auditor.id} and day = '2026-11-05'`.execute(db.handle.db);
    expect(row.rows).toEqual([{ messages: 10 }]);
  });
});

describe('recordUsage while an identity is being linked', () => {
  it.each([
    ['add', 'claude_code', '2026-12-01', '2026-12-02'],
    ['replace', 'csv', '2026-12-11', '2026-12-12'],
  ] as const)('writes usage that waited on the link to the linked person (%s)', async (mode, source, day, nextDay) => {
    const alias = `late.${mode}@elsewhere.example`;
    await db.ctx.transaction((repos) => recordUsage(repos, { orgId: org.orgId, records: [rec(alias, day, 2, '0.1000', source)], mode, importId: null }));
    const [identity] = (await db.ctx.repos.usage.listUnmatched(org.orgId)).filter((u) => u.identity === alias);
    // The real link, held open after its writes (its lock on the identity row taken) until released.
    let reached!: () => void;
    let release!: () => void;
    const hasReached = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const pausedCtx: AppContext = { ...db.ctx, transaction: (work) => db.ctx.transaction(async (repos) => { const out = await work(repos); reached(); await released; return out; }) };
    const linking = linkUnmatchedIdentity(pausedCtx, org.operator, identity!.id, org.people.member.id);
    await hasReached;
    // Read before the link commits, the identity still matches nobody; noting it waits on the link.
    const writing = db.ctx.transaction((repos) =>
      recordUsage(repos, { orgId: org.orgId, records: [rec(alias, day, 3, '0.0200', source), rec(alias, nextDay, 1, '0.0100', source), rec('member@test.example', day, 4, '0.0400', source)], mode, importId: null }),
    );
    await untilBlockedOnLock(db);
    release();
    expect(await linking).toEqual({ movedDays: 1 });
    const out = await writing;
    expect(out).toMatchObject({ rows: 3, unmatched: 0 });
    expect(out.inserted + out.updated + out.unchanged).toBe(2);
    const usage = await sql<{ day: string; messages: number; costUsd: string }>`select day, messages, cost_usd from usage_daily where person_id = ${org.people.member.id} and source = ${source} and day >= ${day} order by day`.execute(db.handle.db);
    // add: the kept 2 the link moved, plus the alias's 3 and the email's 4; replace: this write's own truth (3 + 4).
    expect(usage.rows.map((r) => r.messages)).toEqual(mode === 'add' ? [9, 1] : [7, 1]);
    const kept = await sql<{ n: number }>`select count(*)::int as n from usage_unmatched_daily where identity_id = ${identity!.id}`.execute(db.handle.db);
    expect(kept.rows[0]!.n).toBe(0);
  });
});
