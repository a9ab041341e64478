import { z } from 'zod';

/** Log levels accepted by pino, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be an integer between 0 and 65535' })
    .int({ error: 'must be an integer between 0 and 65535' })
    .min(0, { error: 'must be an integer between 0 and 65535' })
    .max(65535, { error: 'must be an integer between 0 and 65535' })
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  SEATWISE_DATA_DIR: z.string().min(1, { error: 'must not be empty' }).default('./.seatwise'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SEATWISE_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  SEATWISE_DEMO_LOGIN: z.enum(['0', '1'], { error: 'must be 0 or 1' }).optional(),
  SEATWISE_DEMO_SEED: z.enum(['auto', 'never'], { error: 'must be auto or never' }).default('auto'),
  SEATWISE_JOBS: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('1'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  database: Readonly<{ kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string }>;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Absent until resolved: embedded starts generate one and keep it in the data dir. */
  secret: string | undefined;
  isDemoLoginEnabled: boolean;
  shouldSeedDemo: boolean;
  /** Run the background job worker (lease starts and ends, waitlist, reminders) in this process. */
  shouldRunJobs: boolean;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once. Throws a ConfigError whose message is a single line naming every bad
 * variable, so a bad start fails fast and says why.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const cleaned = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((key) => {
      const value = env[key];
      return [key, value === '' ? undefined : value];
    }),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = env[name];
      return `${name} ${issue.message}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const database = e.DATABASE_URL
    ? ({ kind: 'postgres', url: e.DATABASE_URL } as const)
    : ({ kind: 'embedded', dataDir: e.SEATWISE_DATA_DIR } as const);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: Object.freeze(database),
    dataDir: e.SEATWISE_DATA_DIR,
    logLevel: e.LOG_LEVEL,
    secret: e.SEATWISE_SECRET,
    isDemoLoginEnabled: e.SEATWISE_DEMO_LOGIN ? e.SEATWISE_DEMO_LOGIN === '1' : database.kind === 'embedded',
    shouldSeedDemo: e.SEATWISE_DEMO_SEED === 'auto',
    shouldRunJobs: e.SEATWISE_JOBS === '1',
  });
}
