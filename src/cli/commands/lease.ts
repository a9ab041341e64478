import type { Command } from 'commander';
import { decideLease } from '../../app/leases/decide-lease.ts';
import { returnLease } from '../../app/leases/end-lease.ts';
import { requestLeaseExtension } from '../../app/leases/extend-lease.ts';
import { requestLease } from '../../app/leases/request-lease.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import { LEASE_STATUSES, type LeaseStatus } from '../../domain/leases.ts';
import { AppError } from '../../errors.ts';
import { formatTable } from '../output.ts';
import { argumentsOk, cliActor, isoDayOption, jsonBody, localDepartmentId, parseFormat, printJson, remoteDepartmentId, type ServerClient, uuidArgument, withRuntime } from '../run.ts';
import type { Runtime } from '../../runtime.ts';

type LeaseLine = { id: string; person: string; email: string; department: string; status: string; startsAt: string; endsAt: string; reason: string; project: string | null; rule: string | null; note: string | null };

const statusText = (l: { status: string; endReason: string | null; queue: string | null }) => (l.endReason ? `${l.status} (${l.endReason})` : l.queue ? `${l.status} (${l.queue})` : l.status);
const line = (l: Lease): LeaseLine => ({ id: l.id, person: l.personName, email: l.personEmail, department: l.departmentName, status: statusText(l), startsAt: l.startsAt.toISOString(), endsAt: l.endsAt.toISOString(), reason: l.reason, project: l.project, rule: l.decisionRule, note: l.decisionNote });

/** A lease as the API presents it (`GET /api/leases`). */
type ApiLease = { id: string; personName: string; personEmail: string; departmentName: string; status: string; endReason: string | null; queue: string | null; startsAt: string; endsAt: string; reason: string; project: string | null; decision: { rule: string | null; note: string | null } };
const apiLine = (l: ApiLease): LeaseLine => ({ id: l.id, person: l.personName, email: l.personEmail, department: l.departmentName, status: statusText(l), startsAt: l.startsAt, endsAt: l.endsAt, reason: l.reason, project: l.project, rule: l.decision.rule, note: l.decision.note });

/** Through the running server (it holds the embedded database): a person's id by email. */
async function remotePersonId(client: ServerClient, email: string): Promise<string> {
  const page = (await client('GET', `/api/people?q=${encodeURIComponent(email)}&limit=500`)) as { items: Array<{ id: string; email: string }> };
  const person = page.items.find((p) => p.email.toLowerCase() === email.trim().toLowerCase());
  if (!person) throw new AppError('NOT_FOUND', { message: `No person with email ${email}` });
  return person.id;
}

function print(leases: readonly LeaseLine[], format: 'json' | 'table') {
  if (format === 'json') return printJson(leases);
  process.stdout.write(`${formatTable(['ID', 'PERSON', 'DEPARTMENT', 'FROM', 'TO', 'STATUS', 'RULE'], leases.map((l) => [l.id, l.person, l.department, l.startsAt.slice(0, 10), l.endsAt.slice(0, 10), l.status, l.rule ?? '']))}\n`);
}

function printOne(l: LeaseLine, format: 'json' | 'table', decision?: { outcome: string; rule: string; message: string }) {
  if (format === 'json') return printJson({ lease: l, ...(decision ? { decision } : {}) });
  process.stdout.write(`${l.id}  ${l.person}  ${l.startsAt.slice(0, 10)} → ${l.endsAt.slice(0, 10)}  ${l.status}\n${decision ? `${decision.rule}: ${decision.message}\n` : ''}`);
}

function day(option: string, value: string): Date {
  return new Date(`${isoDayOption(option, value)}T00:00:00Z`);
}

async function personByEmail(runtime: Runtime, email: string) {
  const actor = await cliActor(runtime);
  const person = await runtime.ctx.repos.people.findByEmail(actor.orgId, email);
  if (!person) throw new AppError('NOT_FOUND', { message: `No person with email ${email}` });
  return person;
}

export function registerLeaseCommands(program: Command) {
  const lease = program.command('lease').description('Time-boxed premium leases');
  const withFormat = (cmd: Command) => cmd.option('--format <format>', 'json or table', 'table');

  withFormat(lease.command('request').description('Request a premium lease for a person; the engine decides at once'))
    .requiredOption('--email <email>', 'who the lease is for')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'day the lease ends (exclusive, YYYY-MM-DD)')
    .requiredOption('--reason <text>', 'why (the sprint or work)')
    .option('--project <tag>', 'project or sprint tag')
    .option('--deadline <date>', 'when the work is due (YYYY-MM-DD)')
    .action((o: { email: string; from: string; to: string; reason: string; project?: string; deadline?: string; format: string }) => {
      const format = parseFormat(o.format);
      if (!format) return;
      const input = () => {
        if (o.deadline !== undefined) day('--deadline', o.deadline);
        return { startsAt: day('--from', o.from), endsAt: day('--to', o.to), reason: o.reason, project: o.project ?? null, deadline: o.deadline ?? null };
      };
      return withRuntime(
        'lease request',
        async (runtime) => {
          const ask = input();
          const person = await personByEmail(runtime, o.email);
          const { lease: l, decision } = await requestLease(runtime.ctx, await cliActor(runtime), { personId: person.id, ...ask });
          printOne(line(l), format, decision);
        },
        async (client) => {
          const ask = input();
          const personId = await remotePersonId(client, o.email);
          const r = (await client('POST', '/api/leases', jsonBody({ personId, ...ask, startsAt: ask.startsAt.toISOString(), endsAt: ask.endsAt.toISOString() }))) as { lease: ApiLease; decision: { outcome: string; rule: string; message: string } };
          printOne(apiLine(r.lease), format, r.decision);
        },
      );
    });

  for (const verb of ['approve', 'deny'] as const) {
    withFormat(lease.command(`${verb} <id>`).description(verb === 'approve' ? 'Approve a pending request' : 'Deny a pending request (with --note)'))
      .option('--note <text>', verb === 'deny' ? 'why (required)' : 'a note for the requester')
      .action(async (id: string, o: { note?: string; format: string }) => {
        const format = parseFormat(o.format);
        if (!format || !(await argumentsOk(() => uuidArgument(id)))) return;
        return withRuntime(
          `lease ${verb}`,
          async (runtime) => {
            const { lease: l, decision } = await decideLease(runtime.ctx, await cliActor(runtime), { leaseId: id, approve: verb === 'approve', note: o.note ?? null });
            printOne(line(l), format, decision);
          },
          async (client) => {
            const r = (await client('POST', `/api/leases/${encodeURIComponent(id)}/${verb}`, jsonBody(o.note === undefined ? {} : { note: o.note }))) as { lease: ApiLease; decision: { outcome: string; rule: string; message: string } };
            printOne(apiLine(r.lease), format, r.decision);
          },
        );
      });
  }

  withFormat(lease.command('return <id>').description('Give a lease back early; the seat returns to the pool at once'))
    .option('--note <text>', 'why')
    .action(async (id: string, o: { note?: string; format: string }) => {
      const format = parseFormat(o.format);
      if (!format || !(await argumentsOk(() => uuidArgument(id)))) return;
      return withRuntime(
        'lease return',
        async (runtime) => printOne(line(await returnLease(runtime.ctx, await cliActor(runtime), id, o.note ?? null)), format),
        async (client) => printOne(apiLine((await client('POST', `/api/leases/${encodeURIComponent(id)}/return`, jsonBody(o.note === undefined ? {} : { note: o.note }))) as ApiLease), format),
      );
    });

  withFormat(lease.command('extend <id>').description('Ask to extend a lease to a new end day'))
    .requiredOption('--to <date>', 'new end day (exclusive, YYYY-MM-DD)')
    .requiredOption('--reason <text>', 'why')
    .action(async (id: string, o: { to: string; reason: string; format: string }) => {
      const format = parseFormat(o.format);
      if (!format) return;
      const argsOk = await argumentsOk(() => {
        uuidArgument(id);
        isoDayOption('--to', o.to);
      });
      if (!argsOk) return;
      return withRuntime(
        'lease extend',
        async (runtime) => {
          const { lease: l, extension } = await requestLeaseExtension(runtime.ctx, await cliActor(runtime), { leaseId: id, newEndsAt: day('--to', o.to), reason: o.reason });
          printOne(line(l), format, { outcome: extension.status, rule: extension.decisionRule ?? '', message: extension.decisionNote ?? '' });
        },
        async (client) => {
          const newEndsAt = day('--to', o.to).toISOString();
          const r = (await client('POST', `/api/leases/${encodeURIComponent(id)}/extensions`, jsonBody({ newEndsAt, reason: o.reason }))) as { lease: ApiLease; extension: { status: string; decisionRule: string | null; decisionNote: string | null } };
          printOne(apiLine(r.lease), format, { outcome: r.extension.status, rule: r.extension.decisionRule ?? '', message: r.extension.decisionNote ?? '' });
        },
      );
    });

  withFormat(lease.command('list').description('List leases and requests'))
    .option('--email <email>', 'one person')
    .option('--department <name>', 'one department')
    .option('--status <list>', `comma-separated: ${LEASE_STATUSES.join(', ')}`)
    .action((o: { email?: string; department?: string; status?: string; format: string }) => {
      const format = parseFormat(o.format);
      if (!format) return;
      const statusFilter = () => {
        const statuses = o.status?.split(',').map((s) => s.trim());
        const bad = statuses?.filter((s) => !(LEASE_STATUSES as readonly string[]).includes(s));
        if (bad?.length) throw new AppError('VALIDATION_FAILED', { message: `--status: unknown ${bad.join(', ')} (use ${LEASE_STATUSES.join(', ')})` });
        return statuses;
      };
      const remote = async (client: ServerClient) => {
        const statuses = statusFilter();
        const query = new URLSearchParams();
        if (o.email) query.set('personId', await remotePersonId(client, o.email));
        if (o.department) {
          query.set('departmentId', await remoteDepartmentId(client, o.department));
        }
        if (statuses) query.set('status', statuses.join(','));
        const all: ApiLease[] = [];
        for (let offset = 0; ; offset += 500) {
          const page = (await client('GET', `/api/leases?${query.toString()}&limit=500&offset=${offset}`)) as { items: ApiLease[]; total: number };
          all.push(...page.items);
          if (page.items.length === 0 || all.length >= page.total) break;
        }
        print(all.map(apiLine), format);
      };
      return withRuntime('lease list', async (runtime) => {
        const actor = await cliActor(runtime);
        const statuses = statusFilter();
        const personId = o.email ? (await personByEmail(runtime, o.email)).id : undefined;
        const departmentId = o.department ? await localDepartmentId(runtime, actor.orgId, o.department) : undefined;
        const leases = await runtime.ctx.repos.leases.listAll(actor.orgId, { ...(personId ? { personId } : {}), ...(departmentId ? { departmentId } : {}), ...(statuses ? { statuses: statuses as LeaseStatus[] } : {}) });
        print(leases.map(line), format);
      }, remote);
    });
}
