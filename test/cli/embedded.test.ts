import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runCli, startServe } from './run-cli.ts';

// The default install: PGlite in a data folder, owned by one process at a time.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-embedded-'));
const env = { SEATWISE_DATA_DIR: dataDir };
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('embedded database', () => {
  it('seeds the demo on first start, keeps data across restarts, and shares the folder safely with the CLI', async () => {
    const port = await freePort();
    const first = await startServe(env, port);
    let stopped = false;
    try {
      const demoUsers = await (await fetch(`${first.baseUrl}/api/auth/demo-users`)).json();
      expect(demoUsers.items).toHaveLength(100);
      expect(fs.statSync(path.join(dataDir, 'secret')).mode & 0o777).toBe(0o600);

      // While the server holds the folder, read commands go through it…
      const listed = await runCli(['people', 'list', '--format', 'json'], env);
      expect(listed.code, listed.stderr).toBe(0);
      const people = JSON.parse(listed.stdout) as Array<{ email: string; department: string }>;
      expect(people).toHaveLength(100);
      expect(people.every((p) => p.email.endsWith('@kestrel.example') && p.department)).toBe(true);

      // …and so does an import (a write), which the server performs in its own transaction.
      const csv = path.join(dataDir, 'new.csv');
      fs.writeFileSync(csv, 'email,name,department,job_family\nnew.starter@kestrel.example,New Starter,Software,software_engineer\n');
      const imported = await runCli(['people', 'import', csv, '--format', 'json'], env);
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: 1 });

      // A policy-lab replay of the demo history, report included, is answered by the server too.
      const report = path.join(dataDir, 'replay.html');
      const replay = await runCli(['simulate', '--replay', '--policies', 'P4', '--format', 'json', '--report', report], env, 120_000);
      expect(replay.code, replay.stderr).toBe(0);
      expect(JSON.parse(replay.stdout).policies.map((p: { id: string }) => p.id)).toEqual(['P4']);
      expect(fs.readFileSync(report, 'utf8')).toContain('data-policy="P4"');

      // Lease commands go through the server as well: a request, the list, and a refusal with its code.
      const someone = people.find((p) => p.department === 'Software')!;
      const from = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
      const to = new Date(Date.now() + 35 * 86_400_000).toISOString().slice(0, 10);
      const requested = await runCli(['lease', 'request', '--email', someone.email.toUpperCase(), '--from', from, '--to', to, '--reason', 'Release sprint', '--format', 'json'], env);
      expect(requested.code, requested.stderr).toBe(0);
      const asked = JSON.parse(requested.stdout);
      expect(asked.lease).toMatchObject({ email: someone.email, startsAt: `${from}T00:00:00.000Z` });
      expect(asked.decision.rule).toEqual(expect.any(String));
      const mine = await runCli(['lease', 'list', '--email', someone.email, '--format', 'json'], env);
      expect(mine.code, mine.stderr).toBe(0);
      expect(JSON.parse(mine.stdout).map((l: { id: string }) => l.id)).toContain(asked.lease.id);
      const nobody = await runCli(['lease', 'request', '--email', 'nobody@kestrel.example', '--from', from, '--to', to, '--reason', 'x'], env);
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toContain('NOT_FOUND: No person with email nobody@kestrel.example');

      // So do quota commands.
      const quotaSet = await runCli(['quota', 'set', 'Software', '--nominal', '4', '--budget', '1500'], env);
      expect(quotaSet.code, quotaSet.stderr).toBe(0);
      expect(quotaSet.stdout).toContain('Software: nominal 4');
      const quotas = JSON.parse((await runCli(['quota', 'show', '--format', 'json'], env)).stdout);
      expect(quotas.quotas.find((q: { departmentName: string }) => q.departmentName === 'Software')).toMatchObject({ nominalPremium: 4, monthlyBudget: '1500.00' });
      expect((await runCli(['quota', 'apply', '--method', 'webster'], env)).stdout).toContain('Preview only');

      // And the auditor's export, the budget burn and channel removal.
      const exported = await runCli(['audit', 'export', '--format', 'jsonl'], env);
      expect(exported.code, exported.stderr).toBe(0);
      const entries = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; action: string });
      expect(entries.length).toBeGreaterThan(10);
      expect(entries.map((e) => e.action)).toContain('lease.requested');
      const burn = await runCli(['alerts', 'burn', '--format', 'json'], env);
      expect(burn.code, burn.stderr).toBe(0);
      expect(JSON.parse(burn.stdout).scopes.map((x: { name: string }) => x.name)).toContain('Software');
      const added = await runCli(['alerts', 'channels', 'add', '--name', 'Finance room', '--audience', 'owner', '--webhook-url-stdin'], env, undefined, 'https://hooks.example.com/services/T0/B0/x\n');
      expect(added.code, added.stderr).toBe(0);
      const removed = await runCli(['alerts', 'channels', 'remove', 'finance ROOM'], env);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toBe('Channel "Finance room" removed\n');

      // And the survey campaigns with their results.
      const surveys = await runCli(['survey', 'list', '--format', 'json'], env);
      expect(surveys.code, surveys.stderr).toBe(0);
      const campaigns = JSON.parse(surveys.stdout).items as Array<{ id: string; title: string }>;
      expect(campaigns.length).toBeGreaterThan(0);
      const results = await runCli(['survey', 'results', '--format', 'json'], env);
      expect(results.code, results.stderr).toBe(0);
      expect(JSON.parse(results.stdout).campaign.id).toBe(campaigns[0]!.id);

      // And the use-case library, filtered by department.
      const useCases = await runCli(['use-cases', 'list', '--department', 'software', '--format', 'json'], env);
      expect(useCases.code, useCases.stderr).toBe(0);
      const library = JSON.parse(useCases.stdout) as { items: Array<{ title: string; departmentName: string | null; authorName: string }>; total: number };
      expect(library.items.length).toBeGreaterThan(0);
      expect(library.total).toBe(library.items.length);
      expect(library.items.every((u) => u.departmentName === 'Software' && u.authorName)).toBe(true);
      const unknown = await runCli(['use-cases', 'list', '--department', 'Nowhere'], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('NOT_FOUND: No department named "Nowhere"');

      // Commands with no API form refuse clearly instead of opening the files twice.
      const reset = await runCli(['demo', '--reset'], env, 20_000);
      expect(reset.code).toBe(1);
      expect(reset.stderr).toMatch(/^DATA_DIR_LOCKED: The embedded database in .* is in use by the Seatwise server \(pid \d+, port \d+\)/);

      expect(await first.stop()).toBe(0);
      stopped = true;
    } finally {
      if (!stopped) first.child.kill('SIGKILL');
    }

    // With the server stopped, the CLI opens the folder itself and sees what the server wrote.
    const direct = await runCli(['people', 'list', '--format', 'json'], env);
    expect(direct.code, direct.stderr).toBe(0);
    expect(JSON.parse(direct.stdout)).toHaveLength(101);

    const second = await startServe(env, port);
    try {
      const users = await (await fetch(`${second.baseUrl}/api/auth/demo-users`)).json();
      expect(users.items).toHaveLength(101);
      expect(second.output()).not.toContain('loaded the demo company');
    } finally {
      await second.stop();
    }
  }, 180_000);

  it('takes over a lock left by a process that died', async () => {
    fs.writeFileSync(path.join(dataDir, 'seatwise.lock'), JSON.stringify({ pid: 999_999_999, command: 'serve', port: 1 }));
    const result = await runCli(['seats', 'show', '--format', 'json'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).monthlyCost).toBe('3520.00');
  }, 60_000);
});
