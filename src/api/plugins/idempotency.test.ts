import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildOrg, type TestOrg } from '../../../test/factories.ts';
import { startTestServer, type TestServer } from '../../../test/http.ts';
import { IDEMPOTENCY_ABANDONED_SECONDS } from '../../db/repositories/allocation.repository.ts';

// Idempotency-Key on POST through the real server: a retry replays, a retry while the first runs is
// refused, and a key whose request died with its process does not refuse retries for ever.
let db: TestDatabase;
let org: TestOrg;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  server = await startTestServer(db.ctx);
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const createToken = (key: string, name: string) =>
  fetch(`${server.baseUrl}/api/tokens`, { method: 'POST', headers: { authorization: `Bearer ${org.people.member.token}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ name }) });
const tokensNamed = async (name: string) => (await sql<{ n: number }>`select count(*)::int as n from api_tokens where name = ${name}`.execute(db.handle.db)).rows[0]!.n;

describe('Idempotency-Key', () => {
  it('replays the stored response to a retry and creates nothing more', async () => {
    const first = await createToken('key-replay-0001', 'replayed');
    const again = await createToken('key-replay-0001', 'replayed');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(await tokensNamed('replayed')).toBe(1);
  });

  it('refuses a retry while the first request is still running, and takes over a key abandoned long ago', async () => {
    const member = `person:${org.people.member.id}`;
    // A request in progress (claimed a moment ago, no response stored yet).
    await sql`insert into idempotency_keys (actor, key, method, path) values (${member}, 'key-running-0001', 'POST', '/api/tokens')`.execute(db.handle.db);
    const refused = await createToken('key-running-0001', 'running');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/still in progress/);
    // One whose process died: claimed longer ago than the abandonment period.
    await sql`insert into idempotency_keys (actor, key, method, path, created_at) values (${member}, 'key-abandoned-01', 'POST', '/api/tokens', now() - make_interval(secs => ${IDEMPOTENCY_ABANDONED_SECONDS + 60}))`.execute(db.handle.db);
    const taken = await createToken('key-abandoned-01', 'abandoned');
    expect(taken.status).toBe(201);
    expect(await tokensNamed('abandoned')).toBe(1);
    const replay = await createToken('key-abandoned-01', 'abandoned');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await tokensNamed('abandoned')).toBe(1);
  });
});
