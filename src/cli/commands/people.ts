import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { importPeople } from '../../app/people/import-people.ts';
import { listPeople } from '../../app/people/people.ts';
import { AppError } from '../../errors.ts';
import { formatTable } from '../output.ts';
import { cliActor, parseFormat, printJson, withRuntime } from '../run.ts';

export function registerPeopleCommands(program: Command) {
  const people = program.command('people').description('People of the organization');

  people
    .command('list')
    .description('List people with department, current tier and roles')
    .option('--format <format>', 'json or table', 'table')
    .option('--department <name>', 'only this department')
    .action((options: { format: string; department?: string }) =>
      withRuntime('people list', async (runtime) => {
        const format = parseFormat(options.format);
        const actor = await cliActor(runtime);
        let departmentId: string | undefined;
        if (options.department) {
          const d = await runtime.ctx.repos.departments.findByName(actor.orgId, options.department);
          if (!d) throw new AppError('NOT_FOUND', { message: `No department named "${options.department}"` });
          departmentId = d.id;
        }
        const page = await listPeople(runtime.ctx, actor.orgId, departmentId ? { departmentId } : {}, { limit: 100_000, offset: 0 });
        if (format === 'json') {
          printJson(page.items.map((p) => ({ id: p.id, email: p.email, name: p.name, department: p.departmentName, jobFamily: p.jobFamily, status: p.status, tier: p.currentTier, roles: p.roles })));
          return;
        }
        process.stdout.write(`${formatTable(['NAME', 'EMAIL', 'DEPARTMENT', 'TIER', 'ROLES'], page.items.map((p) => [p.name, p.email, p.departmentName ?? '', p.currentTier ?? '', p.roles.join(',')]))}\n${page.total} people\n`);
      }),
    );

  people
    .command('import <file>')
    .description('Import people from CSV: email,name,department,job_family,start_date,role (all or nothing; idempotent by email)')
    .option('--format <format>', 'json or table', 'table')
    .action((file: string, options: { format: string }) =>
      withRuntime('people import', async (runtime) => {
        const format = parseFormat(options.format);
        let bytes: Buffer;
        try {
          bytes = await fs.readFile(file);
        } catch (error) {
          throw new AppError('VALIDATION_FAILED', { message: `Cannot read ${file}: ${(error as Error).message}` });
        }
        const result = await importPeople(runtime.ctx, await cliActor(runtime), bytes);
        if (format === 'json') printJson(result);
        else process.stdout.write(`Imported ${result.rows} rows: ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged.\n`);
      }),
    );
}
