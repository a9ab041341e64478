import type { Command } from 'commander';
import { createApiToken } from '../../app/auth/auth.ts';
import { AppError } from '../../errors.ts';
import { cliActor, withRuntime } from '../run.ts';

export function registerTokenCommands(program: Command) {
  program
    .command('token')
    .description('Personal API tokens')
    .command('create')
    .description('Create an API token for a person (printed once; only its hash is stored)')
    .requiredOption('--email <email>', 'the person the token acts as')
    .option('--name <name>', 'a label for the token', 'cli')
    .action((options: { email: string; name: string }) =>
      withRuntime('token create', async (runtime) => {
        const actor = await cliActor(runtime);
        const person = await runtime.ctx.repos.people.findByEmail(actor.orgId, options.email);
        if (!person) throw new AppError('NOT_FOUND', { message: `No person with email ${options.email}` });
        const { token } = await createApiToken(runtime.ctx, actor, { name: options.name, personId: person.id });
        process.stdout.write(`${token}\n`);
      }),
    );
}
