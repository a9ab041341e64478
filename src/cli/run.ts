import { loadConfig } from '../config/env.ts';
import { getPrimaryOrganization } from '../app/org.ts';
import type { Actor } from '../app/context.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { reportCliError } from './output.ts';

/** Opens the database for one CLI command, runs it, closes it; errors print `CODE: message` and exit 1. */
export async function withRuntime(command: string, work: (runtime: Runtime) => Promise<void>): Promise<void> {
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig(process.env);
    runtime = await openRuntime(config, { command });
    await work(runtime);
  } catch (error) {
    reportCliError(error);
  } finally {
    await runtime?.close();
  }
}

/** The CLI acts as an operator of the installation's organization. */
export async function cliActor(runtime: Runtime): Promise<Actor> {
  const org = await getPrimaryOrganization(runtime.ctx);
  return { kind: 'cli', orgId: org.id };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function parseFormat(value: string): 'json' | 'table' {
  if (value !== 'json' && value !== 'table') throw new Error(`--format must be json or table (got ${value})`);
  return value;
}
