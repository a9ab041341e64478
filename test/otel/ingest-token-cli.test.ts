import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateIngestToken } from '../../src/app/usage/ingest-tokens.ts';
import { runCli } from '../cli/run-cli.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';

let db: TestDatabase;
let org: TestOrg;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
});
afterAll(async () => db?.drop());

describe('seatwise ingest-token', () => {
  it('creates a token (printed once), lists it without the secret, and revokes it', async () => {
    const env = { DATABASE_URL: db.url };
    const created = await runCli(['ingest-token', 'create', '--name', 'laptops'], env);
    expect(created.code, created.stderr).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^swi_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer');
    expect(await authenticateIngestToken(db.ctx, token)).toMatchObject({ orgId: org.orgId });

    const listed = await runCli(['ingest-token', 'list', '--format', 'json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const items = JSON.parse(listed.stdout) as Array<{ id: string; name: string; prefix: string; revokedAt: string | null }>;
    expect(items).toEqual([expect.objectContaining({ name: 'laptops', prefix: token.slice(0, 10), revokedAt: null })]);
    expect(listed.stdout).not.toContain(token);

    const table = await runCli(['ingest-token', 'list'], env);
    expect(table.stdout).toMatch(/laptops\s+swi_\S+…\s+.*live/);

    const revoked = await runCli(['ingest-token', 'revoke', items[0]!.id], env);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain('Revoked laptops');
    expect(await authenticateIngestToken(db.ctx, token)).toBeUndefined();

    const again = await runCli(['ingest-token', 'revoke', items[0]!.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^NOT_FOUND: No live ingest token/);
    const junk = await runCli(['ingest-token', 'revoke', 'not-an-id'], env);
    expect(junk.stderr).toMatch(/^NOT_FOUND/);
  }, 120_000);
});
