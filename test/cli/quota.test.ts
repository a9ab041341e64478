import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { runCli } from './run-cli.ts';

let db: TestDatabase;
let org: TestOrg;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx, { premiumSeats: 5 });
});
afterAll(async () => db?.drop());

describe('seatwise quota show | set | apply (on the configured database)', () => {
  it('sets a quota, previews and applies an apportionment with an audit event, and names bad input', async () => {
    const env = { DATABASE_URL: db.url };
    const set = await runCli(['quota', 'set', 'hardware', '--nominal', '2', '--borrowing-limit', '1', '--budget', '900'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe('Hardware: nominal 2, borrowing limit 1, lending limit none, budget 900.00\n');

    const shown = JSON.parse((await runCli(['quota', 'show', '--format', 'json'], env)).stdout);
    expect(shown.capacity).toBe(5);
    expect(shown.quotas.map((q: { departmentName: string; nominalPremium: number }) => `${q.departmentName} ${q.nominalPremium}`)).toEqual(['Hardware 2', 'Software 0']);

    // Headcount weights: Software has all six people, Hardware none.
    const preview = await runCli(['quota', 'apply', '--method', 'hamilton'], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('Preview only: run again with --yes to apply.');
    const audited = await db.ctx.repos.audit.countByOrg(org.orgId);
    const applied = JSON.parse((await runCli(['quota', 'apply', '--method', 'hamilton', '--yes', '--format', 'json'], env)).stdout);
    expect(applied).toMatchObject({ method: 'hamilton', seats: 5, applied: true });
    expect(applied.changes.map((c: { departmentName: string; before: number; after: number }) => `${c.departmentName} ${c.before}→${c.after}`).sort()).toEqual(['Hardware 2→0', 'Software 0→5']);
    expect(await db.ctx.repos.audit.countByOrg(org.orgId)).toBe(audited + 1);

    const bad = await runCli(['quota', 'set', 'Software', '--nominal', 'lots'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('VALIDATION_FAILED: --nominal must be a non-negative integer (got lots)');
    const nowhere = await runCli(['quota', 'set', 'Marketing', '--nominal', '1'], env);
    expect(nowhere.stderr).toContain('NOT_FOUND: No department named "Marketing"');
  }, 120_000);
});
