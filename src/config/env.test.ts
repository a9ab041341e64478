import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.ts';

describe('loadConfig', () => {
  it('defaults to an embedded database in ./.seatwise on port 3000 with demo login on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, database: { kind: 'embedded', dataDir: './.seatwise' }, logLevel: 'info', isDemoLoginEnabled: true, shouldSeedDemo: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set and turns demo login off unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' })).toMatchObject({ database: { kind: 'postgres', url: 'postgres://u@h/db' }, isDemoLoginEnabled: false });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', SEATWISE_DEMO_LOGIN: '1' }).isDemoLoginEnabled).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, database: { kind: 'embedded' } });
  });

  it('names every bad variable in one line', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', SEATWISE_SECRET: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'SEATWISE_SECRET']) expect(message).toContain(name);
      expect(message).toContain('PORT must be an integer between 0 and 65535 (got "eighty")');
    }
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be an integer/);
  });
});
