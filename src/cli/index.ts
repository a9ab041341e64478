import { Command } from 'commander';
import { registerQuotaApportionCommand } from './commands/quota-apportion.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerDatabaseCommands } from './commands/database.ts';
import { registerPeopleCommands } from './commands/people.ts';
import { registerSeatCommands } from './commands/seats.ts';
import { registerTokenCommands } from './commands/tokens.ts';

const program = new Command()
  .name('seatwise')
  .description('Govern tiered AI-assistant seats fairly and on budget.')
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerServeCommand(program);
registerDatabaseCommands(program);
registerPeopleCommands(program);
registerSeatCommands(program);
registerTokenCommands(program);
registerQuotaApportionCommand(program.command('quota').description('Department quotas of premium seats'));

await program.parseAsync(process.argv);
