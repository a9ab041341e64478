import { describe, expect, it } from 'vitest';
import seedCompany from '../../src/sim/scenarios/seed-company.json' with { type: 'json' };
import smallTeam from '../../src/sim/scenarios/small-team.json' with { type: 'json' };
import { parseScenario } from '../../src/sim/scenarios/schema.ts';
import { runCli } from '../cli/run-cli.ts';
import { fingerprintSeed } from './fingerprint.ts';
import fingerprints from './fixtures/lab-fingerprints.json' with { type: 'json' };
import smallTeamJson from './fixtures/small-team-2-seeds.json' with { type: 'json' };

/**
 * The fast simulator decides exactly as the one it replaced: the fixtures were recorded before the
 * speed work (string-date engine calls, day-by-day budget costing) and every run must reproduce them —
 * who held premium in which week of every policy and seed, the hand-made decisions and the metrics.
 */
const scenarios = {
  'seed-company': parseScenario(seedCompany),
  'seed-company-53-weeks': parseScenario({ ...seedCompany, horizon: { ...seedCompany.horizon, weeks: 53 } }),
  'small-team': parseScenario(smallTeam),
};

describe('policy lab determinism across the speed work', () => {
  for (const [name, runs] of Object.entries(fingerprints)) {
    it(`reproduces every policy's premium grid and metrics on ${name} (seeds ${runs.map((r) => r.seed).join(', ')})`, () => {
      const scenario = scenarios[name as keyof typeof scenarios];
      for (const expected of runs) expect(fingerprintSeed(scenario, expected.seed)).toEqual(expected);
    }, 60_000);
  }

  it('prints the same `simulate --scenario small-team --seeds 2 --format json` document', async () => {
    const out = await runCli(['simulate', '--scenario', 'small-team', '--seeds', '2', '--format', 'json'], {});
    expect(out.code).toBe(0);
    // Fields added to the document later are allowed; every recorded field must be unchanged.
    expect(JSON.parse(out.stdout)).toMatchObject(smallTeamJson);
  }, 120_000);
});
