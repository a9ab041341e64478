import type { Command } from 'commander';
import { createOrganization } from '../../app/org.ts';
import { parseFormat, printJson, withRuntime } from '../run.ts';

/** `seatwise org create`: a real installation's organization, departments and primary owner. */
export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description('The organization this installation serves');
  org
    .command('create')
    .description('Create your organization (instead of the demo company): its departments and its primary owner')
    .requiredOption('--name <name>', "the company's name")
    .option('--slug <slug>', 'URL-safe identifier (default: from the name)')
    .requiredOption('--owner-email <email>', 'the primary owner (owns budgets and billing; signs in with an API token)')
    .requiredOption('--owner-name <name>', "the primary owner's name")
    .option('--departments <list>', 'comma-separated department names (more can be added later)', '')
    .option('--format <format>', 'json or table', 'table')
    .action((o: { name: string; slug?: string; ownerEmail: string; ownerName: string; departments: string; format: string }) => {
      const format = parseFormat(o.format);
      if (!format) return;
      return withRuntime('org create', async (runtime) => {
        const result = await createOrganization(runtime.ctx, { name: o.name, slug: o.slug, owner: { email: o.ownerEmail, name: o.ownerName }, departments: o.departments.split(',') });
        if (format === 'json') return printJson({ organization: result.organization, ownerId: result.ownerId, departments: result.departments });
        process.stdout.write(
          `Created ${result.organization.name} (${result.organization.slug}) with ${result.departments.length} department${result.departments.length === 1 ? '' : 's'}${result.departments.length ? ` (${result.departments.map((d) => d.name).join(', ')})` : ''} and its primary owner ${o.ownerEmail.trim()}.\n` +
            `Next: seatwise token create --email ${o.ownerEmail.trim()}   (the owner's API token)\n` +
            `      seatwise people import people.csv                 (everyone else; see docs for the columns)\n`,
        );
      });
    });
}
