import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, runCli } from './run-cli.ts';

describe('seatwise --version', () => {
  it("prints the package's version", async () => {
    const result = await runCli(['--version'], {});
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});

describe('startup with a bad environment', () => {
  it('exits non-zero with one line naming the variable', async () => {
    const result = await runCli(['serve'], { PORT: 'not-a-port', SEATWISE_DATA_DIR: '/nonexistent/never-created' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('Invalid configuration: PORT must be an integer between 0 and 65535 (got "not-a-port")');
  });

  it('names DATABASE_URL and LOG_LEVEL when both are wrong', async () => {
    const result = await runCli(['people', 'list'], { DATABASE_URL: 'mysql://nope', LOG_LEVEL: 'chatty' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(result.stderr).toContain('LOG_LEVEL must be one of');
  });
});
