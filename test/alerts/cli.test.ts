import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setQuota } from '../../src/app/quotas/quotas.ts';
import { toDay } from '../../src/domain/dates.ts';
import { runCli, type CliResult } from '../cli/run-cli.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { startSmtpReceiver, startWebhookReceiver, subjectOf, type SmtpReceiver, type WebhookReceiver } from './receivers.ts';

const seatwise = (args: readonly string[], env: Record<string, string>, stdin = ''): Promise<CliResult> => runCli(args, env, undefined, stdin);

let db: TestDatabase;
let org: TestOrg;
let hooks: WebhookReceiver;
let smtp: SmtpReceiver;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  await setQuota(db.ctx, org.operator, org.departments.Software!, { nominalPremium: 1, borrowingLimit: null, lendingLimit: null, monthlyBudget: '100.00' });
  hooks = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  env = { DATABASE_URL: db.url, SEATWISE_SECRET: 'cli-alerts-installation-secret-0123456789' };
}, 120_000);
afterAll(async () => {
  await hooks?.close();
  await smtp?.close();
  await db?.drop();
});

describe('seatwise alerts', { timeout: 120_000 }, () => {
  it('adds a webhook (URL from stdin) and an e-mail channel, and lists them without secrets', async () => {
    const url = hooks.url('/hooks/cli-secret-path');
    const added = await seatwise(['alerts', 'channels', 'add', '--name', 'Finance room', '--audience', 'finance', '--webhook-url-stdin'], env, `${url}\n`);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Channel "Finance room" added');
    const mail = await seatwise(['alerts', 'channels', 'add', '--name', 'Lead mail', '--audience', 'department_lead', '--department', 'Software', '--email', 'lead@test.example', '--smtp-host', '127.0.0.1', '--smtp-port', String(smtp.port), '--from', 'seatwise@test.example'], env);
    expect(mail.stderr).toBe('');
    expect(mail.code).toBe(0);
    const listed = await seatwise(['alerts', 'channels', 'list', '--format', 'json'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain('cli-secret-path');
    expect(JSON.parse(listed.stdout).items.map((c: { name: string; audience: string }) => `${c.name}:${c.audience}`)).toEqual(['Finance room:finance', 'Lead mail:department_lead']);
  });

  it('refuses a bad audience and a missing target with CODE: message', async () => {
    const bad = await seatwise(['alerts', 'channels', 'add', '--name', 'x', '--audience', 'everyone', '--webhook-url-stdin'], env, 'http://x\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('VALIDATION_FAILED: --audience must be one of owner, finance, department_lead (got everyone)');
    const none = await seatwise(['alerts', 'channels', 'add', '--name', 'x', '--audience', 'finance'], env);
    expect(none.stderr).toContain('Give exactly one of --webhook-url-stdin or --email');
  });

  it('`alerts test` sends a test alert to every configured channel', async () => {
    const result = await seatwise(['alerts', 'test'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Finance room\s+sent/);
    expect(result.stdout).toMatch(/Lead mail\s+sent/);
    expect(hooks.received.map((h) => h.body.text)).toEqual(['Seatwise test alert']);
    expect(smtp.messages.map((m) => subjectOf(m.raw))).toEqual(['[Seatwise info] Seatwise test alert']);
  });

  it('`alerts evaluate` raises the crossed threshold; `alerts list` and `alerts burn` show it', async () => {
    await db.ctx.repos.usage.insertMany(org.orgId, [{ personId: org.people.member.id, day: toDay(new Date()), source: 'anthropic_api', messages: 1, inputTokens: 1, outputTokens: 1, costUsd: '85.00', limitHits: 0, activeMinutes: 1 }]);
    const month = toDay(new Date()).slice(0, 7);
    const evaluated = await seatwise(['alerts', 'evaluate'], env);
    expect(evaluated.stderr).toBe('');
    expect(evaluated.stdout).toContain(`Software budget at 80% for ${month}`);
    expect(hooks.received.map((h) => h.body.text)).toContain(`Software budget at 80% for ${month}`);
    const list = await seatwise(['alerts', 'list', '--status', 'open', '--format', 'json'], env);
    const titles = JSON.parse(list.stdout).items.map((a: { title: string }) => a.title);
    expect(titles).toContain(`Software budget at 50% for ${month}`);
    expect(titles).toContain(`Software budget at 80% for ${month}`);
    const burn = await seatwise(['alerts', 'burn', '--format', 'json'], env);
    expect(JSON.parse(burn.stdout).scopes.find((s: { name: string }) => s.name === 'Software')).toMatchObject({ budget: '100.00', spent: '85.00', percentUsed: 85 });
    const again = await seatwise(['alerts', 'evaluate'], env);
    expect(again.stdout).toMatch(/^0 alert\(s\) raised/);
  });
});
