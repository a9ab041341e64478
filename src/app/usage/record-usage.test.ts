import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZERO_USAGE, type UsageRecord } from '../../domain/usage.ts';
import { buildOrg, type TestOrg } from '../../../test/factories.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
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
