import { sql } from 'kysely';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, untilBlockedOnLock, type TestDatabase } from '../../../test/db.ts';
import { registerErrorHandler } from './error-handler.ts';

// Errors PostgreSQL raises when two requests change the same thing at once reach the caller as a 409
// that says to try again, not as a 500; anything else unexpected stays a 500 that leaks nothing.
let db: TestDatabase;
let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await sql`create table race_items (id int primary key, n int not null)`.execute(db.handle.db);
  await sql`insert into race_items values (1, 0), (2, 0)`.execute(db.handle.db);
  app = Fastify({ logger: false });
  registerErrorHandler(app);
  app.post('/duplicate', async () => {
    await sql`insert into race_items values (1, 1)`.execute(db.handle.db);
    return { ok: true };
  });
  // Locks row a then row b: two requests in opposite orders deadlock, and PostgreSQL aborts one.
  app.post<{ Querystring: { a: string; b: string } }>('/lock-both', async (request) => {
    await db.handle.db.transaction().execute(async (trx) => {
      await sql`select * from race_items where id = ${Number(request.query.a)} for update`.execute(trx);
      await new Promise((r) => setTimeout(r, 1_000));
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

  it('answers the request PostgreSQL aborted in a deadlock with 409; the other succeeds', async () => {
    const first = post('/lock-both?a=1&b=2');
    await new Promise((r) => setTimeout(r, 100));
    const second = post('/lock-both?a=2&b=1');
    await untilBlockedOnLock(db);
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
