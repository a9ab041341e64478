import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { importPeople, type ImportPeopleResult } from '../../app/people/import-people.ts';
import { listPeople } from '../../app/people/people.ts';
import { formatTable } from '../output.ts';
import { cliActor, localDepartmentId, parseFormat, printJson, remoteDepartmentId, type ServerClient, withRuntime } from '../run.ts';

type PersonLine = { id: string; email: string; name: string; department: string | null; jobFamily: string; status: string; tier: string | null; roles: string[] };
type ApiPerson = { id: string; email: string; name: string; departmentId: string | null; departmentName: string | null; jobFamily: string; status: string; currentTier: string | null; roles: string[] };

const fromApi = (p: ApiPerson): PersonLine => ({ id: p.id, email: p.email, name: p.name, department: p.departmentName, jobFamily: p.jobFamily, status: p.status, tier: p.currentTier, roles: p.roles });

function printPeople(people: readonly PersonLine[], format: 'json' | 'table') {
  if (format === 'json') return printJson(people);
  process.stdout.write(`${formatTable(['NAME', 'EMAIL', 'DEPARTMENT', 'TIER', 'ROLES'], people.map((p) => [p.name, p.email, p.department ?? '', p.tier ?? '', p.roles.join(',')]))}\n${people.length} people\n`);
}

function printImport(result: ImportPeopleResult, format: 'json' | 'table') {
  if (format === 'json') printJson(result);
  else process.stdout.write(`Imported ${result.rows} rows: ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged.\n`);
}

async function listRemote(client: ServerClient, department?: string): Promise<PersonLine[]> {
  let departmentId: string | undefined;
  if (department) {
    departmentId = await remoteDepartmentId(client, department);
  }
  const people: PersonLine[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = (await client('GET', `/api/people?limit=500&offset=${offset}${departmentId ? `&departmentId=${departmentId}` : ''}`)) as { items: ApiPerson[]; total: number };
    people.push(...page.items.map(fromApi));
    if (people.length >= page.total || page.items.length === 0) return people;
  }
}

export function registerPeopleCommands(program: Command) {
  const people = program.command('people').description('People of the organization');

  people
    .command('list')
    .description('List people with department, current tier and roles')
    .option('--format <format>', 'json or table', 'table')
    .option('--department <name>', 'only this department')
    .action((options: { format: string; department?: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      return withRuntime(
        'people list',
        async (runtime) => {
          const actor = await cliActor(runtime);
          const departmentId = options.department ? await localDepartmentId(runtime, actor.orgId, options.department) : undefined;
          const page = await listPeople(runtime.ctx, actor.orgId, departmentId ? { departmentId } : {}, { limit: 100_000, offset: 0 });
          printPeople(page.items.map((p) => fromApi({ ...p, roles: [...p.roles] })), format);
        },
        async (client) => printPeople(await listRemote(client, options.department), format),
      );
    });

  people
    .command('import <file>')
    .description('Import people from CSV: email,name,department,job_family[,start_date,role,title] (all or nothing; idempotent by email)')
    .option('--format <format>', 'json or table', 'table')
    .action(async (file: string, options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(file);
      } catch (error) {
        process.stderr.write(`VALIDATION_FAILED: Cannot read ${file}: ${(error as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      return withRuntime(
        'people import',
        async (runtime) => printImport(await importPeople(runtime.ctx, await cliActor(runtime), bytes), format),
        async (client) => printImport((await client('POST', '/api/people/import', { contentType: 'text/csv', data: bytes })) as ImportPeopleResult, format),
      );
    });
}
