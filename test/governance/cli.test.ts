import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerSurveyCommands, registerUseCaseCommands } from '../../src/cli/commands/governance.ts';
import { seedDemoCompany } from '../../src/app/demo/seed-demo-company.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoCompany(db.ctx);
  process.env.DATABASE_URL = db.url;
}, 180_000);
afterAll(async () => {
  delete process.env.DATABASE_URL;
  await db?.drop();
});

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerSurveyCommands(program.command('survey'));
  registerUseCaseCommands(program.command('use-cases'));
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['node', 'seatwise', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

describe('seatwise survey / use-cases', () => {
  it('lists campaigns and shows the newest closed one’s results as JSON', async () => {
    const list = JSON.parse(await run(['survey', 'list', '--format', 'json']));
    expect(list.items.map((c: { status: string }) => c.status)).toEqual(['open', 'closed']);
    const results = JSON.parse(await run(['survey', 'results', list.items[1].id, '--format', 'json']));
    expect(results.estimates).toHaveLength(6);
    expect(await run(['survey', 'results'])).toMatch(/DEPARTMENT\s+ANSWERED/);
  });

  it('lists use cases, filtered by search, as JSON and as a table', async () => {
    const json = JSON.parse(await run(['use-cases', 'list', '--search', 'bootloader', '--format', 'json']));
    expect(json.items.map((u: { title: string }) => u.title)).toEqual(['Bootloader port review']);
    expect(await run(['use-cases', 'list', '--department', 'Embedded'])).toMatch(/Register map to C headers/);
  });
});
