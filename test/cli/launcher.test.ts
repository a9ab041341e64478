import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './run-cli.ts';

const run = promisify(execFile);

// bin/seatwise.js in a scratch project (its own src/, this project's node_modules linked), so the
// sources can be changed without touching the real ones.
describe('bin/seatwise.js', () => {
  let project: string;
  const launchIn = async (folder: string, env: Record<string, string> = {}) => (await run(process.execPath, [path.join(folder, 'bin/seatwise.js'), 'a', 'b'], { env: { PATH: process.env.PATH, ...env } })).stdout.trim();
  const launch = (env: Record<string, string> = {}) => launchIn(project, env);
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  };
  const cache = () => path.join(project, 'node_modules/.cache/seatwise');
  const bundles = () => fs.readdirSync(cache()).filter((f) => f.startsWith('cli-'));
  const builtAt = (bundle: string) => fs.statSync(path.join(cache(), bundle, 'index.mjs')).mtimeMs;

  beforeAll(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-launcher-'));
    write('bin/seatwise.js', fs.readFileSync(BIN, 'utf8'));
    write('package.json', '{"type":"module"}');
    write('tsconfig.json', '{}');
    fs.mkdirSync(path.join(project, 'node_modules/.cache'), { recursive: true });
    // Dependencies resolve through a link per package (the cache folder must be the project's own).
    for (const name of ['esbuild', '@esbuild', 'tsx']) {
      if (fs.existsSync(path.join(ROOT, 'node_modules', name))) fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(project, 'node_modules', name));
    }
    write(
      'src/cli/index.ts',
      [
        "import { pathToFileURL } from 'node:url';",
        "import { greeting } from '../greeting.ts';",
        'const args: string[] = process.argv.slice(2);',
        "const { late } = await import('../late.ts');",
        "const isOwnLocation = import.meta.url === new URL('../src/cli/index.ts', pathToFileURL(process.argv[1]!)).href;",
        "console.log(`${greeting} ${args.join(',')} ${isOwnLocation} ${late}`);",
        '',
      ].join('\n'),
    );
    write('src/late.ts', "export const late: string = 'late';\n");
    write('src/greeting.ts', "export const greeting: string = 'one';\n");
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it('runs the TypeScript sources, rebuilding the cached bundle when a source changes and only then', async () => {
    // Arguments pass through, and a module's import.meta.url is its own source file's, not the bundle's.
    expect(await launch()).toBe('one a,b true late');
    expect(bundles()).toHaveLength(1);
    const first = bundles()[0]!;
    const firstBuiltAt = builtAt(first);
    // A module loaded with import() is a chunk of its own (so are the dependencies only it imports).
    expect(fs.readdirSync(path.join(cache(), first)).filter((f) => f.endsWith('.mjs')).length).toBeGreaterThan(1);
    expect(await launch()).toBe('one a,b true late');
    expect(bundles()).toEqual([first]);
    expect(builtAt(first)).toBe(firstBuiltAt);

    // A change to an imported file (same size, so only its contents differ) is picked up.
    write('src/greeting.ts', "export const greeting: string = 'two';\n");
    expect(await launch()).toBe('two a,b true late');
    expect(bundles()).toHaveLength(2);

    // Back to the first contents: the first bundle is reused, not rebuilt.
    write('src/greeting.ts', "export const greeting: string = 'one';\n");
    expect(await launch()).toBe('one a,b true late');
    expect(builtAt(first)).toBe(firstBuiltAt);
  });

  it('serves processes that start at once on changed sources, leaving one bundle and no half-built one', async () => {
    write('src/greeting.ts', "export const greeting: string = 'four';\n");
    const before = bundles().length;
    const outputs = await Promise.all([launch(), launch(), launch(), launch()]);
    expect(outputs).toEqual(Array(4).fill('four a,b true late'));
    expect(bundles()).toHaveLength(before + 1);
    expect(fs.readdirSync(cache()).filter((f) => !f.startsWith('cli-'))).toEqual([]);
  });

  it('builds anew for a copy of the project, whose sources are elsewhere', async () => {
    const copy = `${project}-copy`;
    fs.cpSync(project, copy, { recursive: true, verbatimSymlinks: true });
    try {
      const copied = fs.readdirSync(path.join(copy, 'node_modules/.cache/seatwise'));
      // Each source keeps its own location: the copy's, not the original's.
      expect(await launchIn(copy)).toBe('four a,b true late');
      expect(fs.readdirSync(path.join(copy, 'node_modules/.cache/seatwise')).length).toBe(copied.length + 1);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('falls back to tsx when the cache cannot be written', async () => {
    const moved = `${cache()}.moved`;
    fs.renameSync(cache(), moved);
    fs.writeFileSync(cache(), 'not a folder');
    try {
      write('src/greeting.ts', "export const greeting: string = 'five';\n");
      expect(await launch()).toBe('five a,b true late');
    } finally {
      fs.rmSync(cache());
      fs.renameSync(moved, cache());
    }
  });

  it('loads the sources through tsx with SEATWISE_BUNDLE=0', async () => {
    write('src/greeting.ts', "export const greeting: string = 'three';\n");
    const before = bundles();
    expect(await launch({ SEATWISE_BUNDLE: '0' })).toBe('three a,b true late');
    expect(bundles()).toEqual(before);
  });
});
