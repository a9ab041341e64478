import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { ZodError } from 'zod';
import { replayOrgHistory, type ReplayInputs } from '../../app/lab/replay-org.ts';
import { AppError, isAppError } from '../../errors.ts';
import { runLabParallel } from '../../sim/lab/parallel.ts';
import { selectPolicies } from '../../sim/lab/policies.ts';
import type { Interval, LabResult } from '../../sim/lab/types.ts';
import { renderLabReport } from '../../sim/report.ts';
import { parseScenario, type Scenario } from '../../sim/scenarios/schema.ts';
import { reportCliError } from '../output.ts';
import { argumentsOk, checkOutputFile, cliActor, isoDayOption, jsonBody, withRuntime, writeOutputFile } from '../run.ts';

/**
 * `seatwise simulate`: the policy lab from the command line. Pure like `quota apportion`: it opens no
 * database. Built-in scenarios are the files in src/sim/scenarios/; `--scenario` also takes a path to a
 * JSON or YAML file.
 */
export type SimulateOptions = { scenario: string; policies: string; seeds: string; format: string; threads?: string; report?: string };
export type ReplayOptions = { policies: string; format: string; report?: string; from?: string; to?: string; warmupWeeks?: string; calendar?: string };
type Outcome = { stdout: string; stderr: string; exitCode: number };

const SCENARIO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sim/scenarios');
const failure = (code: string, message: string): Outcome => ({ stdout: '', stderr: `${code}: ${message}\n`, exitCode: 1 });

async function loadScenario(name: string): Promise<Scenario | Outcome> {
  const isPath = /[\\/]|\.(json|ya?ml)$/i.test(name);
  const file = isPath ? name : path.join(SCENARIO_DIR, `${name}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return failure('SCENARIO_NOT_FOUND', isPath ? `cannot read scenario file "${name}"` : `no built-in scenario "${name}" (see src/sim/scenarios/)`);
  }
  try {
    return parseScenario(/\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text));
  } catch (e) {
    if (e instanceof ZodError) return failure('INVALID_SCENARIO', `scenario "${name}": ${e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return failure('INVALID_SCENARIO', `scenario "${name}" is not valid JSON or YAML: ${(e as Error).message}`);
  }
}

export async function runSimulate(opts: SimulateOptions): Promise<Outcome> {
  if (opts.format !== 'json' && opts.format !== 'table') return failure('INVALID_FORMAT', `--format must be json or table (got ${JSON.stringify(opts.format)})`);
  if (!/^\d+$/.test(opts.seeds) || Number(opts.seeds) < 1 || Number(opts.seeds) > 1000) return failure('INVALID_SEEDS', `--seeds must be an integer from 1 to 1000 (got ${JSON.stringify(opts.seeds)})`);
  if (opts.threads !== undefined && (!/^\d+$/.test(opts.threads) || Number(opts.threads) < 1)) return failure('INVALID_THREADS', `--threads must be a positive integer (got ${JSON.stringify(opts.threads)})`);
  const selected = selectPolicies(opts.policies);
  if (!selected.ok) return failure('INVALID_POLICIES', selected.message);
  const scenario = await loadScenario(opts.scenario);
  if ('exitCode' in scenario) return scenario;
  const report = opts.report;
  try {
    // A report file that cannot be written is named before the (long) run, and a late failure is one line too.
    if (report !== undefined) await checkOutputFile('--report', report);
    const seeds = Array.from({ length: Number(opts.seeds) }, (_, i) => i + 1);
    const result = await runLabParallel({ scenario, policies: selected.policies, seeds, threads: opts.threads ? Number(opts.threads) : undefined });
    if (report !== undefined) await writeOutputFile('--report', report, renderLabReport(result));
    return { stdout: opts.format === 'json' ? `${JSON.stringify(toJson(result), null, 2)}\n` : renderTable(result), stderr: '', exitCode: 0 };
  } catch (error) {
    if (isAppError(error)) return failure(error.code, error.message);
    throw error;
  }
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;
const iv = (i: Interval, digits = 4) => ({ mean: round(i.mean, digits), lo: round(i.lo, digits), hi: round(i.hi, digits) });

/** The JSON document of `--format json` (documented in docs/policy-lab.md). */
export function toJson(result: LabResult) {
  return {
    scenario: result.scenario,
    seeds: result.seeds.length,
    currency: result.currency,
    oracle: { cost: iv(result.oracle.cost, 2), poolSeats: iv(result.oracle.poolSeats, 2) },
    policies: result.policies.map((p) => ({
      id: p.id,
      name: p.name,
      cost: iv(p.cost, 2),
      costRatioToOracle: iv(p.costRatioToOracle),
      poolSeats: iv(p.poolSeats, 2),
      unmetDemandShare: iv(p.unmetDemandShare),
      gini: iv(p.gini),
      jain: iv(p.jain),
      tenureApprovalRatio: p.tenureApprovalRatio ? iv(p.tenureApprovalRatio) : null,
      churn: iv(p.churn),
      manualDecisionsPerMonth: iv(p.manualDecisionsPerMonth, 2),
      forecastError: iv(p.forecastError),
    })),
  };
}

function renderTable(result: LabResult): string {
  const isOneRun = result.seeds.length === 1;
  const f = (i: Interval | null, digits: number, scale = 1) => (!i ? 'n/a' : isOneRun ? (i.mean * scale).toFixed(digits) : `${(i.mean * scale).toFixed(digits)} [${(i.lo * scale).toFixed(digits)}, ${(i.hi * scale).toFixed(digits)}]`);
  const header = ['policy', 'cost (k$)', 'cost/oracle', 'seats', 'unmet', 'gini', 'jain', 'tenure ratio', 'churn', 'manual/mo', 'forecast err'];
  const rows = result.policies.map((p) => [
    `${p.id} ${p.name}`,
    f(p.cost, 1, 0.001),
    f(p.costRatioToOracle, 3),
    p.poolSeats.mean.toFixed(1),
    f(p.unmetDemandShare, 3),
    f(p.gini, 2),
    f(p.jain, 2),
    f(p.tenureApprovalRatio, 2),
    f(p.churn, 3),
    f(p.manualDecisionsPerMonth, 1),
    f(p.forecastError, 2),
  ]);
  const oracle = ['oracle (hindsight)', f(result.oracle.cost, 1, 0.001), '1.000', result.oracle.poolSeats.mean.toFixed(1), '0.000', '', '', '', '', '', ''];
  const all = [header, ...rows, oracle];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  const title = `Scenario ${result.scenario.id}: ${result.scenario.weeks} weeks from ${result.scenario.start}, ${isOneRun ? 'one run (no intervals)' : `${result.seeds.length} seeds; mean [95% interval]`}`;
  return `${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n${line(oracle)}\n`;
}

/** One line per input of a replay, so a reader can judge the answer (printed above the table). */
function renderReplayInputs(i: ReplayInputs): string {
  const lines = [
    `Replay of the organization's history: ${i.window.from} to ${i.window.to} (${i.window.weeks} weeks), warm-up from ${i.warmup.from} (${i.warmup.weeks} weeks)`,
    `${i.people} people, ${i.usageRows} usage rows, ${i.limitHitDays} limit-hit days, ${i.premiumSeats} premium seats today; project calendar: ${i.sprints} sprints from ${i.calendar === 'leases' ? 'the leases people asked for' : 'usage bursts (hindsight)'}`,
    ...i.notes.map((n) => `note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `seatwise simulate --replay`: the policies over the organization's own usage history ("what would P4
 * have cost us last quarter?"). Reads the database (or asks the running server); writes nothing.
 */
export async function runReplay(o: ReplayOptions): Promise<void> {
  if (o.format !== 'json' && o.format !== 'table') return reportCliError(new AppError('VALIDATION_FAILED', { message: `--format must be json or table (got ${JSON.stringify(o.format)})` }));
  const selected = selectPolicies(o.policies);
  if (!selected.ok) return reportCliError(new AppError('VALIDATION_FAILED', { message: `--policies: ${selected.message}` }));
  if (o.warmupWeeks !== undefined && !/^\d+$/.test(o.warmupWeeks)) return reportCliError(new AppError('VALIDATION_FAILED', { message: `--warmup-weeks must be a whole number of weeks (got ${JSON.stringify(o.warmupWeeks)})` }));
  if (o.calendar !== undefined && !['auto', 'leases', 'bursts'].includes(o.calendar)) return reportCliError(new AppError('VALIDATION_FAILED', { message: `--calendar must be auto, leases or bursts (got ${JSON.stringify(o.calendar)})` }));
  const argsOk = await argumentsOk(async () => {
    if (o.from !== undefined) isoDayOption('--from', o.from);
    if (o.to !== undefined) isoDayOption('--to', o.to);
    // A report file that cannot be written is named before the replay runs.
    if (o.report !== undefined) await checkOutputFile('--report', o.report);
  });
  if (!argsOk) return;
  const policies = selected.policies.map((p) => p.id);
  const input = {
    policies,
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {}),
    ...(o.warmupWeeks !== undefined ? { warmupWeeks: Number(o.warmupWeeks) } : {}),
    ...(o.calendar ? { calendar: o.calendar as 'auto' | 'leases' | 'bursts' } : {}),
  };
  const print = async (result: LabResult, inputs: ReplayInputs, report: () => Promise<string>) => {
    if (o.report) await writeOutputFile('--report', o.report, await report());
    process.stdout.write(o.format === 'json' ? `${JSON.stringify({ ...toJson(result), inputs }, null, 2)}\n` : `${renderReplayInputs(inputs)}${renderTable(result)}`);
  };
  await withRuntime(
    'simulate',
    async (runtime) => {
      const run = await replayOrgHistory(runtime.ctx, await cliActor(runtime), input);
      await print(run.result, run.inputs, async () => renderLabReport(run.result));
    },
    async (client) => {
      const run = (await client('POST', '/api/lab/replay', jsonBody(input))) as { result: LabResult; inputs: ReplayInputs; reportUrl: string };
      await print(run.result, run.inputs, async () => (await client('GET', run.reportUrl)) as string);
    },
  );
}

export function registerSimulateCommands(program: Command): void {
  program
    .command('simulate')
    .description('Policy lab: run policies P1–P6 on a synthetic company over many seeds and compare them with the hindsight oracle (no database)')
    .option('--scenario <name|file>', 'built-in scenario (seed-company, small-team) or a JSON/YAML file', 'seed-company')
    .option('--policies <list>', 'all, or a comma-separated list of P1…P6', 'all')
    .option('--seeds <n>', 'number of seeds (1…n)', '20')
    .option('--threads <n>', 'worker threads (default: available cores)')
    .option('--format <format>', 'output format: json | table', 'table')
    .option('--report <file>', 'also write an HTML report to FILE')
    .option('--replay', "replay the policies over the organization's own usage history instead of a scenario (reads the database)")
    .option('--from <day>', 'with --replay: first day of the window (a Monday; default: 13 whole weeks before the current one)')
    .option('--to <day>', 'with --replay: last day of the window (a Sunday; default: the last whole week)')
    .option('--warmup-weeks <n>', 'with --replay: weeks of history before the window for need scores and pool sizing (default 12)')
    .option('--calendar <source>', 'with --replay: project calendar from auto | leases | bursts (default auto)')
    .action(async (o: SimulateOptions & Omit<ReplayOptions, 'policies' | 'format' | 'report'> & { replay?: boolean }) => {
      if (o.replay) return runReplay(o);
      const replayOnly = (['from', 'to', 'warmupWeeks', 'calendar'] as const).find((k) => o[k] !== undefined);
      if (replayOnly) {
        process.stderr.write(`INVALID_OPTION: --${replayOnly.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} only applies with --replay\n`);
        process.exitCode = 1;
        return;
      }
      const out = await runSimulate(o);
      if (out.stdout) process.stdout.write(out.stdout);
      if (out.stderr) process.stderr.write(out.stderr);
      if (out.exitCode !== 0) process.exitCode = out.exitCode;
    });
}
