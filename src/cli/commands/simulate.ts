import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { ZodError } from 'zod';
import { runLabParallel } from '../../sim/lab/parallel.ts';
import { selectPolicies } from '../../sim/lab/policies.ts';
import type { Interval, LabResult } from '../../sim/lab/types.ts';
import { renderLabReport } from '../../sim/report.ts';
import { parseScenario, type Scenario } from '../../sim/scenarios/schema.ts';

/**
 * `seatwise simulate`: the policy lab from the command line. Pure like `quota apportion`: it opens no
 * database. Built-in scenarios are the files in src/sim/scenarios/; `--scenario` also takes a path to a
 * JSON or YAML file.
 */
export type SimulateOptions = { scenario: string; policies: string; seeds: string; format: string; threads?: string; report?: string };
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
  const seeds = Array.from({ length: Number(opts.seeds) }, (_, i) => i + 1);
  const result = await runLabParallel({ scenario, policies: selected.policies, seeds, threads: opts.threads ? Number(opts.threads) : undefined });
  if (opts.report) await writeFile(opts.report, renderLabReport(result));
  return { stdout: opts.format === 'json' ? `${JSON.stringify(toJson(result), null, 2)}\n` : renderTable(result), stderr: '', exitCode: 0 };
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
  const f = (i: Interval | null, digits: number, scale = 1) => (i ? `${(i.mean * scale).toFixed(digits)} [${(i.lo * scale).toFixed(digits)}, ${(i.hi * scale).toFixed(digits)}]` : 'n/a');
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
  const title = `Scenario ${result.scenario.id}: ${result.scenario.weeks} weeks from ${result.scenario.start}, ${result.seeds.length} seeds; mean [95% interval]`;
  return `${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n${line(oracle)}\n`;
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
    .action(async (o: SimulateOptions) => {
      const out = await runSimulate(o);
      if (out.stdout) process.stdout.write(out.stdout);
      if (out.stderr) process.stderr.write(out.stderr);
      if (out.exitCode !== 0) process.exitCode = out.exitCode;
    });
}
