import { sql } from 'kysely';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerIdempotency } from './idempotency.ts';

// Errors PostgreSQL raises when two requests change the same thing at once reach the caller as a 409
// that says to try again, not as a 500; anything else unexpected stays a 500 that leaks nothing.
let db: TestDatabase;
let app: FastifyInstance;
let baseUrl: string;
type Gate = { locked: () => void; isLocked: Promise<void>; release: () => void; go: Promise<void> };
const gates = new Map<string, Gate>();
function gate(name: string): Gate {
  let locked!: () => void;
  let release!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const go = new Promise<void>((r) => (release = r));
  const g = { locked, isLocked, release, go };
  gates.set(name, g);
  return g;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await sql`create table race_items (id int primary key, n int not null)`.execute(db.handle.db);
  await sql`insert into race_items values (1, 0), (2, 0)`.execute(db.handle.db);
  app = Fastify({ logger: false });
  registerErrorHandler(app);
  // Idempotency keys for a fixed caller, as the auth plugin would identify one.
  app.decorateRequest('actor', undefined);
  app.addHook('onRequest', async (request) => {
    request.actor = { kind: 'cli', orgId: '00000000-0000-4000-8000-000000000001' };
  });
  registerIdempotency(app, db.ctx);
  app.post('/duplicate', async () => {
    await sql`insert into race_items values (1, 1)`.execute(db.handle.db);
    return { ok: true };
  });
  // Locks row a, says so, waits for the test's go, then locks row b: two requests in opposite orders
  // deadlock, and PostgreSQL aborts one.
  app.post<{ Querystring: { a: string; b: string; gate: string } }>('/lock-both', async (request) => {
    const gate = gates.get(request.query.gate)!;
    await db.handle.db.transaction().execute(async (trx) => {
      await sql`select * from race_items where id = ${Number(request.query.a)} for update`.execute(trx);
      gate.locked();
      await gate.go;
      await sql`select * from race_items where id = ${Number(request.query.b)} for update`.execute(trx);
    });
    return { ok: true };
  });
  app.post('/look-alike', async () => {
    throw Object.assign(new Error('secret detail'), { code: '23505' });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const post = async (path: string) => {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST' });
  return { status: res.status, body: (await res.json()) as { code: string; detail: string } };
};

describe('the error handler', () => {
  it('answers a unique key taken meanwhile with 409 and says to try again', async () => {
    const { status, body } = await post('/duplicate');
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/same moment.*try again/) });
    expect(JSON.stringify(body)).not.toContain('race_items');
  });

  it('lets a retry with the same Idempotency-Key run again after such a 409, instead of replaying it', async () => {
    const send = () => fetch(`${baseUrl}/duplicate`, { method: 'POST', headers: { 'idempotency-key': 'retry-after-race-1' } });
    expect((await send()).status).toBe(409);
    // Whatever collided is gone; the retry now succeeds and is what gets replayed from then on.
    await sql`delete from race_items where id = 1`.execute(db.handle.db);
    const retried = await send();
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const replayed = await send();
    expect(replayed.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
  });

  it('answers the request PostgreSQL aborted in a deadlock with 409; the other succeeds', async () => {
    const [one, two] = [gate('one'), gate('two')];
    const first = post('/lock-both?a=1&b=2&gate=one');
    await one.isLocked;
    const second = post('/lock-both?a=2&b=1&gate=two');
    await two.isLocked;
    // Each holds one row; now each reaches for the other's.
    one.release();
    two.release();
    const results = (await Promise.all([first, second])).map((r) => r.status).sort();
    expect(results).toEqual([200, 409]);
  });

  it('keeps a 500 that leaks nothing for an error that only looks like one from the database', async () => {
    const { status, body } = await post('/look-alike');
    expect(status).toBe(500);
    expect(body.code).toBe('INTERNAL');
    expect(JSON.stringify(body)).not.toContain('secret detail');
  });
});
