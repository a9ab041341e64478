import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../errors.ts';
import { buildOrg, type TestOrg } from '../../../test/factories.ts';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { chunksOf, importUsageCsv, USAGE_IMPORT_BATCH_ROWS, type ImportProgress } from './import-usage-csv.ts';

let db: TestDatabase;
let org: TestOrg;
const NOW = new Date('2026-11-28T12:00:00Z');
beforeAll(async () => {
  db = await createTestDatabase({ now: () => NOW });
  org = await buildOrg(db.ctx);
});
afterAll(async () => db?.drop());

const HEADER = 'date,email,source,messages,input_tokens,output_tokens,cost_usd,limit_hits,active_minutes\n';
const run = (csv: string | Uint8Array, options: { map?: string; filename?: string; chunk?: number; onProgress?: (p: ImportProgress) => void } = {}) =>
  importUsageCsv(db.ctx, org.operator, { bytes: chunksOf(typeof csv === 'string' ? Buffer.from(csv) : csv, options.chunk), filename: options.filename ?? 'usage.csv', map: options.map, onProgress: options.onProgress });
const failure = async (csv: string | Uint8Array, options: Parameters<typeof run>[1] = {}): Promise<AppError> => {
  try {
    await run(csv, options);
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('the import succeeded');
};
const count = async (table: 'usage_daily' | 'usage_unmatched_daily') => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db.handle.db)).rows[0]!.n);
const historyOf = async (filename: string) =>
  (await sql<{ status: string; rows: number; inserted: number; errors: Array<{ line: number; path: string; message: string }>; sha256: string | null; filename: string }>`select status, rows, inserted, errors, sha256, filename from usage_imports where filename = ${filename}`.execute(db.handle.db)).rows;

describe('importUsageCsv', () => {
  it('imports a file, changes nothing when it comes again, and replaces corrected days', async () => {
    const csv = `\uFEFF${HEADER}2026-11-01,Member@test.example,,10,100,200,0.5,0,30\n2026-11-02,member@test.example,claude_code,3,,,,,\n2026-11-01,owner@test.example,,1,1,1,0.0001,1,1\n`;
    const first = await run(csv, { filename: 'november.csv' });
    expect(first).toMatchObject({ rows: 3, inserted: 3, updated: 0, unchanged: 0, unmatched: 0 });
    const [history] = await historyOf('november.csv');
    expect(history).toMatchObject({ status: 'succeeded', rows: 3, inserted: 3, filename: 'november.csv', errors: [] });
    expect(history!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await run(csv)).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3 });
    const corrected = await run(csv.replace('10,100,200,0.5', '11,100,200,0.5'));
    expect(corrected).toMatchObject({ rows: 3, inserted: 0, updated: 1, unchanged: 2 });
    const row = await sql<{ messages: number; importId: string }>`select messages, import_id from usage_daily where person_id = ${org.people.member.id} and day = '2026-11-01' and source = 'csv'`.execute(db.handle.db);
    expect(row.rows[0]).toEqual({ messages: 11, importId: corrected.importId });
  });

  it('keeps unmatched emails with their usage in the unmatched list', async () => {
    const result = await run(`${HEADER}2026-11-03,stranger@elsewhere.example,,4,0,0,0.25,0,0\n2026-11-04,Stranger@elsewhere.example,,5,0,0,0,0,0\n`);
    expect(result).toMatchObject({ rows: 2, inserted: 0, unmatched: 2 });
    const kept = await sql<{ identity: string; days: number }>`select i.identity, count(u.day) as days from unmatched_identities i join usage_unmatched_daily u on u.identity_id = i.id where i.identity = 'stranger@elsewhere.example' group by i.identity`.execute(db.handle.db);
    expect(kept.rows).toEqual([{ identity: 'stranger@elsewhere.example', days: 2 }]);
  });

  it('changes nothing about an unmatched identity when the same file comes again; a corrected row counts as seen', async () => {
    const csv = `${HEADER}2026-10-03,visitor@elsewhere.example,,4,0,0,0.25,0,0\n2026-10-04,visitor@elsewhere.example,,5,0,0,0,0,0\n`;
    const state = async () =>
      (await sql<{ occurrences: number; lastSeenAt: Date; importIds: string }>`select i.occurrences, i.last_seen_at, string_agg(u.import_id::text, ',' order by u.day) as import_ids
        from unmatched_identities i join usage_unmatched_daily u on u.identity_id = i.id where i.identity = 'visitor@elsewhere.example' group by i.id`.execute(db.handle.db)).rows[0]!;
    const first = await run(csv);
    const before = await state();
    expect(before.occurrences).toBe(2);
    expect(before.importIds).toBe(`${first.importId},${first.importId}`);
    expect(await run(csv)).toMatchObject({ rows: 2, unmatched: 2 });
    expect(await state()).toEqual(before);
    await run(csv.replace(',5,0,0,0,0,0', ',6,0,0,0,0,0'));
    const after = await state();
    expect(after.occurrences).toBe(3);
    expect(after.importIds.split(',')[0]).toBe(first.importId);
  });

  it('maps differently shaped exports, ignoring columns mapped to -', async () => {
    const csv = 'Date,User Email,Cost (USD),Team\n2026-11-05,admin@test.example,1.25,Platform\n';
    expect(await run(csv, { map: 'Date=date, User Email=email,Cost (USD)=cost_usd,Team=-' })).toMatchObject({ rows: 1, inserted: 1 });
    const unmapped = await failure(csv);
    expect(unmapped.message).toContain('line 1: User Email: unknown column');
    expect(unmapped.message).toContain('line 1: email: required column is missing');
    const badMap = await failure(csv, { map: 'Date=day' });
    expect(badMap.code).toBe('VALIDATION_FAILED');
    expect(badMap.details).toEqual([{ path: 'map', message: expect.stringContaining('day is not a column') }]);
  });

  it('writes nothing when any row is bad, lists up to 50 problems by line, and records the failed import', async () => {
    const before = await count('usage_daily');
    // More good rows than one batch: the first batch is written, then rolled back.
    const day = (n: number) => `2026-10-${String((n % 28) + 1).padStart(2, '0')}`;
    const good = Array.from({ length: USAGE_IMPORT_BATCH_ROWS + 500 }, (_, i) => (i % 10 ? `${day(i)},member@test.example,s${i},1,,,,,` : `${day(i / 10)},x${Math.floor(i / 280)}@elsewhere.example,,1,,,,,`));
    const bad = Array.from({ length: 60 }, () => '2026-11-01,member@test.example,,-1,,,,,');
    const csv = `${HEADER}${[...good, '2026-11-31,member@test.example,,1,,,,,', 'yesterday,member@test.example,,1,,,,,', ...bad].join('\n')}\n`;
    const error = await failure(csv, { filename: 'bad-rows.csv' });
    expect(error.code).toBe('IMPORT_FAILED');
    expect(error.message.split('\n')[0]).toBe('The file has 62 problems; nothing was imported.');
    const first = USAGE_IMPORT_BATCH_ROWS + 502;
    expect(error.message).toContain(`line ${first}: date: "2026-11-31" is not a date in YYYY-MM-DD form`);
    expect(error.message).toContain(`line ${first + 1}: date: "yesterday" is not a date in YYYY-MM-DD form`);
    expect(error.message).toContain(`line ${first + 2}: messages: must not be negative (got -1)`);
    expect(error.message).toMatch(/\n… and 12 more$/);
    expect(error.details).toHaveLength(50);
    expect(error.details![0]).toEqual({ line: first, path: 'date', message: '"2026-11-31" is not a date in YYYY-MM-DD form' });
    expect(await count('usage_daily')).toBe(before);
    expect(await sql`select 1 from unmatched_identities where identity = 'x1@elsewhere.example'`.execute(db.handle.db).then((r) => r.rows)).toEqual([]);
    const [history] = await historyOf('bad-rows.csv');
    expect(history).toMatchObject({ status: 'failed', rows: USAGE_IMPORT_BATCH_ROWS + 562, inserted: 0 });
    expect(history!.errors).toHaveLength(50);
    expect(history!.errors[0]).toEqual({ line: first, path: 'date', message: '"2026-11-31" is not a date in YYYY-MM-DD form' });
    expect(history!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports a natural key given twice in the file, across batches, with both lines', async () => {
    const count = USAGE_IMPORT_BATCH_ROWS + 100;
    const rows = Array.from({ length: count }, (_, i) => `2026-09-${String((i % 30) + 1).padStart(2, '0')},d${Math.floor(i / 30)}@elsewhere.example,,1,,,,,`);
    rows.push('2026-09-01,D0@elsewhere.example,,2,,,,,', '2026-09-02,d0@elsewhere.example,CSV,2,,,,,');
    const error = await failure(`${HEADER}${rows.join('\n')}\n`);
    expect(error.message).toContain('The file has 2 problems');
    expect(error.message).toContain(`line ${count + 2}: email: duplicates line 2 (same date, person and source)`);
    expect(error.message).toContain(`line ${count + 3}: email: duplicates line 3 (same date, person and source)`);
    const sameBatch = await failure(`${HEADER}2026-11-01,member@test.example,,1,,,,,\n2026-11-01,member@test.example,other,1,,,,,\n2026-11-01,MEMBER@test.example,,2,,,,,\n`);
    expect(sameBatch.message).toContain('line 4: email: duplicates line 2');
  });

  it('counts new, corrected and unchanged rows when a file spans stored days and new ones over several batches', async () => {
    // Batches over days that hold no usage yet are written by a plain insert, the others by the upsert;
    // a file crossing from one to the other must still count and store every row once.
    const other = await buildOrg(db.ctx);
    await sql`insert into people (org_id, email, name, department_id, job_family)
      select ${other.orgId}::uuid, 'p' || i || '@many.example', 'P' || i, ${other.departments.Software}::uuid, 'software_engineer' from generate_series(0, 99) i`.execute(db.handle.db);
    const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    const file = (from: number, to: number, messages: (d: number, p: number) => number) => {
      const lines = [HEADER];
      for (let d = from; d <= to; d++) for (let p = 0; p < 100; p++) lines.push(`${day(d)},p${p}@many.example,,${messages(d, p)},,,,,\n`);
      return lines.join('');
    };
    const go = (csv: string) => importUsageCsv(db.ctx, other.operator, { bytes: chunksOf(Buffer.from(csv), 1 << 20), filename: 'many.csv' });
    expect(await go(file(0, 299, (d, p) => d + p))).toMatchObject({ rows: 30_000, inserted: 30_000, updated: 0, unchanged: 0 });
    // Days 200–799: the first batch (days 200–699) overlaps stored days, with day 250 corrected; the
    // second (days 700–799) is all new.
    expect(USAGE_IMPORT_BATCH_ROWS).toBe(50_000);
    const second = await go(file(200, 799, (d, p) => (d === 250 ? d + p + 1 : d + p)));
    expect(second).toMatchObject({ rows: 60_000, inserted: 50_000, updated: 100, unchanged: 9_900 });
    const stored = await sql<{ n: number; total: string }>`select count(*)::int as n, sum(messages)::text as total from usage_daily where org_id = ${other.orgId}::uuid`.execute(db.handle.db);
    // Every (day, person) of days 0–799 once, with messages d + p (+1 on day 250).
    expect(stored.rows[0]).toEqual({ n: 80_000, total: String(100 * (799 * 800) / 2 + 800 * (99 * 100) / 2 + 100) });
    expect(await go(file(700, 799, (d, p) => d + p))).toMatchObject({ rows: 10_000, inserted: 0, updated: 0, unchanged: 10_000 });
  });

  it('imports the same new days from two uploads at once: both succeed, one after the other', async () => {
    // An upload retried after a client timeout while the first is still running, or two admins at once.
    const other = await buildOrg(db.ctx);
    await sql`insert into people (org_id, email, name, department_id, job_family)
      select ${other.orgId}::uuid, 'c' || i || '@race.example', 'C' || i, ${other.departments.Software}::uuid, 'software_engineer' from generate_series(0, 49) i`.execute(db.handle.db);
    const file = (messages: number) => {
      const lines = [HEADER];
      for (let d = 1; d <= 20; d++) for (let p = 0; p < 50; p++) lines.push(`2025-03-${String(d).padStart(2, '0')},c${p}@race.example,,${messages},,,,,\n`);
      return lines.join('');
    };
    const go = (messages: number) => importUsageCsv(db.ctx, other.operator, { bytes: chunksOf(Buffer.from(file(messages)), 4096), filename: `race-${messages}.csv` });
    const [a, b] = await Promise.all([go(1), go(2)]);
    // Whichever ran second found the first's rows and replaced them: one inserted, the other updated.
    expect([a, b].map((r) => [r.inserted, r.updated]).sort()).toEqual([[0, 1_000], [1_000, 0]]);
    const last = a.inserted === 0 ? a : b;
    const stored = await sql<{ n: number; importId: string; messages: number }>`select count(*)::int as n, min(import_id::text) as import_id, min(messages) as messages from usage_daily where org_id = ${other.orgId}::uuid group by import_id`.execute(db.handle.db);
    expect(stored.rows).toEqual([{ n: 1_000, importId: last.importId, messages: last === a ? 1 : 2 }]);
  });

  it('accepts UTF-8 with or without BOM, even with characters split across chunks', async () => {
    const result = await run(`\uFEFF${HEADER}2026-11-06,jürgen@elsewhere.example,claude_code,1,,,,,\n`, { chunk: 1 });
    expect(result).toMatchObject({ rows: 1, unmatched: 1 });
  });

  it('rejects Latin-1, UTF-16 and binary files with the line of the problem', async () => {
    const latin1 = await failure(Buffer.from(`${HEADER}2026-11-01,j\xfcrgen@elsewhere.example,,1,,,,,\n`, 'latin1'));
    expect(latin1.message).toContain('line 2: file: is not valid UTF-8 text (save it as CSV UTF-8)');
    const utf16 = await failure(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}2026-11-01,a@b.example\n`, 'utf16le')]));
    expect(utf16.message).toContain('line 1: file: is UTF-16 text; save it as CSV UTF-8');
    const noBom = await failure(Buffer.from(`${HEADER}`, 'utf16le'));
    expect(noBom.message).toContain('line 1: file: contains NUL bytes');
    const truncated = await failure(Buffer.concat([Buffer.from(`${HEADER}2026-11-01,a@b.example,,1,,,,,\n`), Buffer.from([0xc3])]));
    expect(truncated.message).toContain('file: ends in the middle of a UTF-8 character');
  });

  it('reports a huge single line by its line number', async () => {
    const huge = `${HEADER}2026-11-01,a@b.example,,1,,,,,\n2026-11-02,${'x'.repeat(10 * 1024 * 1024)}\n2026-11-03,a@b.example,,1,,,,,\n`;
    const error = await failure(huge);
    expect(error.message).toContain('line 3: file: has a record longer than 65536 characters (not usage data)');
  });

  it('reports an empty file, a broken quote and a ragged row; a header alone imports nothing', async () => {
    expect((await failure('')).message).toContain('line 1: file: is empty');
    expect((await failure('\uFEFF\n\n')).message).toContain('line 1: file: is empty');
    expect((await failure(`${HEADER}2026-11-01,"a@b.example,,1,,,,,\n`)).message).toMatch(/line \d: file: Quote Not Closed/);
    expect((await failure(`${HEADER}2026-11-01,a@b.example,,1\n`)).message).toContain('line 2: file: has 4 fields but the header has 9');
    expect(await run('date,email\n')).toMatchObject({ rows: 0, inserted: 0 });
  });

  it('leaves nothing behind when the file fails to read while a batch is being written', async () => {
    const identities = async () => Number((await sql<{ n: string }>`select count(*) as n from unmatched_identities`.execute(db.handle.db)).rows[0]!.n);
    const before = { usage: await count('usage_daily'), unmatched: await count('usage_unmatched_daily'), identities: await identities() };
    // More than one batch of rows of people nobody knows (their batch goes through the unmatched list,
    // the slowest write), then the source breaks half a second later, while that batch is being written.
    async function* breaking(): AsyncGenerator<Uint8Array> {
      let text = HEADER;
      for (let i = 0; i < USAGE_IMPORT_BATCH_ROWS + 5_000; i++) {
        text += `${new Date(Date.UTC(2026, 0, 1) + (i % 300) * 86_400_000).toISOString().slice(0, 10)},ghost${Math.floor(i / 300)}@nowhere.example,,1,1,1,0.01,0,1\n`;
        if (text.length > 64 * 1024) {
          yield Buffer.from(text);
          text = '';
        }
      }
      yield Buffer.from(text);
      await new Promise((resolve) => setTimeout(resolve, 500));
      throw new Error('the network share went away');
    }
    await expect(importUsageCsv(db.ctx, org.operator, { bytes: breaking(), filename: 'broken-share.csv' })).rejects.toThrow('the network share went away');
    expect({ usage: await count('usage_daily'), unmatched: await count('usage_unmatched_daily'), identities: await identities() }).toEqual(before);
    expect((await historyOf('broken-share.csv')).map((h) => h.status)).toEqual(['failed']);
  });

  it('reports progress as bytes and rows', async () => {
    const seen: ImportProgress[] = [];
    const csv = `${HEADER}${Array.from({ length: 300 }, (_, i) => `2026-08-${String((i % 30) + 1).padStart(2, '0')},p${Math.floor(i / 30)}@elsewhere.example,,1,,,,,`).join('\n')}\n`;
    await run(csv, { chunk: 1024, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.at(-1)!.bytesRead).toBe(Buffer.byteLength(csv));
    expect(seen.at(-1)!.rows).toBeGreaterThan(200);
  });
});

describe('importUsageCsv on PGlite (the embedded default)', () => {
  it('loads batches the same way: imports, re-imports unchanged, keeps unmatched emails, rejects repeats and bad rows', async () => {
    const embedded = await createPgliteDatabase({ now: () => NOW });
    try {
      const o = await buildOrg(embedded.ctx);
      const go = (csv: string) => importUsageCsv(embedded.ctx, o.operator, { bytes: chunksOf(Buffer.from(csv), 100), filename: 'embedded.csv' });
      const csv = `${HEADER}2026-11-01,member@test.example,,10,100,200,0.5,0,30\n2026-11-01,Owner@test.example,claude_code,1,,,,,\n2026-11-02,someone@elsewhere.example,,3,,,,,\n2026-11-02,back\\slash@test.example,,1,,,,,\n`;
      expect(await go(csv)).toMatchObject({ rows: 4, inserted: 2, updated: 0, unchanged: 0, unmatched: 2 });
      expect(await go(csv)).toMatchObject({ rows: 4, inserted: 0, updated: 0, unchanged: 2, unmatched: 2 });
      expect(await go(csv.replace('10,100,200', '12,100,200'))).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
      const stored = await sql<{ messages: number }>`select messages from usage_daily where person_id = ${o.people.member.id}`.execute(embedded.handle.db);
      expect(stored.rows).toEqual([{ messages: 12 }]);
      const kept = await sql<{ identity: string }>`select identity from unmatched_identities order by identity`.execute(embedded.handle.db);
      expect(kept.rows.map((r) => r.identity)).toEqual(['back\\slash@test.example', 'someone@elsewhere.example']);
      const repeated = await go(`${HEADER}2026-11-03,member@test.example,,1,,,,,\n2026-11-03,MEMBER@test.example,,2,,,,,\n2026-11-04,member@test.example,,-1,,,,,\n`).then(
        () => Promise.reject(new Error('the import succeeded')),
        (e: unknown) => e as AppError,
      );
      expect(repeated.message).toContain('The file has 2 problems; nothing was imported.');
      expect(repeated.message).toContain('line 3: email: duplicates line 2');
      expect(repeated.message).toContain('line 4: messages: must not be negative');
      expect((await sql<{ n: number }>`select count(*)::int as n from usage_daily where day >= '2026-11-03'`.execute(embedded.handle.db)).rows[0]!.n).toBe(0);
    } finally {
      await embedded.drop();
    }
  }, 60_000);
});
