// Policy-lab throughput: 100,000 employees × 365 days × 5 policies (P1–P5), seeds in parallel on worker
// threads. A Team plan is bought per organization (and caps well below 100k seats), so the workforce is
// simulated as business units of the seed company (~100 people each, one premium pool per unit), one
// seed per unit. Prints person-days per second and `ratio: X` = 30 s / elapsed (goal X >= 1 on 2 cores).
// `--employees N` runs a smaller workforce and also prints the time extrapolated to 100,000;
// `--threads N` sets the worker threads (default: the available cores). The CPU time of the whole run
// (all threads) is printed too: on a busy machine it shows how much of the wall time was waiting.
import os from 'node:os';
import seedCompany from '../src/sim/scenarios/seed-company.json' with { type: 'json' };
import { runSeedsOnWorkers } from '../src/sim/lab/parallel.ts';
import { parseScenario } from '../src/sim/scenarios/schema.ts';

const TARGET = 100_000;
const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};
const employees = flag('--employees') ?? TARGET;
const threads = flag('--threads') ?? os.availableParallelism();
const scenario = parseScenario({ ...seedCompany, horizon: { ...seedCompany.horizon, weeks: 53 } });
const unitSize = scenario.departments.reduce((n, d) => n + d.headcount, 0);
const units = Math.ceil(employees / unitSize);
const policyIds = ['P1', 'P2', 'P3', 'P4', 'P5'];

const cpuBefore = process.cpuUsage();
const started = performance.now();
const runs = await runSeedsOnWorkers({ scenario, policyIds, seeds: Array.from({ length: units }, (_, i) => i + 1), threads });
const elapsed = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

const days = scenario.horizon.weeks * 7;
const personDays = units * unitSize * days * policyIds.length;
const extrapolated = elapsed * (TARGET / (units * unitSize));
console.log(`employees: ${units * unitSize} (${units} units of ${unitSize}; ${runs.reduce((n, r) => n + r.people, 0)} with hires)`);
console.log(`days: ${days}, policies: ${policyIds.length}, threads: ${threads} (cores: ${os.availableParallelism()}, load average: ${os.loadavg()[0]!.toFixed(1)})`);
console.log(`elapsed: ${elapsed.toFixed(2)} s`);
console.log(`cpu: ${cpuSeconds.toFixed(2)} s over all threads (${((1000 * cpuSeconds) / units).toFixed(1)} ms per unit)`);
console.log(`person-days per second: ${Math.round(personDays / elapsed).toLocaleString('en-US')}`);
if (units * unitSize < TARGET) console.log(`extrapolated to ${TARGET.toLocaleString('en-US')} employees: ${extrapolated.toFixed(1)} s`);
console.log(`ratio: ${(30 / extrapolated).toFixed(3)}`);
