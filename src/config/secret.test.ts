import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveSecret } from './secret.ts';

const run = promisify(execFile);
const SECRET_MODULE = fileURLToPath(new URL('./secret.ts', import.meta.url));

describe('resolveSecret', () => {
  const folders: string[] = [];
  const scratch = () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-secret-'));
    folders.push(folder);
    return folder;
  };
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('prefers SEATWISE_SECRET and writes nothing', () => {
    const dataDir = scratch();
    expect(resolveSecret({ secret: 'from-env', dataDir })).toBe('from-env');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('generates a secret once, keeps it private, and returns the same one after', () => {
    const dataDir = path.join(scratch(), 'nested', '.seatwise');
    const first = resolveSecret({ secret: undefined, dataDir });
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(path.join(dataDir, 'secret')).mode & 0o777).toBe(0o600);
    expect(resolveSecret({ secret: undefined, dataDir })).toBe(first);
    expect(fs.readdirSync(dataDir)).toEqual(['secret']);
  });

  it('refuses an empty secret file instead of signing with an empty key', () => {
    const dataDir = scratch();
    fs.writeFileSync(path.join(dataDir, 'secret'), '\n');
    expect(() => resolveSecret({ secret: undefined, dataDir })).toThrow(/exists but is empty; delete it/);
  });

  // Two `seatwise serve` processes starting on a fresh data folder used to race here: both found no
  // file, and the second one's exclusive create failed with EEXIST.
  it('gives processes that start at the same moment one secret', async () => {
    const processes = 6;
    for (let round = 0; round < 3; round++) {
      const dataDir = scratch();
      const startAt = Date.now() + 2_500;
      const script = [
        `import { resolveSecret } from ${JSON.stringify(SECRET_MODULE)};`,
        `while (Date.now() < ${startAt});`,
        `process.stdout.write(resolveSecret({ secret: undefined, dataDir: ${JSON.stringify(dataDir)} }));`,
      ].join('\n');
      const outputs = await Promise.all(
        Array.from({ length: processes }, () => run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { PATH: process.env.PATH } })),
      );
      const secrets = new Set(outputs.map((o) => o.stdout));
      expect(secrets.size).toBe(1);
      expect([...secrets][0]).toBe(fs.readFileSync(path.join(dataDir, 'secret'), 'utf8'));
      expect(fs.readdirSync(dataDir)).toEqual(['secret']);
    }
  }, 60_000);
});
