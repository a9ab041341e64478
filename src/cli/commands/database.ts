import type { Command } from 'commander';
import { seedDemoCompany } from '../../app/demo/seed-demo-company.ts';
import { withRuntime } from '../run.ts';

export function registerDatabaseCommands(program: Command) {
  program
    .command('migrate')
    .description('Apply pending database migrations (the server also does this on start)')
    .action(() =>
      withRuntime('migrate', async (runtime) => {
        for (const name of runtime.appliedMigrations) process.stdout.write(`applied ${name}\n`);
        process.stdout.write(`Database is at the latest migration (${runtime.appliedMigrations.length} applied now).\n`);
      }),
    );

  program
    .command('demo')
    .description('Load the demo company into an empty database (--reset wipes and reloads it)')
    .option('--reset', 'delete all data and load the demo company again (refused on a real organization)')
    .action((options: { reset?: boolean }) =>
      withRuntime('demo', async (runtime) => {
        const result = await seedDemoCompany(runtime.ctx, { reset: options.reset === true });
        process.stdout.write(
          result.seeded
            ? `Loaded the demo company: ${result.people} people, ${result.usageRows} person-days of usage.\n`
            : `An organization already exists (${result.people} people); nothing changed. Use --reset to reload the demo.\n`,
        );
      }),
    );
}
