import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { freePort, runCli, startServe, tempFiles } from './run-cli.ts';

// A real installation starts empty (no demo company): the owner creates the organization, gets a token
// and imports everyone.
let db: TestDatabase;
const { file, remove } = tempFiles('seatwise-org-');
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
  remove();
});

describe('seatwise org create', () => {
  it('names bad input and writes nothing; creates the organization, its departments and primary owner once', async () => {
    const env = { DATABASE_URL: db.url };
    const bad = await runCli(['org', 'create', '--name', 'Acme Devices', '--owner-email', 'not-an-email', '--owner-name', 'Ada Owner', '--departments', 'Software,software'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('VALIDATION_FAILED');
    expect(bad.stderr).toContain('owner.email "not-an-email" is not a valid email address');
    expect(bad.stderr).toContain('departments "software" is named twice');
    expect(await db.ctx.repos.organizations.count()).toBe(0);

    // Before any organization, commands say what to run.
    const empty = await runCli(['people', 'list'], env);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('No organization exists yet. Run `seatwise org create');

    const created = await runCli(['org', 'create', '--name', 'Acme Devices GmbH', '--owner-email', 'ada@acme.example', '--owner-name', 'Ada Owner', '--departments', 'Electronics, Software', '--format', 'json'], env);
    expect(created.code, created.stderr).toBe(0);
    const json = JSON.parse(created.stdout);
    expect(json.organization).toMatchObject({ name: 'Acme Devices GmbH', slug: 'acme-devices-gmbh' });
    expect(json.departments.map((d: { name: string }) => d.name)).toEqual(['Electronics', 'Software']);
    const owner = await db.ctx.repos.people.findByEmail(json.organization.id, 'ada@acme.example');
    expect((await db.ctx.repos.people.listRoleGrants(json.organization.id, owner!.id)).map((g) => g.role)).toEqual(['primary_owner']);
    expect((await db.ctx.repos.audit.findByEntity(json.organization.id, 'organization', json.organization.id)).map((e) => e.action)).toEqual(['organization.created']);

    // The owner's token and everyone else through the import.
    const token = await runCli(['token', 'create', '--email', 'ada@acme.example'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout).toMatch(/swt_/);
    const csv = file('people.csv', 'email,name,department,job_family,role\nbo@acme.example,Bo,Software,software_engineer,dept_lead\ncy@acme.example,Cy,Electronics,electronics_engineer,\n');
    const imported = await runCli(['people', 'import', csv, '--format', 'json'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ inserted: 2 });
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);

    // One organization per installation.
    const again = await runCli(['org', 'create', '--name', 'Other', '--owner-email', 'x@other.example', '--owner-name', 'X'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('CONFLICT: This installation already serves Acme Devices GmbH');
    expect(await db.ctx.repos.organizations.count()).toBe(1);
  }, 120_000);

  it('says what to run, not "sign in", when the CLI goes through a server that has no organization yet', async () => {
    const dataDir = fs.mkdtempSync(`${file('x', '')}-data`);
    const env = { SEATWISE_DATA_DIR: dataDir, SEATWISE_DEMO_SEED: 'never' };
    const server = await startServe(env, await freePort());
    try {
      const listed = await runCli(['people', 'list'], env);
      expect(listed.code).toBe(1);
      expect(listed.stderr).toContain('NOT_FOUND: No organization exists yet. Run `seatwise org create');
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
