import type { Command } from 'commander';
import { runHistoryBacktest, runSyntheticBacktest, type BacktestReport } from '../../app/forecast/backtest.ts';
import { getForecast, type OrgForecast } from '../../app/forecast/forecast.ts';
import { listHolidays, replaceHolidays } from '../../app/forecast/holidays.ts';
import type { OrgHoliday } from '../../db/repositories/forecast.repository.ts';
import { AppError } from '../../errors.ts';
import { reportCliError } from '../output.ts';
import { comparePlansForOrg, type PlanComparisonResult } from '../../app/forecast/plans.ts';
import { formatTable } from '../output.ts';
import { isIsoDate } from '../../domain/people-import.ts';
import { argumentsOk, cliActor, isoDayOption, jsonBody, parseFormat, printJson, withRuntime } from '../run.ts';

type Band = { p10: number; p50: number; p90: number };
type ForecastJson = { today: string; currency: 'USD'; months: Array<{ month: string; org: Band; departments: Record<string, Band> }> };

/** The CLI's JSON: monthly cost bands (seat fees + metered extra usage) per department and for the organization. */
function toForecastJson(f: OrgForecast): ForecastJson {
  return {
    today: f.today,
    currency: f.currency,
    months: f.months.map((m) => ({ month: m.month, org: m.org.cost, departments: Object.fromEntries(Object.entries(m.departments).map(([k, v]) => [k, v.cost])) })),
  };
}

const usd = (v: number) => v.toFixed(2);
const band = (b: Band) => `${usd(b.p50)} (${usd(b.p10)}–${usd(b.p90)})`;

function parseMonths(value: string): number | undefined {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 3) {
    process.stderr.write(`VALIDATION_FAILED: --months must be 1, 2 or 3 (got ${JSON.stringify(value)})\n`);
    process.exitCode = 1;
    return undefined;
  }
  return n;
}

/**
 * The forecast command and its subcommands. The parent's --months and --format are parsed wherever they
 * appear on the line (the CLI's global option parsing), so subcommands read their options merged with the
 * parent's (`optsWithGlobals`) rather than their own copy, which would keep its default.
 */
export function registerForecastCommands(program: Command): void {
  const forecast = program
    .command('forecast')
    .description('Cost forecast per department and for the organization, P10/P50/P90 per month')
    .option('--months <n>', 'whole calendar months after the current one (1–3)', '3')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { months: string; format: string }) => {
      const format = parseFormat(options.format);
      const months = parseMonths(options.months);
      if (!format || !months) return;
      return withRuntime(
        'forecast',
        async (runtime) => printForecast(toForecastJson(await getForecast(runtime.ctx, await cliActor(runtime), { months })), format),
        async (client) => printForecast(toForecastJson((await client('GET', `/api/forecast?months=${months}`)) as OrgForecast), format),
      );
    });

  forecast
    .command('backtest')
    .description('Rolling-origin backtest: 30-day MAPE and P90 / P10–P90 coverage on the synthetic generator and on this organization’s history')
    .option('--format <format>', 'json or table', 'table')
    .option('--source <source>', 'synthetic, history or both', 'both')
    .option('--seeds <seeds>', 'synthetic seeds, e.g. 201-220 or 201,205 (default 201-204)')
    .option('--paths <n>', 'Monte Carlo paths per origin (default 100 synthetic, 300 history)')
    .action((_own: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ format: string; source: string; seeds?: string; paths?: string }>();
      const format = parseFormat(options.format);
      if (!format) return;
      const seeds = options.seeds === undefined ? undefined : parseSeeds(options.seeds);
      const paths = options.paths === undefined ? undefined : Number(options.paths);
      if (seeds === null) return reportCliError(new AppError('VALIDATION_FAILED', { message: `--seeds must look like 201-220 or 201,205 (got ${JSON.stringify(options.seeds)})` }));
      if (paths !== undefined && (!Number.isInteger(paths) || paths < 10 || paths > 5000)) return reportCliError(new AppError('VALIDATION_FAILED', { message: `--paths must be an integer from 10 to 5000 (got ${JSON.stringify(options.paths)})` }));
      const synthetic = { ...(seeds ? { seeds } : {}), ...(paths ? { paths } : {}) };
      const query = new URLSearchParams({ ...(seeds ? { seeds: seeds.join(',') } : {}), ...(paths ? { paths: String(paths) } : {}) }).toString();
      const wantsSynthetic = options.source !== 'history';
      const wantsHistory = options.source !== 'synthetic';
      return withRuntime(
        'forecast backtest',
        async (runtime) => {
          const reports: BacktestReport[] = [];
          if (wantsSynthetic) reports.push(runSyntheticBacktest(synthetic));
          if (wantsHistory) reports.push(await runHistoryBacktest(runtime.ctx, await cliActor(runtime), paths ? { paths } : {}));
          printBacktests(reports, format);
        },
        async (client) => {
          const reports: BacktestReport[] = [];
          if (wantsSynthetic) reports.push((await client('GET', `/api/forecast/backtest?source=synthetic${query ? `&${query}` : ''}`)) as BacktestReport);
          if (wantsHistory) reports.push((await client('GET', `/api/forecast/backtest?source=history${paths ? `&paths=${paths}` : ''}`)) as BacktestReport);
          printBacktests(reports, format);
        },
      );
    });

  const holidays = forecast
    .command('holidays')
    .description('Company holidays the forecast treats as days off')
    .option('--from <day>', 'first day (YYYY-MM-DD)')
    .option('--to <day>', 'last day listed (YYYY-MM-DD)')
    .option('--format <format>', 'json or table', 'table')
    .action(async (_own: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ from?: string; to?: string; format: string }>();
      const format = parseFormat(options.format);
      if (!format) return;
      const datesOk = await argumentsOk(() => {
        if (options.from !== undefined) isoDayOption('--from', options.from);
        if (options.to !== undefined) isoDayOption('--to', options.to);
      });
      if (!datesOk) return;
      const range = { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) };
      const query = new URLSearchParams(range).toString();
      return withRuntime(
        'forecast holidays',
        async (runtime) => printHolidays(await listHolidays(runtime.ctx, await cliActor(runtime), range), format),
        async (client) => printHolidays(((await client('GET', `/api/forecast/holidays${query ? `?${query}` : ''}`)) as { items: OrgHoliday[] }).items, format),
      );
    });

  holidays
    .command('set')
    .description('Replace the company holidays from --from to --to (inclusive) with the --holiday days given')
    .option('--from <day>', 'first day of the range replaced (YYYY-MM-DD), required')
    .option('--to <day>', 'last day of the range replaced (YYYY-MM-DD), required')
    .option('--holiday <day=name>', 'a holiday, e.g. 2026-12-24=Christmas Eve (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--format <format>', 'json or table', 'table')
    .action(async (_own: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ from?: string; to?: string; holiday: string[]; format: string }>();
      const format = parseFormat(options.format);
      const items = parseHolidays(options.holiday);
      if (!format || !items) return;
      const datesOk = await argumentsOk(() => {
        for (const [flag, v] of [['--from', options.from], ['--to', options.to]] as const) {
          if (v === undefined) throw new AppError('VALIDATION_FAILED', { message: `${flag} is required (a date in YYYY-MM-DD form)` });
          isoDayOption(flag, v);
        }
      });
      if (!datesOk) return;
      const input = { from: options.from!, to: options.to!, holidays: items };
      return withRuntime(
        'forecast holidays set',
        async (runtime) => printHolidays((await replaceHolidays(runtime.ctx, await cliActor(runtime), input)).holidays, format),
        async (client) => printHolidays(((await client('PUT', '/api/forecast/holidays', jsonBody(input))) as { items: OrgHoliday[] }).items, format),
      );
    });

  forecast
    .command('plans')
    .description('Compare Team as bought, Team with the cost-optimal premium count and Enterprise, with intervals and a plain answer')
    .option('--months <n>', 'months to compare over (1–3)', '3')
    .option('--format <format>', 'json or table', 'table')
    .action((_own: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ months: string; format: string }>();
      const format = parseFormat(options.format);
      const months = parseMonths(options.months);
      if (!format || !months) return;
      return withRuntime(
        'forecast plans',
        async (runtime) => printPlans(await comparePlansForOrg(runtime.ctx, await cliActor(runtime), { months }), format),
        async (client) => printPlans((await client('GET', `/api/plans/compare?months=${months}`)) as PlanComparisonResult, format),
      );
    });
}

/** `201-220` or `201,205,210` as a list of seeds; null when malformed or more than 100 seeds. */
function parseSeeds(value: string): number[] | null {
  const out: number[] = [];
  for (const part of value.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) return null;
    for (let s = from; s <= to; s++) out.push(s);
  }
  return out.length > 0 && out.length <= 100 ? out : null;
}

/** `--holiday 2026-12-24=Christmas Eve` values, or undefined after reporting the first bad one. */
function parseHolidays(values: readonly string[]): OrgHoliday[] | undefined {
  const out: OrgHoliday[] = [];
  for (const v of values) {
    const [day, ...name] = v.split('=');
    if (!day || !isIsoDate(day) || name.join('=').trim() === '') {
      reportCliError(new AppError('VALIDATION_FAILED', { message: `--holiday must look like 2026-12-24=Christmas Eve (got ${JSON.stringify(v)})` }));
      return undefined;
    }
    out.push({ day, name: name.join('=').trim() });
  }
  return out;
}

function printHolidays(items: readonly OrgHoliday[], format: 'json' | 'table') {
  if (format === 'json') return printJson({ items });
  process.stdout.write(`${formatTable(['DAY', 'HOLIDAY'], items.map((h) => [h.day, h.name]))}\n`);
}

function printForecast(f: ForecastJson, format: 'json' | 'table') {
  if (format === 'json') return printJson(f);
  const names = Object.keys(f.months[0]?.departments ?? {});
  const rows = [...names.map((n) => [n, ...f.months.map((m) => band(m.departments[n]!))]), ['Organization', ...f.months.map((m) => band(m.org))]];
  process.stdout.write(`${formatTable(['USD P50 (P10–P90)', ...f.months.map((m) => m.month)], rows)}\n`);
}

function printBacktests(reports: readonly BacktestReport[], format: 'json' | 'table') {
  if (format === 'json') return printJson({ reports: reports.map(({ detail: _detail, ...r }) => r) });
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  process.stdout.write(`${formatTable(['SOURCE', 'ORIGINS', 'MAPE 30D', 'P90 COVERAGE', 'P10–P90 COVERAGE', 'BIAS'], reports.map((r) => [r.name, r.origins, pct(r.mape), pct(r.p90Coverage), pct(r.p10p90Coverage), pct(r.bias)]))}\n`);
}

function printPlans(p: PlanComparisonResult, format: 'json' | 'table') {
  if (format === 'json') return printJson(p);
  const rows = p.options.map((o) => [o.label, o.monthly ? band(o.monthly) : 'no catalog price', o.saving ? band(o.saving) : '', o.chanceCheaper === null ? '' : `${Math.round(o.chanceCheaper * 100)}%`]);
  process.stdout.write(`${formatTable(['OPTION', 'USD / MONTH P50 (P10–P90)', 'SAVING / MONTH', 'CHEAPER IN'], rows)}\n${p.recommendation.answer}\n`);
}
