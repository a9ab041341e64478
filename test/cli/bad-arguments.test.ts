import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { runCli, tempFiles, type CliResult } from './run-cli.ts';

// Bad option values and arguments are refused by the CLI itself with one `CODE: message` line naming
// the option (or argument) and the value, before anything is written: no INTERNAL database errors,
// no failed imports, no stack traces, no half-made files.

const SECRET = 'bad-arguments-test-installation-secret-0123';
let db: TestDatabase;
let org: TestOrg;
let files: ReturnType<typeof tempFiles>;
const env = () => ({ DATABASE_URL: db.url, SEATWISE_SECRET: SECRET, SEATWISE_DEMO_SEED: 'never' });

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
  files = tempFiles('seatwise-bad-args-');
}, 60_000);
afterAll(async () => {
  files?.remove();
  await db?.drop();
});

/** Exit code 1 and exactly `line` on stderr: one line, no stack frames. */
function expectOneLine(result: CliResult, line: string): void {
  expect(result.stderr, result.stdout).toBe(`${line}\n`);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.code).toBe(1);
}

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db.handle.db)).rows[0]!.n;
const holidays = () => count(sql<{ n: number }>`select count(*)::int as n from org_holidays where org_id = ${org.orgId}`);
const imports = () => count(sql<{ n: number }>`select count(*)::int as n from usage_imports where org_id = ${org.orgId}`);
const auditEvents = () => db.ctx.repos.audit.countByOrg(org.orgId);

describe('bad dates are refused as VALIDATION_FAILED naming the option', () => {
  it('forecast holidays set and list take real calendar days only', async () => {
    const audited = await auditEvents();
    expectOneLine(
      await runCli(['forecast', 'holidays', 'set', '--from', '2026-12-01', '--to', '2026-13-01', '--holiday', '2026-12-24=Christmas Eve'], env()),
      'VALIDATION_FAILED: --to must be a date in YYYY-MM-DD form (got 2026-13-01)',
    );
    expectOneLine(
      await runCli(['forecast', 'holidays', 'set', '--from', '2026-02-30', '--to', '2026-03-31', '--holiday', '2026-03-02=Spring day'], env()),
      'VALIDATION_FAILED: --from must be a date in YYYY-MM-DD form (got 2026-02-30)',
    );
    expectOneLine(
      await runCli(['forecast', 'holidays', 'set', '--from', '2026-02-01', '--to', '2026-03-31', '--holiday', '2026-02-30=Nobody'], env()),
      'VALIDATION_FAILED: --holiday must look like 2026-12-24=Christmas Eve (got "2026-02-30=Nobody")',
    );
    expectOneLine(await runCli(['forecast', 'holidays', '--to', '2026-13-01'], env()), 'VALIDATION_FAILED: --to must be a date in YYYY-MM-DD form (got 2026-13-01)');
    expectOneLine(await runCli(['forecast', 'holidays', '--from', '2026-02-30'], env()), 'VALIDATION_FAILED: --from must be a date in YYYY-MM-DD form (got 2026-02-30)');
    expect(await holidays()).toBe(0);
    expect(await auditEvents()).toBe(audited);
  }, 120_000);

  it('sync --from is checked before a sync starts: no failed import is recorded', async () => {
    const configured = await runCli(['connector', 'set', 'anthropic', '--admin-key-stdin', '--base-url', 'http://127.0.0.1:9'], env(), undefined, 'sk-ant-admin01-bad-arguments-test-key-abcdefghij\n');
    expect(configured.code, configured.stderr).toBe(0);
    const before = await imports();
    expectOneLine(await runCli(['sync', 'anthropic', '--from', '2025-13-01'], env()), 'VALIDATION_FAILED: --from must be a date in YYYY-MM-DD form (got 2025-13-01)');
    expectOneLine(await runCli(['sync', 'anthropic-enterprise', '--from', '2026-02-30'], env()), 'VALIDATION_FAILED: --from must be a date in YYYY-MM-DD form (got 2026-02-30)');
    expect(await imports()).toBe(before);
    const state = await sql<{ lastError: string | null }>`select last_error as "lastError" from connector_states where org_id = ${org.orgId} and connector = 'anthropic'`.execute(db.handle.db);
    expect(state.rows[0]?.lastError ?? null).toBeNull();
  }, 120_000);

  it('simulate --replay --from/--to take real calendar days only', async () => {
    expectOneLine(await runCli(['simulate', '--replay', '--from', '2026-02-30', '--to', '2026-03-29'], env()), 'VALIDATION_FAILED: --from must be a date in YYYY-MM-DD form (got 2026-02-30)');
    expectOneLine(await runCli(['simulate', '--replay', '--from', '2026-02-02', '--to', '2026-13-01'], env()), 'VALIDATION_FAILED: --to must be a date in YYYY-MM-DD form (got 2026-13-01)');
  }, 120_000);
});

describe('<id> arguments are refused unless they are UUIDs', () => {
  it('alerts ack, lease approve|deny|return|extend and survey results', async () => {
    const audited = await auditEvents();
    expectOneLine(await runCli(['alerts', 'ack', '12'], env()), 'VALIDATION_FAILED: <id> must be a UUID (got 12)');
    expectOneLine(await runCli(['alerts', 'ack', '12', '--note', 'done'], env()), 'VALIDATION_FAILED: <id> must be a UUID (got 12)');
    expectOneLine(await runCli(['lease', 'approve', '12'], env()), 'VALIDATION_FAILED: <id> must be a UUID (got 12)');
    expectOneLine(await runCli(['lease', 'deny', 'abc', '--note', 'no'], env()), 'VALIDATION_FAILED: <id> must be a UUID (got abc)');
    expectOneLine(await runCli(['lease', 'return', '12'], env()), 'VALIDATION_FAILED: <id> must be a UUID (got 12)');
    expectOneLine(await runCli(['lease', 'extend', '12', '--to', '2026-12-01', '--reason', 'slipped'], env()), 'VALIDATION_FAILED: <id> must be a UUID (got 12)');
    expectOneLine(await runCli(['lease', 'extend', '00000000-0000-4000-8000-000000000000', '--to', '2026-02-30', '--reason', 'slipped'], env()), 'VALIDATION_FAILED: --to must be a date in YYYY-MM-DD form (got 2026-02-30)');
    expectOneLine(await runCli(['survey', 'results', '7'], env()), 'VALIDATION_FAILED: [id] must be a UUID (got 7)');
    expect(await auditEvents()).toBe(audited);
  }, 120_000);
});

describe('output files that cannot be written are named before the work starts', () => {
  it('audit export --out into a missing folder: one line, no file, no stack trace', async () => {
    const missing = path.join(files.dir, 'no', 'dir', 'a.csv');
    expectOneLine(await runCli(['audit', 'export', '--out', missing], env()), `VALIDATION_FAILED: --out cannot write ${missing}: folder ${path.dirname(missing)} does not exist`);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
    expectOneLine(await runCli(['audit', 'export', '--out', files.dir], env()), `VALIDATION_FAILED: --out cannot write ${files.dir}: it is a directory`);
    // A good path still gets the whole export.
    const good = path.join(files.dir, 'audit.csv');
    const ok = await runCli(['audit', 'export', '--out', good], env());
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(fs.readFileSync(good, 'utf8')).toMatch(/^seq,event_id,/);
  }, 120_000);

  it('simulate --report into a missing folder fails before the run, with no file', async () => {
    const missing = path.join(files.dir, 'nowhere', 'r.html');
    const started = Date.now();
    const result = await runCli(['simulate', '--scenario', 'small-team', '--policies', 'P1', '--seeds', '1', '--threads', '1', '--report', missing], {});
    expectOneLine(result, `VALIDATION_FAILED: --report cannot write ${missing}: folder ${path.dirname(missing)} does not exist`);
    expect(result.stdout).toBe('');
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
    expect(Date.now() - started).toBeLessThan(60_000);
    const replay = await runCli(['simulate', '--replay', '--report', missing], env());
    expectOneLine(replay, `VALIDATION_FAILED: --report cannot write ${missing}: folder ${path.dirname(missing)} does not exist`);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  }, 120_000);
});

describe('quota seat counts are capped at 100000', () => {
  it('quota set --nominal/--borrowing-limit/--lending-limit and quota apply --seats', async () => {
    const audited = await auditEvents();
    expectOneLine(await runCli(['quota', 'set', 'Software', '--nominal', '3000000000'], env()), 'VALIDATION_FAILED: --nominal must be at most 100000 seats (got 3000000000)');
    expectOneLine(await runCli(['quota', 'set', 'Software', '--nominal', '1', '--borrowing-limit', '3000000000'], env()), 'VALIDATION_FAILED: --borrowing-limit must be at most 100000 seats (got 3000000000)');
    expectOneLine(await runCli(['quota', 'set', 'Software', '--nominal', '1', '--lending-limit', '100001'], env()), 'VALIDATION_FAILED: --lending-limit must be at most 100000 seats (got 100001)');
    expectOneLine(await runCli(['quota', 'set', 'Software', '--nominal', '1', '--budget', '100000000000'], env()), 'VALIDATION_FAILED: --budget must be at most 9999999999.99 (got 100000000000)');
    expectOneLine(await runCli(['quota', 'apply', '--method', 'hamilton', '--seats', '3000000000', '--yes'], env()), 'VALIDATION_FAILED: --seats must be at most 100000 seats (got 3000000000)');
    const quotas = await sql<{ n: number }>`select count(*)::int as n from department_quotas where org_id = ${org.orgId} and nominal_premium > 0`.execute(db.handle.db);
    expect(quotas.rows[0]!.n).toBe(0);
    expect(await auditEvents()).toBe(audited);
    // The largest count is still taken.
    const max = await runCli(['quota', 'set', 'Hardware', '--nominal', '100000'], env());
    expect(max.stderr).toBe('');
    expect(max.stdout).toContain('Hardware: nominal 100000');
  }, 120_000);
});
