import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { withDatabase } from '../global-setup.ts';
import { freePort, startServe } from './run-cli.ts';

// Two replicas of `seatwise serve` deployed at once against an empty PostgreSQL database and one shared
// data folder: migrations, the price catalog, the demo seed, the job queue's schema and the signing
// secret are all set up by whichever gets there first, and both come up serving the same company.
describe('two servers started together on an empty database', () => {
  const name = `seatwise_t_${process.pid}_start_together`;
  const adminUrl = inject('pgAdminUrl');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-start-together-'));
  const admin = async (query: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await client.query(query);
    } finally {
      await client.end();
    }
  };
  beforeAll(async () => {
    await admin(`create database "${name}" template template0`);
  });
  afterAll(async () => {
    await admin(`drop database if exists "${name}" with (force)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('both come up, one demo company is seeded, and a session from one is honoured by the other', { timeout: 240_000 }, async () => {
    const env = { DATABASE_URL: withDatabase(adminUrl, name), SEATWISE_DATA_DIR: dataDir, SEATWISE_DEMO_LOGIN: '1' };
    const started = await Promise.allSettled([startServe(env, await freePort(), 180_000), startServe(env, await freePort(), 180_000)]);
    const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ready'))).toEqual(['ready', 'ready']);
      const [a, b] = servers as [(typeof servers)[number], (typeof servers)[number]];

      const users = (await (await fetch(`${a.baseUrl}/api/auth/demo-users`)).json()) as { items: Array<{ id: string; name: string }> };
      expect(users.items).toHaveLength(100);
      const fromB = (await (await fetch(`${b.baseUrl}/api/auth/demo-users`)).json()) as { items: Array<{ id: string }> };
      expect(fromB.items.map((u) => u.id).sort()).toEqual(users.items.map((u) => u.id).sort());

      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        const counts = await client.query<{ orgs: number; catalog: number; seeded: number }>(
          `select (select count(*)::int from organizations) as orgs, (select count(*)::int from price_catalog) as catalog, (select count(*)::int from audit_events where action = 'demo.seeded') as seeded`,
        );
        expect(counts.rows[0]!.orgs).toBe(1);
        expect(counts.rows[0]!.seeded).toBe(1);
        expect(counts.rows[0]!.catalog).toBeGreaterThan(0);
      } finally {
        await client.end();
      }

      // Signed by one server, accepted by the other: they share one generated secret.
      const login = await fetch(`${a.baseUrl}/api/auth/demo-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ personId: users.items[0]!.id }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const me = await fetch(`${b.baseUrl}/api/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { name: string }).name).toBe(users.items[0]!.name);
      expect(fs.readdirSync(dataDir)).toEqual(['secret']);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
});
