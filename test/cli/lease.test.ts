import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setQuota } from '../../src/app/quotas/quotas.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { runCli } from './run-cli.ts';

let db: TestDatabase;
let org: TestOrg;
beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx, { premiumSeats: 1 });
  await setQuota(db.ctx, org.operator, org.departments.Software!, { nominalPremium: 1, borrowingLimit: null, lendingLimit: null, monthlyBudget: null });
});
afterAll(async () => db?.drop());

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('seatwise lease (on the configured database)', () => {
  it('requests, lists and extends leases, refuses what it cannot do; the second request for the one seat waits', async () => {
    const env = { DATABASE_URL: db.url };
    const first = await runCli(['lease', 'request', '--email', org.people.member.email, '--from', inDays(7), '--to', inDays(21), '--reason', 'Firmware sprint', '--project', 'FW-9', '--format', 'json'], env);
    expect(first.code, first.stderr).toBe(0);
    const granted = JSON.parse(first.stdout);
    expect(granted.lease).toMatchObject({ email: org.people.member.email, status: 'scheduled', project: 'FW-9' });
    expect(granted.decision.outcome).toBe('approve');

    const second = await runCli(['lease', 'request', '--email', org.people.auditor.email, '--from', inDays(10), '--to', inDays(14), '--reason', 'Audit tooling'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/waitlisted/);

    const listed = await runCli(['lease', 'list', '--department', 'Software', '--status', 'scheduled,waitlisted', '--format', 'json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).map((l: { email: string; status: string }) => `${l.email} ${l.status}`).sort()).toEqual([`${org.people.auditor.email} waitlisted`, `${org.people.member.email} scheduled`]);

    const extended = await runCli(['lease', 'extend', granted.lease.id, '--to', inDays(28), '--reason', 'The sprint slipped a week', '--format', 'json'], env);
    expect(extended.code, extended.stderr).toBe(0);
    expect(JSON.parse(extended.stdout).decision.outcome).toMatch(/approved|requested/);

    const notPending = await runCli(['lease', 'deny', granted.lease.id, '--note', 'no'], env);
    expect(notPending.code).toBe(1);
    expect(notPending.stderr).toMatch(/^CONFLICT: /);
    const badStatus = await runCli(['lease', 'list', '--status', 'sleeping'], env);
    expect(badStatus.stderr).toContain('VALIDATION_FAILED: --status: unknown sleeping');
  }, 120_000);
});
