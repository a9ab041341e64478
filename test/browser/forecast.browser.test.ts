import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 120_000 });
import { signInAt, startDemoApp, type DemoApp } from './browser.ts';

let app: DemoApp;

beforeAll(async () => {
  app = await startDemoApp();
}, 120_000);
afterAll(async () => {
  await app?.close();
});

async function ownerName(): Promise<string> {
  const row = await app.db.handle.db
    .selectFrom('people as p')
    .innerJoin('roleGrants as g', 'g.personId', 'p.id')
    .select('p.name')
    .where('p.orgId', '=', app.orgId)
    .where('g.role', '=', 'primary_owner')
    .executeTakeFirstOrThrow();
  return row.name;
}

const dollars = (text: string) => Number(/\$([\d,]+)/.exec(text)?.[1]?.replace(/,/g, '') ?? Number.NaN);

describe('forecast page', () => {
  it('shows the demo company’s fan chart, monthly cost table and plan answer to the owner', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 1500 } });
    const page = await signInAt(context, app.server.baseUrl, '/forecast', await ownerName());

    const chart = page.getByTestId('forecast-fan-chart');
    await chart.waitFor();
    // recharts draws the band as an area path and history/median as line curves.
    expect(await chart.locator('.recharts-area-area').count()).toBeGreaterThan(0);
    expect(await chart.locator('.recharts-line-curve').count()).toBeGreaterThanOrEqual(2);

    const table = page.getByTestId('forecast-table');
    await table.waitFor();
    const orgCells = table.locator('[data-testid^="forecast-org-"]');
    expect(await orgCells.count()).toBe(3);
    // The demo's Team bill is 88 standard × $25 + 12 premium × $100 = $3,400 a month before extra usage:
    // each month's median must be at least that and not wildly above it.
    for (const text of await orgCells.allInnerTexts()) {
      const p50 = dollars(text);
      expect(p50).toBeGreaterThanOrEqual(3400);
      expect(p50).toBeLessThan(6000);
    }
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(6 + 1);

    const answer = page.getByTestId('plan-answer');
    await answer.waitFor();
    expect(await answer.innerText()).toMatch(/^(Stay on Team|Switch to )/);
    expect(await page.getByTestId('plan-table').locator('tbody tr').count()).toBe(4);

    // The model line names the damped trend and the holiday calendar.
    expect(await page.getByText(/damped so it fades within weeks/).count()).toBe(1);
    // The survey correction section shows the learned ratio once surveyed periods have usage.
    const survey = page.getByRole('region', { name: 'Survey correction' });
    await survey.waitFor();
    const surveyText = await survey.innerText();
    if (!surveyText.includes('not yet')) expect(surveyText).toMatch(/× \d+\.\d\d across the organization/);

    // Switching the chart to a department redraws it.
    await page.getByRole('combobox', { name: 'Department' }).selectOption('Software');
    await page.getByRole('heading', { name: /Software/ }).waitFor();
    await page.screenshot({ path: path.join(os.tmpdir(), 'seatwise-forecast.png'), fullPage: true });
    await context.close();
  });
});
