import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A real browser on a busy machine (the suite runs files in parallel) needs headroom.
vi.setConfig({ testTimeout: 120_000 });
import { signInAt, snap, startDemoApp, type DemoApp } from './browser.ts';

let app: DemoApp;

beforeAll(async () => {
  app = await startDemoApp();
}, 120_000);
afterAll(async () => {
  await app?.close();
});


describe('the fairness audit in the web app', () => {
  it("renders the demo company's audit for the auditor, with tables, the chart and both exports", async () => {
    const { db, orgId, browser, server } = app;
    const auditor = (await db.ctx.repos.people.listWithRoles(orgId)).find((p) => p.roles.includes('auditor'))!;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await signInAt(context, server.baseUrl, '/fairness', auditor.name);

    const byDepartment = page.getByTestId('fairness-department');
    await byDepartment.getByTestId('fairness-row').first().waitFor();
    // Six departments, three-plus tenure bands, six job families: every person counted once per dimension.
    const departmentRows = await byDepartment.getByTestId('fairness-row').allInnerTexts();
    expect(departmentRows.map((r) => r.split('\t')[0]!.trim())).toEqual(['Electronics', 'Embedded', 'Operations', 'Project Management', 'Software', 'Systems']);
    const api = await page.evaluate(async () => (await fetch('/api/fairness?days=84')).json());
    const department = api.dimensions.find((d: any) => d.dimension === 'department');
    expect(department.rows.reduce((n: number, r: any) => n + r.people, 0)).toBe(100);
    const tenureRows = await page.getByTestId('fairness-tenureBand').getByTestId('fairness-row').count();
    expect(tenureRows).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId('fairness-jobFamily').getByTestId('fairness-row').count()).resolves.toBe(6);
    // The flag counter on the page is the API's.
    expect(await page.getByTestId('fairness-flag-count').innerText()).toContain(String(api.flagCount));
    // The chart draws one dot per department.
    await page.locator('.fairness-chart .recharts-scatter-symbol').first().waitFor();
    await expect(page.locator('.fairness-chart .recharts-scatter-symbol').count()).resolves.toBe(6);
    await snap(page, 'fairness-page');

    // CSV export: one line per group plus the header.
    const csv = await page.evaluate(async () => {
      const r = await fetch(document.querySelector<HTMLAnchorElement>('a[download]')!.href);
      return { type: r.headers.get('content-type'), text: await r.text() };
    });
    expect(csv.type).toContain('text/csv');
    const groups = api.dimensions.reduce((n: number, d: any) => n + d.rows.length, 0);
    expect(csv.text.trim().split('\r\n')).toHaveLength(groups + 1);

    // The printable report opens in a new tab and renders the same groups.
    const [report] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Printable report' }).click()]);
    await report.waitForLoadState();
    expect(await report.title()).toContain('Fairness audit');
    expect(await report.locator('section').count()).toBe(3);
    expect(await report.locator('tbody tr').count()).toBe(groups);
    await report.emulateMedia({ media: 'print' });
    await expect(report.getByRole('button', { name: 'Print' }).isVisible()).resolves.toBe(false);
    await snap(report, 'fairness-report-print');
    await report.emulateMedia({ media: 'screen' });
    await context.close();
  });
});
