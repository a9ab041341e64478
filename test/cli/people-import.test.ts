import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, type TestOrg } from '../factories.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { runCli, tempFiles } from './run-cli.ts';

let db: TestDatabase;
let org: TestOrg;
const { dir, file, remove: removeFiles } = tempFiles('seatwise-import-');

beforeAll(async () => {
  db = await createTestDatabase();
  org = await buildOrg(db.ctx);
});
afterAll(async () => {
  await db?.drop();
  removeFiles();
});

const GOOD = 'email,name,department,job_family,start_date,role\nada@test.example,Ada,Software,software_engineer,2021-04-01,member\nbo@test.example,Bo,Hardware,electronics_engineer,,dept_lead\n';

describe('seatwise people import', () => {
  it('reports every bad row as line N: field: reason, exits 1 and writes nothing', async () => {
    const before = await db.ctx.repos.people.count(org.orgId);
    const auditBefore = await db.ctx.repos.audit.countByOrg(org.orgId);
    const bad = file(
      'bad.csv',
      '\uFEFFemail,name,department,job_family,start_date,role\nok@test.example,Fine,Software,software_engineer,2020-01-01,\nbroken,Broken,Software,software_engineer,,\ndup@test.example,Dup,Marketing,pm,2020-02-30,\nDUP@test.example,Dup Again,Software,pm,,owner\n',
    );
    const result = await runCli(['people', 'import', bad], { DATABASE_URL: db.url });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('IMPORT_FAILED: The file has 4 problems; nothing was imported.');
    expect(result.stderr).toContain('line 3: email: "broken" is not a valid email address');
    expect(result.stderr).toContain('line 4: department: unknown department "Marketing" (known: Hardware, Software)');
    expect(result.stderr).toContain('line 4: start_date: "2020-02-30" is not a date in YYYY-MM-DD form');
    expect(result.stderr).toContain('line 5: email: duplicates line 4');
    expect(await db.ctx.repos.people.count(org.orgId)).toBe(before);
    expect(await db.ctx.repos.audit.countByOrg(org.orgId)).toBe(auditBefore);
    expect(await db.ctx.repos.people.findByEmail(org.orgId, 'ok@test.example')).toBeUndefined();
  });

  it('reports a missing column, a ragged row and a non-UTF-8 file', async () => {
    const missing = await runCli(['people', 'import', file('missing.csv', 'email,name\na@b.example,A\n')], { DATABASE_URL: db.url });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('line 1: department: required column is missing');
    const ragged = await runCli(['people', 'import', file('ragged.csv', 'email,name,department,job_family\na@b.example,A,Software\n')], { DATABASE_URL: db.url });
    expect(ragged.code).toBe(1);
    expect(ragged.stderr).toContain('line 2: file: has 3 fields but the header has 4');
    const latin1 = await runCli(['people', 'import', file('latin1.csv', Buffer.from('email,name,department,job_family\nj@b.example,J\xfcrgen,Software,x\n', 'latin1'))], { DATABASE_URL: db.url });
    expect(latin1.code).toBe(1);
    expect(latin1.stderr).toContain('line 1: file: is not valid UTF-8');
    const absent = await runCli(['people', 'import', path.join(dir, 'nope.csv')], { DATABASE_URL: db.url });
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/^VALIDATION_FAILED: Cannot read/);
  });

  it('imports a good file, and importing it again changes nothing', async () => {
    const good = file('good.csv', GOOD);
    const first = await runCli(['people', 'import', good, '--format', 'json'], { DATABASE_URL: db.url });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ rows: 2, inserted: 2, updated: 0, unchanged: 0 });
    const second = await runCli(['people', 'import', good, '--format', 'json'], { DATABASE_URL: db.url });
    expect(JSON.parse(second.stdout)).toEqual({ rows: 2, inserted: 0, updated: 0, unchanged: 2 });
    const corrected = await runCli(['people', 'import', file('corrected.csv', GOOD.replace('Ada,Software', 'Ada Lovelace,Software'))], { DATABASE_URL: db.url });
    expect(corrected.stdout).toBe('Imported 2 rows: 0 new, 1 updated, 1 unchanged.\n');
    const bo = await db.ctx.repos.people.findByEmail(org.orgId, 'bo@test.example');
    const grants = await db.ctx.repos.people.listRoleGrants(org.orgId, bo!.id);
    expect(grants.map((g) => [g.role, g.departmentId])).toEqual([['dept_lead', org.departments.Hardware], ['member', null]]);
  });

  it('lists people as JSON only on stdout', async () => {
    const result = await runCli(['people', 'list', '--format', 'json'], { DATABASE_URL: db.url });
    expect(result.code).toBe(0);
    const people = JSON.parse(result.stdout) as Array<{ email: string; department: string }>;
    expect(people.length).toBe(await db.ctx.repos.people.count(org.orgId));
    expect(people.every((p) => p.email && p.department)).toBe(true);
  });

  it('shows seats per tier with monthly cost', async () => {
    const result = await runCli(['seats', 'show', '--format', 'json'], { DATABASE_URL: db.url });
    expect(JSON.parse(result.stdout)).toEqual({
      tiers: [
        { vendor: 'anthropic', plan: 'team', tier: 'premium', purchased: 2, assigned: 0, free: 2, monthlyCost: '200.00' },
        { vendor: 'anthropic', plan: 'team', tier: 'standard', purchased: 10, assigned: 0, free: 10, monthlyCost: '250.00' },
      ],
      monthlyCost: '450.00',
    });
  });
});
