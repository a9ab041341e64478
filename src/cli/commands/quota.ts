import type { Command } from 'commander';
import { apportionQuotas, listQuotas, setQuota } from '../../app/quotas/quotas.ts';
import { APPORTIONMENT_METHODS, MAX_SEATS, type ApportionmentMethod } from '../../domain/apportionment.ts';
import { MAX_MONEY } from '../../domain/money.ts';
import { AppError } from '../../errors.ts';
import { formatTable } from '../output.ts';
import { cliActor, jsonBody, localDepartmentId, parseFormat, printJson, remoteDepartmentId, withRuntime } from '../run.ts';
import type { DepartmentQuotaRow } from '../../db/repositories/allocation.repository.ts';
import { loadWeightsFile } from './quota-apportion.ts';

type QuotaLine = Pick<DepartmentQuotaRow, 'departmentId' | 'departmentName' | 'nominalPremium' | 'borrowingLimit' | 'lendingLimit' | 'monthlyBudget'>;

/** A seat count option: a whole number from 0 to MAX_SEATS (as the API takes), VALIDATION_FAILED naming the option otherwise. */
function seatCount(option: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new AppError('VALIDATION_FAILED', { message: `${option} must be a non-negative integer (got ${value})` });
  const n = Number(value);
  if (n > MAX_SEATS) throw new AppError('VALIDATION_FAILED', { message: `${option} must be at most ${MAX_SEATS} seats (got ${value})` });
  return n;
}

const printQuota = (q: QuotaLine) => process.stdout.write(`${q.departmentName}: nominal ${q.nominalPremium}, borrowing limit ${q.borrowingLimit ?? 'none'}, lending limit ${q.lendingLimit ?? 'none'}, budget ${q.monthlyBudget ?? 'none'}\n`);

export function registerQuotaCommands(quota: Command) {
  quota
    .command('show')
    .description('The premium pool and every department’s quota, limits and budget')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      const show = (capacity: number, quotas: readonly QuotaLine[]) => {
        if (format === 'json') return printJson({ capacity, quotas });
        const dash = (v: number | string | null) => (v === null ? '—' : v);
        process.stdout.write(`Premium seats purchased: ${capacity}\n${formatTable(['DEPARTMENT', 'NOMINAL', 'BORROW LIMIT', 'LEND LIMIT', 'MONTHLY BUDGET'], quotas.map((q) => [q.departmentName, q.nominalPremium, dash(q.borrowingLimit), dash(q.lendingLimit), dash(q.monthlyBudget)]))}\n`);
      };
      return withRuntime(
        'quota show',
        async (runtime) => {
          const { capacity, quotas } = await listQuotas(runtime.ctx, (await cliActor(runtime)).orgId);
          show(capacity, quotas);
        },
        async (client) => {
          const r = (await client('GET', '/api/quotas')) as { capacity: number; items: QuotaLine[] };
          show(r.capacity, r.items);
        },
      );
    });

  quota
    .command('set <department>')
    .description("Set a department's nominal premium quota, limits and monthly budget")
    .requiredOption('--nominal <seats>', 'nominal premium seats')
    .option('--borrowing-limit <seats>', 'seats it may borrow above nominal (default: unlimited)')
    .option('--lending-limit <seats>', 'idle seats others may borrow (default: all)')
    .option('--budget <usd>', 'monthly budget in USD (default: none)')
    .action((department: string, options: { nominal: string; borrowingLimit?: string; lendingLimit?: string; budget?: string }) => {
      const values = () => {
        const int = (name: string, v: string | undefined) => (v === undefined ? null : seatCount(`--${name}`, v));
        if (options.budget !== undefined && !/^\d+(\.\d{1,2})?$/.test(options.budget)) throw new AppError('VALIDATION_FAILED', { message: `--budget must be an amount like 1500 or 1500.50 (got ${options.budget})` });
        if (options.budget !== undefined && Number(options.budget) > Number(MAX_MONEY)) throw new AppError('VALIDATION_FAILED', { message: `--budget must be at most ${MAX_MONEY} (got ${options.budget})` });
        return { nominalPremium: int('nominal', options.nominal)!, borrowingLimit: int('borrowing-limit', options.borrowingLimit), lendingLimit: int('lending-limit', options.lendingLimit), monthlyBudget: options.budget ?? null };
      };
      return withRuntime(
        'quota set',
        async (runtime) => {
          const actor = await cliActor(runtime);
          const quota = values();
          printQuota(await setQuota(runtime.ctx, actor, await localDepartmentId(runtime, actor.orgId, department), quota));
        },
        async (client) => {
          const quota = values();
          const id = await remoteDepartmentId(client, department);
          printQuota((await client('PUT', `/api/quotas/${id}`, jsonBody(quota))) as QuotaLine);
        },
      );
    });

  quota
    .command('apply')
    .description('Apportion the premium pool to the live departments: prints the diff, and writes it (with an audit event) only with --yes')
    .requiredOption('--method <method>', APPORTIONMENT_METHODS.filter((m) => m !== 'manual').join(', '))
    .option('--seats <n>', 'seats to divide (default: premium seats purchased)')
    .option('--weights <file>', 'JSON object {"<department>": <weight>} (default: headcount)')
    .option('--min <0|1>', 'give every department at least one seat', '0')
    .option('--yes', 'apply the change (without it, only preview)')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { method: string; seats?: string; weights?: string; min: string; yes?: boolean; format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      const input = async () => {
        const methods = APPORTIONMENT_METHODS.filter((m) => m !== 'manual') as string[];
        if (!methods.includes(options.method)) throw new AppError('VALIDATION_FAILED', { message: `--method must be one of ${methods.join(', ')} (got ${options.method})` });
        if (options.seats !== undefined) seatCount('--seats', options.seats);
        if (options.min !== '0' && options.min !== '1') throw new AppError('VALIDATION_FAILED', { message: `--min must be 0 or 1 (got ${options.min})` });
        let weights: Record<string, number> | undefined;
        if (options.weights) {
          const loaded = await loadWeightsFile(options.weights);
          if ('exitCode' in loaded) throw new AppError('VALIDATION_FAILED', { message: loaded.stderr.trim().replace(/^[A-Z_]+: /, '') });
          weights = loaded.weights;
        }
        return {
          method: options.method as ApportionmentMethod,
          ...(options.seats !== undefined ? { seats: Number(options.seats) } : {}),
          ...(weights ? { weights } : {}),
          minimum: (options.min === '1' ? 1 : 0) as 0 | 1,
          apply: options.yes === true,
        };
      };
      const show = (result: { method: string; seats: number; applied: boolean; changes: ReadonlyArray<{ departmentName: string; weight: number; before: number; after: number }> }) => {
        if (format === 'json') return printJson(result);
        const rows = result.changes.map((c) => [c.departmentName, c.weight, c.before, c.after, c.after === c.before ? '' : c.after > c.before ? `+${c.after - c.before}` : String(c.after - c.before)]);
        process.stdout.write(`${result.method}, ${result.seats} seats\n${formatTable(['DEPARTMENT', 'WEIGHT', 'NOW', 'NEW', 'CHANGE'], rows)}\n${result.applied ? 'Applied.' : 'Preview only: run again with --yes to apply.'}\n`);
      };
      return withRuntime(
        'quota apply',
        async (runtime) => show(await apportionQuotas(runtime.ctx, await cliActor(runtime), await input())),
        async (client) => show((await client('POST', '/api/quotas/apportion', jsonBody(await input()))) as Parameters<typeof show>[0]),
      );
    });
}
