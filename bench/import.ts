/**
 * CSV usage import benchmark: `seatwise usage import` (the real CLI, streaming into PostgreSQL in one
 * transaction) against `psql \copy` of the same file into a same-shaped plain table, in the same run.
 *
 *   npm run bench:import [-- --people 2000 --days 500 --small-days 125 --no-reimport]
 *
 * A fresh database (`seatwise_import_bench_<pid>`: outside the `seatwise_bench_*` names whose
 * leftovers bench:lease-throughput drops) is created on BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432), migrated with `migrateToLatest`, seeded with one organization
 * of `--people` people, and dropped at the end. Two files are generated in a temp folder: people ×
 * small-days rows (250k by default) and people × days rows (1M by default), ordered by day then
 * person like a vendor export. Each is imported by spawning the CLI with DATABASE_URL; the importing
 * process's peak RSS is read from /proc/<pid>/status (VmHWM) while it runs. usage_daily is emptied
 * between runs, so every import inserts every row.
 *
 * Output: rows/s of the import (wall time of the whole CLI process, and net of the fixed start-up
 * cost measured with a header-only file), rows/s of \copy, peak RSS of both imports (flat memory:
 * they should be about equal), a re-import of the big file (every row unchanged), the table's floor
 * (the same rows INSERT … SELECTed from a temp table already in PostgreSQL into usage_daily, which
 * has a primary key, checks and the statement-level triggers checking its people, which the \copy target
 * lacks), the parser's own time (csv-parse, which the import uses, parsing the big file and doing
 * nothing else), and
 * `ratio: X` = import rows/s ÷ \copy rows/s for the big file (goal X >= 0.3; wall time).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Parser } from 'csv-parse';
import pg from 'pg';
import { createAppContext } from '../src/app/context.ts';
import { USAGE_CSV_PARSER_OPTIONS, USAGE_CSV_READ_BYTES } from '../src/app/usage/import-usage-csv.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/seatwise.js');
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = `seatwise_import_bench_${process.pid}`;
const HEADER = 'date,email,source,messages,input_tokens,output_tokens,cost_usd,limit_hits,active_minutes\n';

const { values: args } = parseArgs({
  options: {
    people: { type: 'string', default: '2000' },
    days: { type: 'string', default: '500' },
    'small-days': { type: 'string', default: '125' },
    'no-reimport': { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(args.people);
const DAYS = Number(args.days);
const SMALL_DAYS = Number(args['small-days']);

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const emailOf = (i: number) => `person${String(i).padStart(5, '0')}@bench.example`;

async function seed(url: string): Promise<void> {
  const handle = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
    const ctx = createAppContext(handle.db);
    const org = await ctx.repos.organizations.create({ name: 'Bench Co', slug: 'bench' });
    const department = await ctx.repos.departments.create(org.id, 'Engineering');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `insert into people (org_id, email, name, department_id, job_family)
       select $1, 'person' || lpad(i::text, 5, '0') || '@bench.example', 'Person ' || i, $2, 'software_engineer' from generate_series(0, $3 - 1) as i`,
      [org.id, department.id, PEOPLE],
    );
    await client.query(`create table bench_copy (date date, email text, source text, messages integer, input_tokens bigint, output_tokens bigint, cost_usd numeric(14, 4), limit_hits integer, active_minutes integer)`);
    await client.end();
  } finally {
    await handle.close();
  }
}

/** people × days rows, by day then person; values from a fixed LCG so every run writes the same file. */
async function generate(file: string, days: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const lastDay = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - 86_400_000;
  let state = 42;
  const next = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  let rows = 0;
  let chunk = HEADER;
  for (let d = days - 1; d >= 0; d--) {
    const day = new Date(lastDay - d * 86_400_000).toISOString().slice(0, 10);
    for (let p = 0; p < PEOPLE; p++) {
      const messages = next(200);
      chunk += `${day},${emailOf(p)},claude_code,${messages},${messages * 1500 + next(1000)},${messages * 400 + next(500)},${next(50)}.${String(next(10_000)).padStart(4, '0')},${next(3)},${next(480)}\n`;
      rows++;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        chunk = '';
      }
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once('finish', () => r()));
  return rows;
}

type ImportRun = { seconds: number; peakRssMb: number; output: string };

/** Spawns `seatwise usage import`, sampling the child's VmHWM until it exits. */
async function runImport(url: string, file: string): Promise<ImportRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'usage', 'import', file, '--format', 'json'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', DATABASE_URL: url } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let peakKb = 0;
  const sample = () => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (kb > peakKb) peakKb = kb;
    } catch {
      // exited
    }
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`import of ${path.basename(file)} exited ${code}: ${stderr}`);
  return { seconds, peakRssMb: peakKb / 1024, output: stdout.trim() };
}

async function runCopy(url: string, file: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_copy from '${file.replace(/'/g, "''")}' csv header`], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`))));
    child.on('error', reject);
  });
  return (performance.now() - started) / 1000;
}

/**
 * The database's own floor for this table: the same rows, already in a temp table inside PostgreSQL,
 * written into the empty usage_daily (primary key, checks, people triggers) by one
 * plain INSERT … SELECT. No import into usage_daily can beat it; only the INSERT is timed.
 */
async function runFloor(url: string, file: string, dir: string): Promise<number> {
  const script = path.join(dir, 'floor.sql');
  fs.writeFileSync(
    script,
    [
      '\\set ON_ERROR_STOP 1',
      'begin;',
      'create temp table s (date date, email text, source text, messages integer, input_tokens bigint, output_tokens bigint, cost_usd numeric(14, 4), limit_hits integer, active_minutes integer) on commit drop;',
      `\\copy s from '${file.replace(/'/g, "''")}' csv header`,
      'create temp table m on commit drop as select p.org_id, p.id as person_id, s.* from s join people p on lower(p.email) = s.email;',
      'select extract(epoch from clock_timestamp()) as t0 \\gset',
      'insert into usage_daily (org_id, person_id, day, source, messages, input_tokens, output_tokens, cost_usd, limit_hits, active_minutes) select org_id, person_id, date, source, messages, input_tokens, output_tokens, cost_usd, limit_hits, active_minutes from m;',
      "select 'seconds=' || (extract(epoch from clock_timestamp()) - :t0);",
      'rollback;',
    ].join('\n'),
  );
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('psql', [url, '-q', '-At', '-f', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`psql exited ${code}`))));
    child.on('error', reject);
  });
  return Number(/seconds=([\d.]+)/.exec(output)?.[1]);
}

/**
 * The parser's own ceiling: csv-parse (the parser the import uses, with the import's options and read
 * size) parsing the file and nothing else: no validation, no database. No import built on it can be
 * faster than this.
 */
async function runParseOnly(file: string): Promise<number> {
  const started = performance.now();
  const parser = new Parser(USAGE_CSV_PARSER_OPTIONS);
  let records = 0;
  parser.on('readable', () => {
    while (parser.read() !== null) records++;
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  for await (const chunk of fs.createReadStream(file, { highWaterMark: USAGE_CSV_READ_BYTES })) {
    if (!parser.write(chunk)) await new Promise<void>((resolve) => parser.once('drain', () => resolve()));
  }
  parser.end();
  await done;
  if (records === 0) throw new Error('parsed no records');
  return (performance.now() - started) / 1000;
}

async function sql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main() {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${DB_NAME}"`);
  const url = withDatabase(ADMIN_URL, DB_NAME);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-bench-import-'));
  try {
    await seed(url);
    const files = [
      { name: 'small', file: path.join(dir, 'usage-small.csv'), days: SMALL_DAYS },
      { name: 'big', file: path.join(dir, 'usage-big.csv'), days: DAYS },
    ];
    const headerOnly = path.join(dir, 'header-only.csv');
    fs.writeFileSync(headerOnly, HEADER);
    const startup = await runImport(url, headerOnly);
    console.log(`CLI start-up + empty import: ${startup.seconds.toFixed(2)} s, peak RSS ${startup.peakRssMb.toFixed(0)} MB`);

    const results: Array<{ name: string; rows: number; mb: number; run: ImportRun; copySeconds: number }> = [];
    for (const f of files) {
      const rows = await generate(f.file, f.days);
      const mb = fs.statSync(f.file).size / 1024 / 1024;
      await sql(url, 'truncate usage_daily, usage_unmatched_daily, unmatched_identities');
      await sql(url, 'vacuum analyze usage_daily');
      const run = await runImport(url, f.file);
      await sql(url, 'truncate bench_copy');
      const copySeconds = await runCopy(url, f.file);
      results.push({ name: f.name, rows, mb, run, copySeconds });
      console.log(
        `${f.name}: ${fmt(rows)} rows (${mb.toFixed(1)} MB)\n` +
          `  import: ${run.seconds.toFixed(2)} s = ${fmt(rows / run.seconds)} rows/s (net of start-up: ${fmt(rows / Math.max(0.001, run.seconds - startup.seconds))} rows/s), peak RSS ${run.peakRssMb.toFixed(0)} MB, result ${run.output}\n` +
          `  \\copy: ${copySeconds.toFixed(2)} s = ${fmt(rows / copySeconds)} rows/s`,
      );
    }
    const big = results.at(-1)!;
    if (!args['no-reimport']) {
      const again = await runImport(url, files.at(-1)!.file);
      console.log(`re-import of the big file (all unchanged): ${again.seconds.toFixed(2)} s = ${fmt(big.rows / again.seconds)} rows/s, peak RSS ${again.peakRssMb.toFixed(0)} MB, result ${again.output}`);
    }
    await sql(url, 'truncate usage_daily, usage_unmatched_daily, unmatched_identities');
    await sql(url, 'vacuum analyze usage_daily');
    const floorSeconds = await runFloor(url, files.at(-1)!.file, dir);
    console.log(
      `floor: INSERT … SELECT of the same rows from a temp table into the empty usage_daily: ${floorSeconds.toFixed(2)} s = ${fmt(big.rows / floorSeconds)} rows/s ` +
        `(best ratio any import into usage_daily can reach here: ${(big.copySeconds / floorSeconds).toFixed(2)}; this import reaches ${((floorSeconds / big.run.seconds) * 100).toFixed(0)}% of the floor)`,
    );
    const parseSeconds = await runParseOnly(files.at(-1)!.file);
    console.log(
      `csv-parse alone (the import's parser and options, nothing else): ${parseSeconds.toFixed(2)} s = ${fmt(big.rows / parseSeconds)} rows/s ` +
        `(best ratio any import parsing with csv-parse can reach here: ${(big.copySeconds / parseSeconds).toFixed(2)})`,
    );
    console.log(`peak RSS: ${results.map((r) => `${fmt(r.rows)} rows → ${r.run.peakRssMb.toFixed(0)} MB`).join(', ')}`);
    console.log(`import rows/s: ${fmt(big.rows / big.run.seconds)}; \\copy rows/s: ${fmt(big.rows / big.copySeconds)}`);
    console.log(`goal: ratio >= 0.3`);
    console.log(`ratio: ${(big.copySeconds / big.run.seconds).toFixed(2)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await admin.query(`drop database if exists "${DB_NAME}" with (force)`);
    await admin.end();
  }
}

await main();
