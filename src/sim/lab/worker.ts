import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../scenarios/schema.ts';
import { runSeed } from './lab.ts';
import { policiesById } from './parallel.ts';

// Worker entry of runSeedsOnWorkers: runs one seed per message and posts the SeedRun back.
const { scenario, policyIds } = workerData as { scenario: Scenario; policyIds: string[] };
const policies = policiesById(policyIds);
parentPort!.on('message', (m: { index: number; seed: number }) => {
  parentPort!.postMessage({ index: m.index, run: runSeed(scenario, policies, m.seed) });
});
