import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askOutOfCompliance } from '../../src/app/compliance/ask-out-of-compliance.ts';
import { evaluateCompliance } from '../../src/app/compliance/compliance.ts';
import type { Actor, AppContext } from '../../src/app/context.ts';
import { seedDemoCompany } from '../../src/app/demo/seed-demo-company.ts';
import { evaluateLease } from '../../src/app/leases/evaluate.ts';
import { requestLease } from '../../src/app/leases/request-lease.ts';
import { listRecommendations } from '../../src/app/usage/need.ts';
import { addDays, dayToDate, toDay } from '../../src/domain/dates.ts';
import { createRng } from '../../src/sim/rng.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';

// Acceptance test of fair governance: shuffling everyone's employment start date and title leaves every
// allocation decision, recommendation and compliance outcome unchanged, person by person.
// The demo company (usage, quotas, leases, the participation rule, an exemption) is seeded once, then
// cloned per permutation so each permutation replays the same requests on identical data.

const NOW = new Date('2026-11-27T10:00:00Z');
const PERMUTATION_SEEDS = [11, 23, 37, 41];

let seeded: TestDatabase;
let orgId: string;

beforeAll(async () => {
  seeded = await createTestDatabase({ now: () => NOW });
  orgId = (await seedDemoCompany(seeded.ctx)).orgId;
  // A template database must have no open connections.
  await seeded.handle.close();
}, 180_000);

afterAll(async () => {
  await seeded?.drop();
});

const cloneSeeded = () => createTestDatabase({ now: () => NOW, template: seeded.name });

/** Moves every person's employment start date and title to another person (a seeded permutation). */
async function permuteAttributes(ctx: AppContext, seed: number): Promise<number> {
  const people = await ctx.db.selectFrom('people').select(['id', 'employmentStartDate', 'title']).where('orgId', '=', orgId).orderBy('email').execute();
  const rng = createRng(seed);
  const order = people.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let moved = 0;
  for (const [i, p] of people.entries()) {
    const from = people[order[i]!]!;
    if (from.employmentStartDate !== p.employmentStartDate || from.title !== p.title) moved++;
    await ctx.db.updateTable('people').set({ employmentStartDate: from.employmentStartDate, title: from.title }).where('id', '=', p.id).execute();
  }
  return moved;
}

type Outcomes = Readonly<{
  hypothetical: Record<string, string>;
  requests: Record<string, string>;
  recommendations: Record<string, string>;
  compliance: Record<string, string>;
  asked: string[];
}>;

/** Everything the engine decides about people, keyed by email so runs on different clones compare. */
async function decideEverything(ctx: AppContext): Promise<Outcomes> {
  const operator: Actor = { kind: 'cli', orgId };
  const people = (await ctx.repos.people.list(orgId, { status: 'active' }, { limit: 1000, offset: 0 }, NOW)).items.slice().sort((a, b) => a.email.localeCompare(b.email));
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  const today = toDay(NOW);

  // 1. What the engine would decide if each person asked for a two-week lease next week.
  const hypothetical: Record<string, string> = {};
  for (const p of people.filter((x) => x.departmentId)) {
    const e = await ctx.transaction((repos) => evaluateLease(repos, { orgId, departmentId: p.departmentId!, startsAt: dayToDate(addDays(today, 7)), endsAt: dayToDate(addDays(today, 21)) }, { decidedBy: 'engine', now: NOW }));
    hypothetical[p.email] = `${e.decision.outcome}/${e.decision.rule}/${JSON.stringify(e.input)}`;
  }

  // 2. A burst of real requests from standard holders across departments, decided (and written) in order.
  const standard = people.filter((p) => p.currentTier === 'standard' && p.departmentId);
  const requests: Record<string, string> = {};
  for (const [i, p] of standard.filter((_, i) => i % 4 === 0).slice(0, 16).entries()) {
    const start = addDays(today, 2 + (i % 5));
    const { lease, decision } = await requestLease(ctx, operator, { personId: p.id, startsAt: dayToDate(start), endsAt: dayToDate(addDays(start, 14)), reason: `Sprint work ${i}`, project: i % 2 ? 'OTA-2' : null });
    requests[p.email] = `${lease.status}/${lease.queue ?? '-'}/${decision.outcome}/${decision.rule}`;
  }

  // 3. Need and rightsizing for everyone.
  const recommendations: Record<string, string> = {};
  for (const r of await listRecommendations(ctx, orgId)) recommendations[emailOf.get(r.personId)!] = `${r.recommendation?.kind ?? 'none'}/${r.graceReason ?? '-'}/${r.need.score}/${r.need.level}`;

  // 4. Compliance outcomes, and who the uniform consequence asks.
  const compliance: Record<string, string> = {};
  for (const o of (await evaluateCompliance(ctx.repos, orgId, NOW)).outcomes) compliance[o.email] = `${o.status}/${o.count}/${o.dueBy ?? '-'}`;
  const asked = (await askOutOfCompliance(ctx, operator)).asked.map((a) => emailOf.get(a.personId)!).sort();
  return { hypothetical, requests, recommendations, compliance, asked };
}

describe('metamorphic fairness: start dates and titles change nothing', () => {
  let baseline: Outcomes;

  beforeAll(async () => {
    const clone = await cloneSeeded();
    try {
      baseline = await decideEverything(clone.ctx);
    } finally {
      await clone.drop();
    }
  }, 180_000);

  it('the baseline exercises every kind of outcome', () => {
    const outcomes = new Set(Object.values(baseline.requests).map((r) => r.split('/')[2]));
    console.log('request outcomes', [...outcomes], 'recommendations', new Set(Object.values(baseline.recommendations).map((r) => r.split('/')[0])), 'compliance', new Set(Object.values(baseline.compliance).map((r) => r.split('/')[0])), 'asked', baseline.asked.length);
    expect(Object.keys(baseline.requests).length).toBeGreaterThanOrEqual(10);
    expect(outcomes.size).toBeGreaterThanOrEqual(2);
    expect(Object.values(baseline.recommendations).some((r) => !r.startsWith('none'))).toBe(true);
    expect(Object.values(baseline.compliance).some((r) => r.startsWith('out_of_compliance'))).toBe(true);
    expect(Object.values(baseline.compliance).some((r) => r.startsWith('compliant'))).toBe(true);
    expect(Object.values(baseline.compliance).some((r) => r.startsWith('exempt'))).toBe(true);
  });

  for (const seed of PERMUTATION_SEEDS) {
    it(`permutation ${seed}: every decision, recommendation and compliance outcome is identical per person`, async () => {
      const { ctx, drop } = await cloneSeeded();
      try {
        const moved = await permuteAttributes(ctx, seed);
        expect(moved).toBeGreaterThan(50);
        const permuted = await decideEverything(ctx);
        expect(permuted.hypothetical).toEqual(baseline.hypothetical);
        expect(permuted.requests).toEqual(baseline.requests);
        expect(permuted.recommendations).toEqual(baseline.recommendations);
        expect(permuted.compliance).toEqual(baseline.compliance);
        expect(permuted.asked).toEqual(baseline.asked);
      } finally {
        await drop();
      }
    }, 180_000);
  }
});
