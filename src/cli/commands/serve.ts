import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '../../config/env.ts';
import { resolveSecret } from '../../config/secret.ts';
import { openRuntime, seedDemoIfEmpty, type Runtime } from '../../runtime.ts';
import type { JobRunner } from '../../jobs/worker.ts';
import { reportCliError } from '../output.ts';

export function registerServeCommand(program: Command) {
  program
    .command('serve')
    .description('Serve the web app and API (migrates, and loads the demo company into an empty database)')
    .action(async () => {
      let runtime: Runtime | undefined;
      let jobs: JobRunner | undefined;
      try {
        // The server and the job runner (Fastify, pg-boss, pino) load only for this command, so the
        // other commands start without them.
        const [{ pino }, { LOCAL_OPERATOR_PREFIX }, { buildServer }, { startJobs }] = await Promise.all([import('pino'), import('../../api/plugins/auth.ts'), import('../../api/server.ts'), import('../../jobs/worker.ts')]);
        const config = loadConfig(process.env);
        const secret = resolveSecret(config);
        runtime = await openRuntime(config, { command: 'serve' });
        const seeded = await seedDemoIfEmpty(runtime);
        const localOperatorKey = runtime.handle.lock ? `${LOCAL_OPERATOR_PREFIX}${randomBytes(32).toString('base64url')}` : undefined;
        const { handle } = runtime;
        if (config.shouldRunJobs) {
          const database = handle.pglite && handle.pgliteLock ? { kind: 'pglite' as const, pglite: handle.pglite, lock: handle.pgliteLock } : { kind: 'postgres' as const, url: (config.database as { url: string }).url };
          jobs = await startJobs({ ctx: runtime.ctx, database, log: pino({ level: config.logLevel }), secret });
        }
        const app = await buildServer({ ctx: jobs?.ctx ?? runtime.ctx, secret, isDemoLoginEnabled: config.isDemoLoginEnabled, logLevel: config.logLevel, ...(localOperatorKey ? { localOperatorKey } : {}) });
        if (seeded?.seeded) app.log.info({ people: seeded.people, usageRows: seeded.usageRows }, 'loaded the demo company');
        const address = await app.listen({ port: config.port, host: config.host });
        const port = (app.server.address() as { port: number }).port;
        // CLI commands that find the data folder locked reach the server through this (file mode 0600).
        runtime.handle.lock?.update({ command: 'serve', port, host: config.host, operatorKey: localOperatorKey });
        app.log.info(`Seatwise is serving ${address} (database: ${config.database.kind === 'embedded' ? `embedded in ${config.dataDir}` : 'PostgreSQL'})`);
        const opened = runtime;
        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          app.log.info(`${signal}: shutting down`);
          await app.close();
          await jobs?.stop();
          await opened.close();
          process.exit(0);
        };
        process.on('SIGINT', () => void stop('SIGINT'));
        process.on('SIGTERM', () => void stop('SIGTERM'));
      } catch (error) {
        reportCliError(error);
        await jobs?.stop().catch(() => {});
        await runtime?.close();
        process.exit(1);
      }
    });
}
