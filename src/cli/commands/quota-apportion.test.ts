import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerQuotaApportionCommand, runQuotaApportion } from './quota-apportion.ts';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seatwise-apportion-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: string): Promise<string> {
  const p = join(dir, `weights-${++n}.json`);
  await writeFile(p, content, 'utf8');
  return p;
}

const WIKI = '{"A": 100000, "B": 80000, "C": 30000, "D": 20000}';

describe('seatwise quota apportion — output', () => {
  it('--format json prints only {"<department>": <seats>} (Wikipedia D’Hondt example)', async () => {
    const out = await runQuotaApportion({ method: 'dhondt', seats: '8', weightsFile: await file(WIKI), format: 'json' });
    expect(out).toEqual({ stdout: '{\n  "A": 4,\n  "B": 3,\n  "C": 1,\n  "D": 0\n}\n', stderr: '', exitCode: 0 });
    expect(JSON.parse(out.stdout)).toEqual({ A: 4, B: 3, C: 1, D: 0 });
  });

  it('keeps the department order of the weights file, even for integer-like names', async () => {
    const weightsFile = await file('{"ops": 1, "10": 2, "eng": 3, "2": 4}');
    const out = await runQuotaApportion({ method: 'webster', seats: '10', weightsFile, format: 'json' });
    expect(out.stdout.match(/"[^"]+"/g)).toEqual(['"ops"', '"10"', '"eng"', '"2"']);
    expect(Object.values(JSON.parse(out.stdout) as object).reduce((a: number, b: number) => a + b, 0)).toBe(10);
  });

  it('defaults to an aligned table with exact quotas to 2 decimals and a total line', async () => {
    const weightsFile = await file('{"research": 100000, "platform": 80000, "support": 30000, "legal": 20000.5}');
    const out = await runQuotaApportion({ method: 'webster', seats: '8', weightsFile });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(
      [
        'department    weight  quota  seats',
        'research      100000   3.48      3',
        'platform       80000   2.78      3',
        'support        30000   1.04      1',
        'legal        20000.5   0.70      1',
        '----------  --------  -----  -----',
        'total       230000.5   8.00      8',
        '',
      ].join('\n'),
    );
  });

  it('--min 1 gives every positive-weight department a seat; zero-weight departments get none', async () => {
    const weightsFile = await file('{"big": 1000, "tiny": 1, "idle": 0}');
    const out = await runQuotaApportion({ method: 'dhondt', seats: '5', weightsFile, min: '1', format: 'json' });
    expect(JSON.parse(out.stdout)).toEqual({ big: 4, tiny: 1, idle: 0 });
    const without = await runQuotaApportion({ method: 'dhondt', seats: '5', weightsFile, format: 'json' });
    expect(JSON.parse(without.stdout)).toEqual({ big: 5, tiny: 0, idle: 0 });
  });

  it('accepts a UTF-8 byte-order mark and non-integer weights', async () => {
    const out = await runQuotaApportion({ method: 'hamilton', seats: '4', weightsFile: await file('\uFEFF{"eng": 12.5, "ops": 7.5}'), format: 'json' });
    expect(JSON.parse(out.stdout)).toEqual({ eng: 3, ops: 1 });
  });
});

describe('seatwise quota apportion — errors print CODE: message on stderr with exit code 1', () => {
  async function expectError(opts: Partial<Parameters<typeof runQuotaApportion>[0]>, code: string, ...texts: string[]): Promise<void> {
    const out = await runQuotaApportion({ method: 'hamilton', seats: '3', weightsFile: await file(WIKI), ...opts });
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(new RegExp(`^${code}: .+\\n$`));
    for (const t of texts) expect(out.stderr).toContain(t);
  }

  it('unreadable weights file', async () => {
    await expectError({ weightsFile: join(dir, 'missing.json') }, 'FILE_UNREADABLE', 'missing.json', 'ENOENT');
    await expectError({ weightsFile: '' }, 'FILE_UNREADABLE', 'required');
  });

  it('invalid JSON reports line, column and position', async () => {
    await expectError({ weightsFile: await file('{\n  "eng": 3,\n  "ops": }') }, 'INVALID_JSON', 'expected a JSON value, found "}"', 'line 3, column 10 (position 23)');
    await expectError({ weightsFile: await file('{"eng": 3,}') }, 'INVALID_JSON', 'expected a double-quoted property name', 'position 10');
    await expectError({ weightsFile: await file('{"eng": 3') }, 'INVALID_JSON', 'unexpected end of input', 'position 9');
    await expectError({ weightsFile: await file('') }, 'INVALID_JSON', 'line 1, column 1 (position 0)');
    await expectError({ weightsFile: await file('{"eng": 3} x') }, 'INVALID_JSON', 'unexpected content after the JSON value', 'position 11');
    await expectError({ weightsFile: await file('{"eng": 01}') }, 'INVALID_JSON', "expected ',' or '}'");
  });

  it('weights that are not an object of numbers, naming the bad key', async () => {
    await expectError({ weightsFile: await file('[1, 2]') }, 'INVALID_WEIGHTS', 'got an array');
    await expectError({ weightsFile: await file('null') }, 'INVALID_WEIGHTS', 'got null');
    await expectError({ weightsFile: await file('{"eng": 3, "ops": "12"}') }, 'INVALID_WEIGHTS', 'department "ops"', '"12"');
    await expectError({ weightsFile: await file('{"eng": 3, "ops": null}') }, 'INVALID_WEIGHTS', 'department "ops"');
    await expectError({ weightsFile: await file('{"eng": -3}') }, 'INVALID_WEIGHTS', 'department "eng"', 'non-negative');
    await expectError({ weightsFile: await file('{"eng": 1e400}') }, 'INVALID_WEIGHTS', 'department "eng"', 'Infinity');
    await expectError({ weightsFile: await file('{}') }, 'INVALID_WEIGHTS', 'at least one department');
    await expectError({ weightsFile: await file('{"eng": 0, "ops": 0}') }, 'INVALID_WEIGHTS', 'all weights are zero');
    await expectError({ weightsFile: await file('{"eng": 1,\n "eng": 2}') }, 'INVALID_WEIGHTS', 'department "eng" appears more than once', 'line 2');
  });

  it('unknown method lists the valid ones; manual is refused because it takes seats, not weights', async () => {
    const valid = 'valid methods: hamilton, webster, huntington-hill, dhondt, adams';
    await expectError({ method: 'lottery' }, 'INVALID_METHOD', 'unknown method "lottery"', valid);
    await expectError({ method: 'manual' }, 'INVALID_METHOD', 'explicit seats', valid);
    await expectError({ method: '' }, 'INVALID_METHOD', '--method is required');
  });

  it('bad --seats, --min and --format', async () => {
    for (const seats of ['abc', '-1', '2.5', '', ' 3']) await expectError({ seats }, 'INVALID_SEATS', '--seats must be a non-negative integer');
    await expectError({ seats: '100001' }, 'INVALID_SEATS', 'from 0 to 100000');
    await expectError({ min: '2' }, 'INVALID_MINIMUM', '--min must be 0 or 1');
    await expectError({ format: 'csv' }, 'INVALID_FORMAT', 'json or table');
  });

  it('domain failures keep their reason code', async () => {
    await expectError({ seats: '3', min: '1' }, 'MINIMUM_EXCEEDS_SEATS', 'needs 4 seats');
  });
});

describe('registerQuotaApportionCommand', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  function capture(): { stdout: string[]; stderr: string[] } {
    const out = { stdout: [] as string[], stderr: [] as string[] };
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.stdout.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (out.stderr.push(String(s)), true));
    return out;
  }

  function program(): Command {
    const root = new Command('seatwise').exitOverride();
    registerQuotaApportionCommand(root.command('quota'));
    return root;
  }

  it('wires `quota apportion` options to runQuotaApportion and prints its stdout', async () => {
    const weightsFile = await file(WIKI);
    const out = capture();
    await program().parseAsync(['quota', 'apportion', '--method', 'webster', '--seats', '8', '--weights', weightsFile, '--format', 'json'], { from: 'user' });
    expect(JSON.parse(out.stdout.join(''))).toEqual({ A: 3, B: 3, C: 1, D: 1 });
    expect(process.exitCode).toBeUndefined();
  });

  it('prints errors to stderr and sets process.exitCode = 1 without exiting', async () => {
    const out = capture();
    await program().parseAsync(['quota', 'apportion', '--method', 'nope', '--seats', '8', '--weights', 'x.json'], { from: 'user' });
    expect(out.stdout).toEqual([]);
    expect(out.stderr.join('')).toMatch(/^INVALID_METHOD: /);
    expect(process.exitCode).toBe(1);
  });
});
