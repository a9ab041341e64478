import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, toDay } from '../../src/domain/dates.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg } from '../factories.ts';
import { runCli } from '../cli/run-cli.ts';

let db: TestDatabase;
const env = () => ({ DATABASE_URL: db.url });

beforeAll(async () => {
  db = await createTestDatabase();
  const org = await buildOrg(db.ctx);
  const today = toDay(new Date());
  const rows = [];
  for (let d = -120; d < 0; d++) for (const p of Object.values(org.people)) rows.push({ orgId: org.orgId, personId: p.id, day: addDays(today, d), source: 'manual', costUsd: (1 + (d % 3 === 0 ? 0.5 : 0)).toFixed(2) });
  await db.handle.db.insertInto('usageDaily').values(rows).execute();
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

const isBand = (b: { p10: number; p50: number; p90: number }) => typeof b.p50 === 'number' && b.p10 <= b.p50 && b.p50 <= b.p90;

describe('seatwise forecast', () => {
  it('prints monthly cost bands per department and for the organization as JSON', async () => {
    const r = await runCli(['forecast', '--months', '2', '--format', 'json'], env(), 120_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json).sort()).toEqual(['currency', 'months', 'today']);
    expect(json.currency).toBe('USD');
    expect(json.months).toHaveLength(2);
    for (const m of json.months) {
      expect(m.month).toMatch(/^\d{4}-\d{2}$/);
      expect(isBand(m.org)).toBe(true);
      expect(Object.keys(m.departments).sort()).toEqual(['Hardware', 'Software']);
      expect(isBand(m.departments.Software)).toBe(true);
    }
  }, 150_000);

  it('refuses a bad --months with a message naming it', async () => {
    const r = await runCli(['forecast', '--months', '5'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('VALIDATION_FAILED: --months must be 1, 2 or 3 (got "5")\n');
  });

  it('backtests on the synthetic generator and on the history, as JSON without per-origin detail', async () => {
    const r = await runCli(['forecast', 'backtest', '--seeds', '201', '--paths', '20', '--format', 'json'], env(), 120_000);
    expect(r.stderr).toBe('');
    const { reports } = JSON.parse(r.stdout);
    expect(reports.map((x: { name: string }) => x.name)).toEqual(['synthetic', 'history']);
    for (const x of reports) {
      expect(Object.keys(x).sort()).toEqual(['bias', 'description', 'horizonDays', 'mape', 'name', 'origins', 'p10p90Coverage', 'p90Coverage', 'paths'].sort());
      expect(x.paths).toBe(20);
      expect(x.p90Coverage).toBeGreaterThanOrEqual(0);
      expect(x.p90Coverage).toBeLessThanOrEqual(1);
    }
    expect(reports[0].origins).toBe(40);
    const bad = await runCli(['forecast', 'backtest', '--seeds', '9-1'], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^VALIDATION_FAILED: --seeds must look like/);
  }, 150_000);

  it('sets and lists company holidays', async () => {
    const set = await runCli(['forecast', 'holidays', 'set', '--from', '2026-12-01', '--to', '2026-12-31', '--holiday', '2026-12-24=Christmas Eve', '--holiday', '2026-12-25=Christmas Day', '--format', 'json'], env());
    expect(set.stderr).toBe('');
    expect(JSON.parse(set.stdout).items).toEqual([{ day: '2026-12-24', name: 'Christmas Eve' }, { day: '2026-12-25', name: 'Christmas Day' }]);
    const listed = await runCli(['forecast', 'holidays'], env());
    expect(listed.stdout).toMatch(/2026-12-25\s+Christmas Day/);
    const bad = await runCli(['forecast', 'holidays', 'set', '--from', '2026-12-01', '--to', '2026-12-31', '--holiday', 'Christmas'], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('VALIDATION_FAILED: --holiday must look like 2026-12-24=Christmas Eve (got "Christmas")\n');
  }, 60_000);
});
