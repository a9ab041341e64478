import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getComplianceReport } from '../../src/app/compliance/compliance.ts';
import { seedDemoCompany } from '../../src/app/demo/seed-demo-company.ts';
import { listCampaigns } from '../../src/app/surveys/campaigns.ts';
import { getSurveyResults } from '../../src/app/surveys/results.ts';
import { listUseCases } from '../../src/app/use-cases/list-use-cases.ts';
import type { Actor } from '../../src/app/context.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';

let db: TestDatabase;
let operator: Actor;

beforeAll(async () => {
  db = await createTestDatabase({ now: () => new Date('2026-11-27T10:00:00Z') });
  const started = Date.now();
  const { orgId } = await seedDemoCompany(db.ctx);
  console.log(`demo company with governance data seeded in ${Date.now() - started} ms`);
  operator = { kind: 'cli', orgId };
}, 180_000);
afterAll(async () => {
  await db?.drop();
});

describe('governance demo data', () => {
  it('has 20 use cases across every department, with votes', async () => {
    const page = await listUseCases(db.ctx, operator, { limit: 100 });
    expect(page.total).toBe(20);
    expect(new Set(page.items.map((u) => u.departmentName)).size).toBe(6);
    expect(page.items.reduce((s, u) => s + u.upvotes, 0)).toBeGreaterThan(40);
    expect(page.items.some((u) => u.users > 0)).toBe(true);
  });

  it('has a closed survey of last quarter that under-predicts real use 3–5× in every department', async () => {
    const campaigns = await listCampaigns(db.ctx, operator);
    expect(campaigns.map((c) => c.status)).toEqual(['open', 'closed']);
    const past = campaigns[1]!;
    const results = await getSurveyResults(db.ctx, operator, past.id);
    expect(results.estimates).toHaveLength(6);
    const ratios: Record<string, number> = {};
    for (const e of results.estimates) {
      const rows = await db.ctx.db.selectFrom('usageDaily as u').innerJoin('people as p', 'p.id', 'u.personId').where('p.departmentId', '=', e.departmentId).where('u.day', '>=', e.periodStart).where('u.day', '<', e.periodEnd).select((eb) => eb.fn.sum<string>('u.costUsd').as('cost')).executeTakeFirstOrThrow();
      const actualMonthly = (Number(rows.cost) / 91) * (365 / 12);
      ratios[e.departmentName] = Math.round((actualMonthly / Number(e.estimatedMonthlyUsd)) * 100) / 100;
    }
    console.log('actual / surveyed per department', ratios, 'rate', past.usdPerHour, past.rateSource);
    for (const r of Object.values(ratios)) {
      expect(r).toBeGreaterThan(2.5);
      expect(r).toBeLessThan(6);
    }
  });

  it('turns the participation rule on with one exemption and someone out of compliance', async () => {
    const { rule, report, people, exemptions } = await getComplianceReport(db.ctx, operator);
    console.log('compliance totals', report.totals);
    expect(rule.isEnabled).toBe(true);
    expect(exemptions).toHaveLength(1);
    expect(exemptions[0]!.reason).toMatch(/Seconded/);
    expect(people.filter((p) => p.status === 'out_of_compliance').length).toBeGreaterThanOrEqual(1);
    expect(people.filter((p) => p.status === 'compliant').length).toBeGreaterThanOrEqual(3);
  });

  it('gives everyone a title', async () => {
    const untitled = await db.ctx.db.selectFrom('people').select('id').where('title', 'is', null).execute();
    expect(untitled).toEqual([]);
  });
});
