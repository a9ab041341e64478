import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatImportProgress } from '../../src/cli/commands/usage-import.ts';
import { buildOrg, type TestOrg } from '../factories.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { call, startTestServer, type TestServer } from '../http.ts';
import { BIN, cliEnv, freePort, ROOT, runCli, startServe, tempFiles } from './run-cli.ts';

let db: TestDatabase;
let org: TestOrg;
const { dir, file, remove: removeFiles } = tempFiles('seatwise-usage-import-');

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
});
afterAll(async () => {
  await db?.drop();
  removeFiles();
});

const HEADER = 'date,email,source,messages,input_tokens,output_tokens,cost_usd,limit_hits,active_minutes\n';
const GOOD = `${HEADER}2026-11-01,member@test.example,,10,1000,2000,0.5,0,30\n2026-11-02,MEMBER@test.example,,3,,,,,\n2026-11-01,admin@test.example,claude_code,1,1,1,0.0001,1,1\n`;
const counts = async () => {
  const r = await sql<{ daily: number; unmatched: number; identities: number }>`select (select count(*) from usage_daily) as daily, (select count(*) from usage_unmatched_daily) as unmatched, (select count(*) from unmatched_identities) as identities`.execute(db.handle.db);
  return r.rows[0]!;
};
const env = () => ({ DATABASE_URL: db.url });

describe('seatwise usage import', () => {
  it('imports a file, prints exactly the counts as JSON, and changes nothing when it comes again', async () => {
    const good = file('good.csv', GOOD);
    const first = await runCli(['usage', 'import', good, '--format', 'json'], env());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('{"rows":3,"inserted":3,"updated":0,"unchanged":0,"unmatched":0}\n');
    expect(first.stderr).toBe(''); // no progress bar when stderr is not a terminal
    const again = await runCli(['usage', 'import', good, '--format', 'json'], env());
    expect(again.stdout).toBe('{"rows":3,"inserted":0,"updated":0,"unchanged":3,"unmatched":0}\n');
    const corrected = await runCli(['usage', 'import', file('corrected.csv', GOOD.replace(',10,1000,', ',12,1000,'))], env());
    expect(corrected.stdout).toMatch(/^Imported 3 rows: 0 new, 1 updated, 2 unchanged, 0 unmatched \(import [0-9a-f-]{36}\)\.\n$/);
    const row = await sql<{ messages: number }>`select messages from usage_daily where person_id = ${org.people.member.id} and day = '2026-11-01' and source = 'csv'`.execute(db.handle.db);
    expect(row.rows[0]!.messages).toBe(12);
    const history = await sql<{ filename: string; status: string; inserted: number }>`select filename, status, inserted from usage_imports where filename in ('good.csv', 'corrected.csv') order by inserted desc`.execute(db.handle.db);
    expect(history.rows).toEqual([
      { filename: 'good.csv', status: 'succeeded', inserted: 3 },
      { filename: 'good.csv', status: 'succeeded', inserted: 0 },
      { filename: 'corrected.csv', status: 'succeeded', inserted: 0 },
    ]);
  });

  it('maps a differently shaped export with --map and keeps unmatched emails with their usage', async () => {
    const csv = file('export.csv', 'Date,User Email,Cost (USD),Team\n2026-11-03,owner@test.example,2.5,Platform\n2026-11-03,contractor@elsewhere.example,1,Platform\n');
    const result = await runCli(['usage', 'import', csv, '--format', 'json', '--map', 'Date=date,User Email=email,Cost (USD)=cost_usd,Team=-'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ rows: 2, inserted: 1, updated: 0, unchanged: 0, unmatched: 1 });
    const kept = await sql<{ identity: string }>`select i.identity from unmatched_identities i join usage_unmatched_daily u on u.identity_id = i.id where u.day = '2026-11-03'`.execute(db.handle.db);
    expect(kept.rows).toEqual([{ identity: 'contractor@elsewhere.example' }]);
    const badMap = await runCli(['usage', 'import', csv, '--map', 'Date'], env());
    expect(badMap.code).toBe(1);
    expect(badMap.stderr).toBe('VALIDATION_FAILED: The column map is invalid: "Date" is not FileColumn=column\n');
  });

  const huge = () => `${HEADER}2026-11-01,member@test.example,,1,,,,,\n2026-11-02,${'x'.repeat(10 * 1024 * 1024)},,1,,,,,\n`;
  const BAD: ReadonlyArray<readonly [string, () => string | Buffer, string]> = [
    ['a required column missing from the header', () => 'email,messages\nmember@test.example,1\n', 'line 1: date: required column is missing'],
    ['a bad date', () => `${HEADER}2026-11-01,member@test.example,,1,,,,,\n2026-13-01,member@test.example,,1,,,,,\n`, 'line 3: date: "2026-13-01" is not a date in YYYY-MM-DD form'],
    ['a negative number', () => `${HEADER}2026-11-01,member@test.example,,-5,,,,,\n`, 'line 2: messages: must not be negative (got -5)'],
    ['a non-numeric value', () => `${HEADER}2026-11-01,member@test.example,,1,lots,,,,\n`, 'line 2: input_tokens: "lots" is not a number'],
    ['a Latin-1 file', () => Buffer.from(`${HEADER}2026-11-01,j\xfcrgen@test.example,,1,,,,,\n`, 'latin1'), 'line 2: file: is not valid UTF-8 text (save it as CSV UTF-8)'],
    ['a UTF-16 file', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]), 'line 1: file: is UTF-16 text; save it as CSV UTF-8'],
    ['a key given twice in the file', () => `${HEADER}2026-11-05,member@test.example,,1,,,,,\n2026-11-06,member@test.example,,1,,,,,\n2026-11-05,Member@test.example,csv,2,,,,,\n`, 'line 4: email: duplicates line 2 (same date, person and source)'],
    ['a 10 MB single line', huge, 'line 3: file: has a record longer than 65536 characters (not usage data)'],
    ['an unknown column', () => `date,email,team\n2026-11-01,member@test.example,Platform\n`, 'line 1: team: unknown column (expected date,email,source,messages,input_tokens,output_tokens,cost_usd,limit_hits,active_minutes; map it with --map "team=column" or ignore it with --map "team=-")'],
    ['an empty file', () => '', 'line 1: file: is empty (expected a header row: date,email,…)'],
  ];

  it.concurrent.each(BAD)('reports %s by line, exits 1 and writes nothing', async (label: string, content: () => string | Buffer, expected: string) => {
    const before = await counts();
    const result = await runCli(['usage', 'import', file(`bad-${label.replace(/\W+/g, '-')}.csv`, content())], env());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^IMPORT_FAILED: The file has 1 problem; nothing was imported\.\n/);
    expect(result.stderr).toContain(`${expected}\n`);
    expect(await counts()).toEqual(before);
  });

  it('ignores a column mapped to -, and lists 50 problems then "… and K more"; the failure is in the history', async () => {
    const extra = await runCli(['usage', 'import', file('extra.csv', 'date,email,team\n2026-11-07,member@test.example,Platform\n'), '--format', 'json', '--map', 'Team=-'], env());
    expect(extra.stdout).toBe('{"rows":1,"inserted":1,"updated":0,"unchanged":0,"unmatched":0}\n');
    const before = await counts();
    const rows = Array.from({ length: 60 }, (_, i) => `2026-10-${String((i % 28) + 1).padStart(2, '0')},p${i}@elsewhere.example,,x,,,,,`);
    const many = await runCli(['usage', 'import', file('many.csv', `${HEADER}2026-10-01,member@test.example,,1,,,,,\n${rows.join('\n')}\n`)], env());
    expect(many.code).toBe(1);
    const lines = many.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('IMPORT_FAILED: The file has 60 problems; nothing was imported.');
    expect(lines[1]).toBe('line 3: messages: "x" is not a number');
    expect(lines[50]).toBe('line 52: messages: "x" is not a number');
    expect(lines[51]).toBe('… and 10 more');
    expect(lines).toHaveLength(52);
    expect(await counts()).toEqual(before);
    const history = await sql<{ status: string; rows: number; errors: unknown[]; sha256: string }>`select status, rows, errors, sha256 from usage_imports where filename = 'many.csv'`.execute(db.handle.db);
    expect(history.rows).toHaveLength(1);
    expect(history.rows[0]).toMatchObject({ status: 'failed', rows: 61 });
    expect(history.rows[0]!.errors).toHaveLength(50);
    expect(history.rows[0]!.errors[0]).toEqual({ line: 3, path: 'messages', message: '"x" is not a number' });
    expect(history.rows[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves no rows from a file when the import is killed mid-file (SIGKILL)', async () => {
    // 6 people × 100 sources × 1,000 days: long enough to be caught while writing.
    const big = path.join(dir, 'big.csv');
    const out = fs.createWriteStream(big);
    out.write(HEADER);
    const emails = Object.values(org.people).map((p) => p.email);
    for (let s = 0; s < 100; s++) {
      let chunk = '';
      for (let d = 0; d < 1000; d++) {
        const day = new Date(Date.UTC(2022, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
        for (const email of emails) chunk += `${day},${email},kill${s},1,2,3,0.01,0,5\n`;
      }
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    const before = await counts();
    const child = spawn(process.execPath, [BIN, 'usage', 'import', big], { cwd: ROOT, env: cliEnv(env()) });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const watcher = new pg.Client({ connectionString: db.url });
    await watcher.connect();
    try {
      // Writing has started once the import's transaction holds its lock on usage_daily.
      const isWriting = async () =>
        (await watcher.query(`select 1 from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'usage_daily' and l.mode = 'RowExclusiveLock' and l.pid <> pg_backend_pid()`)).rowCount! > 0;
      const deadline = Date.now() + 30_000;
      while (!(await isWriting())) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the import never started writing: ${stderr}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // The server notices the dropped connection and rolls the transaction back.
      for (let i = 0; i < 200 && (await isWriting()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(await isWriting()).toBe(false);
    } finally {
      await watcher.end();
    }
    expect(await counts()).toEqual(before);
    const fromFile = await sql<{ n: number }>`select count(*) as n from usage_daily where source like 'kill%'`.execute(db.handle.db);
    expect(fromFile.rows[0]!.n).toBe(0);
  }, 60_000);

  it('draws a progress bar on stderr when it is a terminal', async () => {
    const result = spawnSync('script', ['-qec', `${process.execPath} ${BIN} usage import ${file('tty.csv', GOOD)} --format json`, '/dev/null'], { cwd: ROOT, env: cliEnv(env()), encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/\r\[#*-*\] +\d+%  0\.0\/0\.0 MB  \d+ rows  [\d,]+ rows\/s\x1b\[K/);
    expect(result.stdout).toContain('\r\x1b[K{"rows":3,');
  });

  it('formats progress as bytes read of total and rows per second', () => {
    expect(formatImportProgress({ bytesRead: 5 * 1024 * 1024, totalBytes: 20 * 1024 * 1024, rows: 123_456, elapsedMs: 2000, barWidth: 8 })).toBe('[##------]  25%  5.0/20.0 MB  123,456 rows  61,728 rows/s');
  });
});

describe('usage import API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db.ctx);
  });
  afterAll(async () => server?.close());
  const token = (role: keyof TestOrg['people']) => org.people[role].token;

  it('POST /api/usage/imports imports a text/csv body with ?map= and ?filename=', async () => {
    const body = 'Day,Mail,Msgs\n2026-11-10,member@test.example,4\n';
    const res = await call(server.baseUrl, 'POST', `/api/usage/imports?map=${encodeURIComponent('Day=date,Mail=email,Msgs=messages')}&filename=api.csv`, { token: token('admin'), body, contentType: 'text/csv' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ importId: expect.any(String), rows: 1, inserted: 1, updated: 0, unchanged: 0, unmatched: 0 });
  });

  it('POST /api/usage/imports answers 422 with line-numbered errors, 400 without a CSV body, 401/403 for others', async () => {
    const res = await call(server.baseUrl, 'POST', '/api/usage/imports', { token: token('owner'), body: `${HEADER}2026-11-11,member@test.example,,-1,,,,,\n`, contentType: 'text/csv' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json).toMatchObject({ code: 'IMPORT_FAILED', errors: [{ line: 2, path: 'messages', message: 'must not be negative (got -1)' }] });
    const json = await call(server.baseUrl, 'POST', '/api/usage/imports', { token: token('admin'), body: { rows: [] } });
    expect(json.status).toBe(400);
    expect(json.json.code).toBe('VALIDATION_FAILED');
    expect((await call(server.baseUrl, 'POST', '/api/usage/imports', { body: GOOD, contentType: 'text/csv' })).status).toBe(401);
    for (const role of ['auditor', 'member', 'dept_lead'] as const) {
      expect((await call(server.baseUrl, 'POST', '/api/usage/imports', { token: token(role), body: GOOD, contentType: 'text/csv' })).status, role).toBe(403);
    }
  });

  it('GET /api/usage/imports lists the history, newest first, for admins and auditors', async () => {
    const res = await call(server.baseUrl, 'GET', '/api/usage/imports?limit=500', { token: token('auditor') });
    expect(res.status).toBe(200);
    const api = res.json.items.find((i: { filename: string }) => i.filename === 'api.csv');
    expect(api).toMatchObject({ source: 'csv', status: 'succeeded', rows: 1, inserted: 1, updated: 0, unchanged: 0, unmatched: 0, errors: [] });
    expect(new Date(api.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(api.startedAt).getTime());
    const failed = res.json.items.find((i: { status: string; errors: Array<{ path: string }> }) => i.status === 'failed' && i.errors[0]?.path === 'messages');
    expect(failed.errors[0]).toEqual({ line: 2, path: 'messages', message: 'must not be negative (got -1)' });
    expect((await call(server.baseUrl, 'GET', '/api/usage/imports', { token: token('member') })).status).toBe(403);
  });
});

describe('seatwise usage import while a server holds the embedded database', () => {
  it('goes through the server, and says that big files need the server stopped or DATABASE_URL', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-usage-embedded-'));
    const embedded = { SEATWISE_DATA_DIR: dataDir, SEATWISE_JOBS: '0' };
    const server = await startServe(embedded, await freePort());
    try {
      const users = (await (await fetch(`${server.baseUrl}/api/auth/demo-users`)).json()) as { items: Array<{ email: string }> };
      const email = users.items[0]!.email;
      const csv = file('remote.csv', `${HEADER}2026-11-01,${email},remote_test,3,,,,,\n2026-11-01,nobody@elsewhere.example,remote_test,1,,,,,\n`);
      const first = await runCli(['usage', 'import', csv, '--format', 'json'], embedded);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toBe('{"rows":2,"inserted":1,"updated":0,"unchanged":0,"unmatched":1}\n');
      const again = await runCli(['usage', 'import', csv, '--format', 'json'], embedded);
      expect(again.stdout).toBe('{"rows":2,"inserted":0,"updated":0,"unchanged":1,"unmatched":1}\n');
      const bad = await runCli(['usage', 'import', file('remote-bad.csv', `${HEADER}2026-11-01,${email},,1,,,,,\n2026-11-01,${email},,2,,,,,\n`)], embedded);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('IMPORT_FAILED: The file has 1 problem; nothing was imported.\nline 3: email: duplicates line 2');
      const big = file('remote-big.csv', `${HEADER}${`2026-11-01,${email},,1,,,,,\n`.repeat(400_000)}`);
      const tooBig = await runCli(['usage', 'import', big], embedded);
      expect(tooBig.code).toBe(1);
      expect(tooBig.stderr).toMatch(/^VALIDATION_FAILED: .*remote-big\.csv is 1\d\.\d MB; the running Seatwise server accepts uploads up to 10 MB\. To import big files, stop the server .* or point DATABASE_URL at PostgreSQL\.\n$/);
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
