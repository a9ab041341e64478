import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A real browser on a busy two-core machine (the suite runs files in parallel) needs headroom.
vi.setConfig({ testTimeout: 120_000 });
import type { Page } from 'playwright-core';
import { signInAt, startDemoApp, type DemoApp } from './browser.ts';

let app: DemoApp;
let page: Page;

beforeAll(async () => {
  app = await startDemoApp();
  const row = await app.db.handle.db
    .selectFrom('people as p')
    .innerJoin('roleGrants as g', 'g.personId', 'p.id')
    .select('p.name')
    .where('p.orgId', '=', app.orgId)
    .where('g.role', '=', 'primary_owner')
    .executeTakeFirstOrThrow();
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 1600 } });
  page = await signInAt(context, app.server.baseUrl, '/lab', row.name);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

async function expectResult(policyIds: readonly string[]) {
  const result = page.getByTestId('lab-result');
  await result.waitFor();
  const rows = page.getByTestId('lab-policy-row');
  expect(await rows.count()).toBe(policyIds.length);
  const texts = await rows.allInnerTexts();
  policyIds.forEach((id, i) => expect(texts[i]).toContain(id));
  // Each row shows a mean and, with several seeds, its interval.
  expect(texts[0]).toMatch(/\$[\d,]+/);
  // recharts: one scatter point per policy plus the oracle, with error bars; a line per policy plus the oracle.
  const frontier = page.getByTestId('lab-frontier-chart');
  await frontier.locator('.recharts-scatter-symbol').first().waitFor();
  expect(await frontier.locator('.recharts-scatter-symbol').count()).toBe(policyIds.length + 1);
  expect(await frontier.locator('.recharts-errorBar').count()).toBeGreaterThan(0);
  const cost = page.getByTestId('lab-cost-chart');
  await cost.locator('.recharts-line-curve').first().waitFor();
  expect(await cost.locator('.recharts-line-curve').count()).toBe(policyIds.length + 1);
  return result;
}

describe('policy lab page', () => {
  it('runs a small scenario with chosen policies and seeds, and links the HTML report', async () => {
    await page.getByRole('heading', { name: 'Policy lab' }).waitFor();
    await page.getByLabel('Scenario', { exact: true }).selectOption('small-team');
    await page.getByLabel('Seeds').fill('4');
    await page.getByRole('checkbox', { name: /P2/ }).uncheck();
    await page.getByRole('checkbox', { name: /P4/ }).uncheck();
    await page.getByRole('button', { name: 'Run' }).click();
    const result = await expectResult(['P1', 'P3', 'P5', 'P6']);
    expect(await result.innerText()).toContain('4 seeds, mean with 95% intervals');
    expect(await page.getByTestId('lab-metrics-table').innerText()).toMatch(/\[\$[\d,]+, \$[\d,]+\]/);
    await page.screenshot({ path: path.join(os.tmpdir(), 'seatwise-lab-scenario.png'), fullPage: true });

    const href = await page.getByTestId('lab-report-link').getAttribute('href');
    expect(href).toBe('/api/lab/report.html?scenario=small-team&seeds=4&policies=P1%2CP3%2CP5%2CP6');
    const report = await page.context().newPage();
    await report.goto(`${app.server.baseUrl}${href}`);
    await report.locator('svg.frontier').waitFor();
    expect(await report.locator('.card.policy').count()).toBe(4);
    await report.close();
  });

  it('replays our own history over a window and says what it used', async () => {
    await page.getByLabel('Our history (replay)').check();
    await page.getByRole('checkbox', { name: /P2/ }).check();
    await page.getByRole('checkbox', { name: /P4/ }).check();
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('lab-replay-inputs').waitFor();
    const result = await expectResult(['P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(await result.innerText()).toContain('Kestrel Devices usage history');
    expect(await page.getByTestId('lab-replay-inputs').innerText()).toMatch(/Replayed .* \(13 weeks, after 12 weeks of warm-up/);
    await page.screenshot({ path: path.join(os.tmpdir(), 'seatwise-lab-replay.png'), fullPage: true });

    const report = await page.context().newPage();
    await report.goto(`${app.server.baseUrl}${await page.getByTestId('lab-report-link').getAttribute('href')}`);
    await report.locator('svg.cost-over-time').waitFor();
    expect(await report.locator('h1').innerText()).toContain('Kestrel Devices usage history');
    expect(await report.locator('.card.policy').count()).toBe(6);
    await report.screenshot({ path: path.join(os.tmpdir(), 'seatwise-lab-replay-report.png'), fullPage: true });
    await report.close();
  });

  it('shows the server’s reason when a run is too big', async () => {
    await page.getByLabel('Synthetic scenario').check();
    await page.getByLabel('Scenario', { exact: true }).selectOption('seed-company');
    await page.getByLabel('Seeds').fill('30');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText(/too big to answer synchronously/).waitFor();
    expect(await page.getByText(/seatwise simulate --scenario seed-company --seeds 30/).count()).toBeGreaterThan(0);
  });
});
