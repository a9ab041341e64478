import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZodError } from 'zod';
import { AppError } from '../../errors.ts';
import { runLab } from '../../sim/lab/lab.ts';
import { runLabParallel } from '../../sim/lab/parallel.ts';
import { LAB_POLICIES, type LabPolicy } from '../../sim/lab/policies.ts';
import type { LabResult, PolicyId } from '../../sim/lab/types.ts';
import { parseScenario, type Scenario } from '../../sim/scenarios/schema.ts';
import type { Actor, AppContext } from '../context.ts';
import { assertCanRunLab, MAX_SYNC_PERSON_DAYS, MAX_SYNC_SEEDS } from './access.ts';

const SCENARIO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../sim/scenarios');

const IN_THREAD_PERSON_DAYS = 50_000;

export type LabScenarioInfo = Readonly<{ id: string; name: string; description: string; people: number; weeks: number; warmupWeeks: number; start: string; maxSeeds: number }>;

/** Person-days one seed of a scenario simulates (warm-up included): the unit of the synchronous cap. */
export const personDaysPerSeed = (s: Scenario) => s.departments.reduce((n, d) => n + d.headcount, 0) * (s.horizon.warmupWeeks + s.horizon.weeks) * 7;

/** The built-in scenarios (src/sim/scenarios/*.json), with how many seeds fit a synchronous run. */
export async function listLabScenarios(): Promise<LabScenarioInfo[]> {
  const files = (await readdir(SCENARIO_DIR)).filter((f) => f.endsWith('.json')).sort();
  const scenarios = await Promise.all(files.map(async (f) => parseScenario(JSON.parse(await readFile(path.join(SCENARIO_DIR, f), 'utf8')))));
  return scenarios.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    people: s.departments.reduce((n, d) => n + d.headcount, 0),
    weeks: s.horizon.weeks,
    warmupWeeks: s.horizon.warmupWeeks,
    start: s.horizon.start,
    maxSeeds: Math.min(MAX_SYNC_SEEDS, Math.floor(MAX_SYNC_PERSON_DAYS / personDaysPerSeed(s))),
  }));
}

async function loadScenario(spec: string | Record<string, unknown>): Promise<Scenario> {
  if (typeof spec !== 'string') {
    try {
      return parseScenario(spec);
    } catch (e) {
      if (!(e instanceof ZodError)) throw e;
      throw new AppError('VALIDATION_FAILED', {
        message: `The inline scenario is invalid: ${e.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
        details: e.issues.map((i) => ({ path: ['body', 'scenario', ...i.path.map(String)].join('.'), message: i.message })),
      });
    }
  }
  if (!/^[a-z0-9-]+$/.test(spec)) throw unknownScenario(spec);
  try {
    return parseScenario(JSON.parse(await readFile(path.join(SCENARIO_DIR, `${spec}.json`), 'utf8')));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw unknownScenario(spec);
    throw e;
  }
}

const unknownScenario = (id: string) => new AppError('VALIDATION_FAILED', { message: `No built-in scenario "${id}"; GET /api/lab/scenarios lists them`, details: [{ path: 'body.scenario', message: 'unknown scenario' }] });

export const policiesOf = (ids: readonly PolicyId[] | undefined): LabPolicy[] => (ids?.length ? LAB_POLICIES.filter((p) => ids.includes(p.id)) : [...LAB_POLICIES]);

/**
 * Runs a small lab synchronously (seeds 1…n) for the web lab page and the API. Refuses a run larger
 * than MAX_SYNC_PERSON_DAYS with a message stating the size, the limit and the CLI command to use.
 * Pure computation: nothing is written, so nothing is audited.
 */
export async function simulateLab(_ctx: AppContext, actor: Actor, input: { scenario: string | Record<string, unknown>; policies?: readonly PolicyId[]; seeds?: number }): Promise<LabResult> {
  assertCanRunLab(actor);
  const scenario = await loadScenario(input.scenario);
  const seeds = input.seeds ?? 3;
  const perSeed = personDaysPerSeed(scenario);
  if (seeds > MAX_SYNC_SEEDS || perSeed * seeds > MAX_SYNC_PERSON_DAYS) {
    const people = perSeed / ((scenario.horizon.warmupWeeks + scenario.horizon.weeks) * 7);
    const fit = Math.min(MAX_SYNC_SEEDS, Math.floor(MAX_SYNC_PERSON_DAYS / perSeed));
    const cli = `seatwise simulate --scenario ${typeof input.scenario === 'string' ? input.scenario : 'FILE.json'} --seeds ${seeds} --report report.html`;
    throw new AppError('VALIDATION_FAILED', {
      message: `This run is too big to answer synchronously: ${people} people × ${perSeed / people} days × ${seeds} seeds = ${(perSeed * seeds).toLocaleString('en-US')} person-days; the limit is ${MAX_SYNC_PERSON_DAYS.toLocaleString('en-US')} person-days and ${MAX_SYNC_SEEDS} seeds${fit > 0 ? ` (at most ${fit} seed${fit === 1 ? '' : 's'} of this scenario)` : ''}. Run it with the CLI: ${cli}`,
      details: [{ path: 'body.seeds', message: `at most ${fit} seeds for this scenario (limit ${MAX_SYNC_PERSON_DAYS} person-days)` }],
    });
  }
  const policies = policiesOf(input.policies);
  const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
  // Small runs finish in well under a second in this thread; worker threads cost seconds to start (each
  // loads the TypeScript sources), so only bigger runs move off the event loop.
  if (perSeed * seeds <= IN_THREAD_PERSON_DAYS) return runLab({ scenario, policies, seeds: seedList });
  return runLabParallel({ scenario, policies, seeds: seedList, threads: Math.min(2, seeds) });
}
