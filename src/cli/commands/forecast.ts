import type { Command } from 'commander';
import { runHistoryBacktest, runSyntheticBacktest, type BacktestReport } from '../../app/forecast/backtest.ts';
import { getForecast, type OrgForecast } from '../../app/forecast/forecast.ts';
import { comparePlansForOrg, type PlanComparisonResult } from '../../app/forecast/plans.ts';
import { formatTable } from '../output.ts';
import { cliActor, parseFormat, printJson, withRuntime } from '../run.ts';

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
    .action((options: { format: string; source: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      const wantsSynthetic = options.source !== 'history';
      const wantsHistory = options.source !== 'synthetic';
      return withRuntime(
        'forecast backtest',
        async (runtime) => {
          const reports: BacktestReport[] = [];
          if (wantsSynthetic) reports.push(runSyntheticBacktest());
          if (wantsHistory) reports.push(await runHistoryBacktest(runtime.ctx, await cliActor(runtime)));
          printBacktests(reports, format);
        },
        async (client) => {
          const reports: BacktestReport[] = [];
          if (wantsSynthetic) reports.push((await client('GET', '/api/forecast/backtest?source=synthetic')) as BacktestReport);
          if (wantsHistory) reports.push((await client('GET', '/api/forecast/backtest?source=history')) as BacktestReport);
          printBacktests(reports, format);
        },
      );
    });

  forecast
    .command('plans')
    .description('Compare Team as bought, Team with the cost-optimal premium count and Enterprise, with intervals and a plain answer')
    .option('--months <n>', 'months to compare over (1–3)', '3')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { months: string; format: string }) => {
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
