import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../scenarios/schema.ts';
import { summarize, runSeed } from './lab.ts';
import type { LabPolicy } from './policies.ts';
import { LAB_POLICIES } from './policies.ts';
import type { LabResult, SeedRun } from './types.ts';

/**
 * Runs seeds in parallel on worker threads. Each worker starts from worker-entry.mjs, which registers
 * tsx's loader, so the TypeScript sources load without a build step. Results are
 * gathered in seed order, so the output does not depend on which worker finished first.
 */
export async function runLabParallel(input: { scenario: Scenario; policies: readonly LabPolicy[]; seeds: readonly number[]; threads?: number }): Promise<LabResult> {
  const threads = Math.max(1, Math.min(input.threads ?? os.availableParallelism(), input.seeds.length));
  if (threads === 1) return summarize(input.scenario, input.policies, input.seeds.map((s) => runSeed(input.scenario, input.policies, s)));
  const runs = await runSeedsOnWorkers({ scenario: input.scenario, policyIds: input.policies.map((p) => p.id), seeds: input.seeds, threads });
  return summarize(input.scenario, input.policies, runs);
}

/** Distributes seeds over `threads` workers (work queue); returns runs in the order of `seeds`. */
export async function runSeedsOnWorkers(input: { scenario: Scenario; policyIds: readonly string[]; seeds: readonly number[]; threads: number }): Promise<SeedRun[]> {
  const results = new Array<SeedRun>(input.seeds.length);
  let next = 0;
  const url = new URL('./worker-entry.mjs', import.meta.url);
  const work = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(url, { workerData: { scenario: input.scenario, policyIds: input.policyIds } });
      const feed = () => {
        if (next >= input.seeds.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const index = next++;
        worker.postMessage({ index, seed: input.seeds[index] });
      };
      worker.on('message', (m: { index: number; run: SeedRun }) => {
        results[m.index] = m.run;
        feed();
      });
      worker.on('error', reject);
      worker.on('online', feed);
    });
  await Promise.all(Array.from({ length: input.threads }, work));
  return results;
}

export const policiesById = (ids: readonly string[]): LabPolicy[] => ids.map((id) => LAB_POLICIES.find((p) => p.id === id)!);
