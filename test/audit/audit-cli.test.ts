import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { runCli } from '../cli/run-cli.ts';
import { tamper } from './tamper.ts';

// The acceptance test: the real CLI, on a real PostgreSQL database, before and after someone with the
// owner's password edits one audit row and deletes another.
let db: TestDatabase;
let org: TestOrg;
const env = () => ({ DATABASE_URL: db.url, SEATWISE_DEMO_SEED: 'never' });
const handle = () => db.handle.db as Kysely<any>;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  await db.ctx.transaction((repos) =>
    repos.audit.appendMany(
      Array.from({ length: 8 }, (_, i) => ({ orgId: org.orgId, actor: { kind: 'cli' as const }, action: 'test.cli', entityType: 'thing', entityId: String(i), after: { i }, reason: i === 2 ? '=HYPERLINK("http://evil.example","click")' : `reason ${i}` })),
    ),
  );
}, 60_000);
afterAll(async () => db?.drop());

async function entryOf(offset: number) {
  const { rows } = await sql<{ id: number; seq: number }>`select e.id, c.seq from audit_events e join audit_chain c on c.event_id = e.id where e.org_id = ${org.orgId} and e.action = 'test.cli' order by c.seq limit 1 offset ${offset}`.execute(handle());
  return { id: Number(rows[0]!.id), seq: Number(rows[0]!.seq) };
}

describe('seatwise audit verify', () => {
  it('exits 0 on an intact chain and prints its head', async () => {
    const res = await runCli(['audit', 'verify'], env());
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const total = await db.ctx.repos.audit.countByOrg(org.orgId);
    expect(res.stdout).toMatch(new RegExp(`Audit chain verified: ${total} entries, head ${total} [0-9a-f]{64}`));
  }, 60_000);

  it('exports CSV with formula cells neutralized, and JSON lines with every hash', async () => {
    const csv = await runCli(['audit', 'export', '--format', 'csv'], env());
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,event_id,occurred_at,actor_kind,actor_person_id,action,entity_type,entity_id,reason,rule,before,after,content_hash,prev_hash,hash');
    expect(lines).toHaveLength((await db.ctx.repos.audit.countByOrg(org.orgId)) + 1);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.stdout).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const jsonl = await runCli(['audit', 'export', '--format', 'jsonl'], env());
    const records = jsonl.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; hash: string; prevHash: string });
    records.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      if (i > 0) expect(r.prevHash).toBe(records[i - 1]!.hash);
    });
  }, 60_000);

  it('exits non-zero and names the entry after one row is edited directly in the database', async () => {
    const victim = await entryOf(3);
    await tamper(handle(), sql`update audit_events set after = '{"i": 300}' where id = ${victim.id}`);
    const res = await runCli(['audit', 'verify'], env());
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`AUDIT_CHAIN_BROKEN: entry ${victim.seq} (event ${victim.id}): the event was changed after it was written`);
    const json = await runCli(['audit', 'verify', '--format', 'json'], env());
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'broken', firstBreak: { kind: 'content_mismatch', seq: victim.seq, eventId: victim.id } });
    await tamper(handle(), sql`update audit_events set after = '{"i": 3}' where id = ${victim.id}`);
    expect((await runCli(['audit', 'verify'], env())).code).toBe(0);
  }, 60_000);

  it('exits non-zero and names the entry after one row is deleted', async () => {
    const victim = await entryOf(5);
    await tamper(handle(), sql`delete from audit_events where id = ${victim.id}`);
    const res = await runCli(['audit', 'verify'], env());
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`AUDIT_CHAIN_BROKEN: entry ${victim.seq} (event ${victim.id}): the event row was deleted`);
  }, 60_000);

  it('refuses an unknown export format', async () => {
    const res = await runCli(['audit', 'export', '--format', 'xlsx'], env());
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('VALIDATION_FAILED: --format must be csv or jsonl (got xlsx)');
  }, 60_000);
});
