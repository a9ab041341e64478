import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerQuotaApportionCommand } from './commands/quota-apportion.ts';
import { registerQuotaCommands } from './commands/quota.ts';
import { registerLeaseCommands } from './commands/lease.ts';
import { registerUsageImportCommand } from './commands/usage-import.ts';
import { registerSyncCommands } from './commands/sync.ts';
import { registerIngestTokenCommands } from './commands/ingest-token.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerDatabaseCommands } from './commands/database.ts';
import { registerOrgCommands } from './commands/org.ts';
import { registerPeopleCommands } from './commands/people.ts';
import { registerSeatCommands } from './commands/seats.ts';
import { registerTokenCommands } from './commands/tokens.ts';
import { registerForecastCommands } from './commands/forecast.ts';
import { registerAlertCommands } from './commands/alerts.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerSimulateCommands } from './commands/simulate.ts';
import { registerSurveyCommands, registerUseCaseCommands } from './commands/governance.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('seatwise')
  .description('Govern tiered AI-assistant seats fairly and on budget.')
  .version(version)
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerServeCommand(program);
registerDatabaseCommands(program);
registerOrgCommands(program);
registerPeopleCommands(program);
registerSeatCommands(program);
registerTokenCommands(program);
const quota = program.command('quota').description('Department quotas of premium seats');
registerQuotaApportionCommand(quota);
registerQuotaCommands(quota);
registerLeaseCommands(program);
registerUsageImportCommand(program.command('usage').description('Usage data: imports and sources'));
registerSyncCommands(program);
registerIngestTokenCommands(program);
registerForecastCommands(program);
registerAlertCommands(program);
registerAuditCommands(program);
registerSimulateCommands(program);
registerSurveyCommands(program.command('survey').description('Demand surveys'));
registerUseCaseCommands(program.command('use-cases').description('The use-case library'));

await program.parseAsync(process.argv);
