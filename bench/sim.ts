// Policy-lab throughput: 100,000 employees × 365 days × 5 policies (P1–P5), seeds in parallel on worker
// threads. A Team plan is bought per organization (and caps well below 100k seats), so the workforce is
// simulated as business units of the seed company (~100 people each, one premium pool per unit), one
// seed per unit. Prints person-days per second and `ratio: X` = 30 s / elapsed (goal X >= 1 on 2 cores).
// `--employees N` runs a smaller workforce and also prints the time extrapolated to 100,000.
import os from 'node:os';
import seedCompany from '../src/sim/scenarios/seed-company.json' with { type: 'json' };
import { runSeedsOnWorkers } from '../src/sim/lab/parallel.ts';
import { parseScenario } from '../src/sim/scenarios/schema.ts';

const TARGET = 100_000;
const arg = process.argv.indexOf('--employees');
const employees = arg > 0 ? Number(process.argv[arg + 1]) : TARGET;
const scenario = parseScenario({ ...seedCompany, horizon: { ...seedCompany.horizon, weeks: 53 } });
const unitSize = scenario.departments.reduce((n, d) => n + d.headcount, 0);
const units = Math.ceil(employees / unitSize);
const policyIds = ['P1', 'P2', 'P3', 'P4', 'P5'];
const threads = os.availableParallelism();

const started = performance.now();
const runs = await runSeedsOnWorkers({ scenario, policyIds, seeds: Array.from({ length: units }, (_, i) => i + 1), threads });
const elapsed = (performance.now() - started) / 1000;

const days = scenario.horizon.weeks * 7;
const personDays = units * unitSize * days * policyIds.length;
const extrapolated = elapsed * (TARGET / (units * unitSize));
console.log(`employees: ${units * unitSize} (${units} units of ${unitSize}; ${runs.reduce((n, r) => n + r.people, 0)} with hires)`);
console.log(`days: ${days}, policies: ${policyIds.length}, threads: ${threads}`);
console.log(`elapsed: ${elapsed.toFixed(2)} s`);
console.log(`person-days per second: ${Math.round(personDays / elapsed).toLocaleString('en-US')}`);
if (units * unitSize < TARGET) console.log(`extrapolated to ${TARGET.toLocaleString('en-US')} employees: ${extrapolated.toFixed(1)} s`);
console.log(`ratio: ${(30 / extrapolated).toFixed(3)}`);
