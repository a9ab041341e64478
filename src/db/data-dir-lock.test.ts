import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { acquireDataDirLock, findDataDirOwner } from './data-dir-lock.ts';

const run = promisify(execFile);
const LOCK_MODULE = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));
const DEAD_PID = 999_999_999;

/** Runs an ES module script in a fresh Node process (TypeScript via tsx) and returns its stdout. */
async function runScript(lines: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', lines.join('\n')], {
    env: { PATH: process.env.PATH },
  });
  return stdout;
}

function lockedCode(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

describe('acquireDataDirLock', () => {
  const folders: string[] = [];
  const scratch = () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-lock-'));
    folders.push(folder);
    return folder;
  };
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('writes a private lock naming this process, updates it in place, and removes it on release', () => {
    const dataDir = scratch();
    const lock = acquireDataDirLock(dataDir, { command: 'serve' });
    expect(fs.readdirSync(dataDir)).toEqual(['seatwise.lock']);
    expect(fs.statSync(lock.file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, command: 'serve' });
    lock.update({ port: 4321 });
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, command: 'serve', port: 4321 });
    expect(fs.statSync(lock.file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dataDir)).toEqual(['seatwise.lock']);
    lock.release();
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('refuses a folder held by a live process, naming it, and leaves its lock alone', () => {
    const dataDir = scratch();
    const held = JSON.stringify({ pid: process.ppid, command: 'serve', port: 8080 });
    fs.writeFileSync(path.join(dataDir, 'seatwise.lock'), held);
    expect(() => acquireDataDirLock(dataDir, {})).toThrow(/is in use by the Seatwise server \(pid \d+, port 8080\)/);
    expect(findDataDirOwner(dataDir)).toMatchObject({ pid: process.ppid, port: 8080 });
    expect(fs.readFileSync(path.join(dataDir, 'seatwise.lock'), 'utf8')).toBe(held);
  });

  it('takes over a lock left by a dead process', () => {
    const dataDir = scratch();
    fs.writeFileSync(path.join(dataDir, 'seatwise.lock'), JSON.stringify({ pid: DEAD_PID }));
    const lock = acquireDataDirLock(dataDir, {});
    expect(JSON.parse(fs.readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    expect(fs.readdirSync(dataDir)).toEqual(['seatwise.lock']);
    lock.release();
  });

  // A lock file appears whole, so one that cannot be parsed is being written by someone else (or is
  // not ours to judge). It used to count as stale: deleted and taken, giving two owners of one pgdata.
  it.each([
    ['empty', ''],
    ['partly written', '{"pid":12'],
  ])('treats a lock file that is %s as held, never as stale', (_name, text) => {
    const dataDir = scratch();
    const file = path.join(dataDir, 'seatwise.lock');
    fs.writeFileSync(file, text);
    expect(lockedCode(() => acquireDataDirLock(dataDir, {}))).toBe('DATA_DIR_LOCKED');
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(fs.readdirSync(dataDir)).toEqual(['seatwise.lock']);
  });

  // Several processes finding the same stale lock used to each delete it and create their own,
  // deleting one another's fresh locks, so more than one went on to open the database.
  it('lets exactly one of several processes take over a stale lock at the same moment', async () => {
    const processes = 8;
    for (let round = 0; round < 3; round++) {
      const dataDir = scratch();
      fs.writeFileSync(path.join(dataDir, 'seatwise.lock'), JSON.stringify({ pid: DEAD_PID, command: 'serve', port: 1 }));
      const startAt = Date.now() + 2_500;
      const tried = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-lock-tried-'));
      folders.push(tried);
      const script = [
        `import fs from 'node:fs';`,
        `import path from 'node:path';`,
        `import { acquireDataDirLock } from ${JSON.stringify(LOCK_MODULE)};`,
        `const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ms));`,
        `const tried = ${JSON.stringify(tried)};`,
        // Wait for the start without spinning (the others are still loading on the same cores).
        `pause(${startAt} - Date.now());`,
        `let lock;`,
        `try {`,
        `  lock = acquireDataDirLock(${JSON.stringify(dataDir)}, { command: 'cli' });`,
        `} catch (error) {`,
        `  fs.writeFileSync(path.join(tried, String(process.pid)), '');`,
        `  process.stdout.write(String(error.code ?? error));`,
        `}`,
        `if (lock) {`,
        // Hold the folder until every other process has tried, then check nobody replaced our lock.
        `  for (let i = 0; i < 600 && fs.readdirSync(tried).length < ${processes - 1}; i++) pause(50);`,
        `  const still = JSON.parse(fs.readFileSync(lock.file, 'utf8')).pid === process.pid;`,
        `  process.stdout.write(still ? 'won' : 'won-but-lost-lock');`,
        `}`,
      ];
      const outcomes = await Promise.all(Array.from({ length: processes }, () => runScript(script)));
      expect(outcomes.sort()).toEqual([...Array.from({ length: processes - 1 }, () => 'DATA_DIR_LOCKED'), 'won']);
      expect(fs.readdirSync(dataDir)).toEqual([]);
    }
  }, 90_000);

  // update() used to truncate the lock and then write it, so a process starting at that moment read
  // an empty file, took it for stale and took the folder from the running server.
  it('never lets a reader see the lock missing or partly written while it is updated', async () => {
    const dataDir = scratch();
    const lock = acquireDataDirLock(dataDir, { command: 'serve' });
    try {
      // The reader says when it starts reading and reads for 1.5 s from then (however long it took to
      // load); the parent updates the lock from that moment until the reader is done.
      const ready = path.join(scratch(), 'reader-ready');
      let readerDone = false;
      const reader = runScript([
        `import fs from 'node:fs';`,
        `const file = ${JSON.stringify(lock.file)};`,
        `let reads = 0, missing = 0, unparseable = 0;`,
        `fs.writeFileSync(${JSON.stringify(ready)}, '');`,
        `const endAt = Date.now() + 1_500;`,
        `while (Date.now() < endAt) {`,
        `  reads++;`,
        `  let text;`,
        `  try { text = fs.readFileSync(file, 'utf8'); } catch { missing++; continue; }`,
        `  try { if (typeof JSON.parse(text).pid !== 'number') unparseable++; } catch { unparseable++; }`,
        `}`,
        `process.stdout.write(JSON.stringify({ reads, missing, unparseable }));`,
      ]).finally(() => (readerDone = true));
      while (!fs.existsSync(ready) && !readerDone) await new Promise((r) => setTimeout(r, 20));
      let updates = 0;
      while (!readerDone) {
        for (let i = 0; i < 50; i++, updates++) lock.update({ port: 1000 + (updates % 1000), padding: 'x'.repeat(updates % 4000) });
        await new Promise((r) => setImmediate(r));
      }
      const seen = JSON.parse(await reader) as { reads: number; missing: number; unparseable: number };
      expect(updates).toBeGreaterThan(100);
      expect(seen.reads).toBeGreaterThan(100);
      expect(seen).toMatchObject({ missing: 0, unparseable: 0 });
      expect(fs.readdirSync(dataDir)).toEqual(['seatwise.lock']);
    } finally {
      lock.release();
    }
  }, 60_000);
});
