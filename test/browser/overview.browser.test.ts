import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A real browser on a busy two-core machine (the suite runs files in parallel) needs headroom.
vi.setConfig({ testTimeout: 120_000 });
import type { Browser } from 'playwright-core';
import { listDemoUsers } from '../../src/app/auth/auth.ts';
import type { TestDatabase } from '../db.ts';
import type { TestServer } from '../http.ts';
import { signInAt, startDemoApp, type DemoApp } from './browser.ts';

let db: TestDatabase;
let server: TestServer;
let browser: Browser;
let app: DemoApp;

beforeAll(async () => {
  app = await startDemoApp();
  ({ db, server, browser } = app);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

describe('web app', () => {
  it('signs in as a demo user and shows the overview of the demo company', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL('**/login');
    await page.getByText(/demo mode/i).first().waitFor();

    const lead = (await db.ctx.repos.people.findByEmail((await db.ctx.repos.organizations.findPrimary())!.id, 'mara.silva@kestrel.example'))!;
    await page.getByRole('button', { name: new RegExp(`Sign in as ${lead.name}`) }).click();
    await page.waitForURL((url) => url.pathname === '/');

    const overview = page.getByTestId('overview');
    await overview.waitFor();
    await overview.getByRole('heading', { name: 'Kestrel Devices' }).waitFor();
    const rows = page.getByTestId('departments-table').locator('tbody tr');
    await rows.nth(5).waitFor();
    await expect(rows.count()).resolves.toBe(6);
    const text = await overview.innerText();
    for (const department of ['Electronics', 'Embedded', 'Software', 'Systems', 'Project Management', 'Operations']) expect(text).toContain(department);
    expect(text).toContain('$3,520');
    expect(text).toContain(lead.name);
    await page.close();
  });

  it('says why a page could not be loaded, keeps the app around it, and recovers on the next page', async () => {
    const [first] = await listDemoUsers(db.ctx);
    const context = await browser.newContext();
    // The "My usage" page's code cannot be fetched, as after an update that replaced the old chunks.
    await context.route(/\/assets\/MyUsagePage-[^/]+\.js$/, (route) => route.abort());
    const page = await signInAt(context, server.baseUrl, '/people', first!.name);
    await page.getByTestId('people-table').waitFor();
    await page.getByRole('link', { name: 'My usage', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Reloading fetches the current version/);
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByTestId('people-table').waitFor();
    await expect(alert.count()).resolves.toBe(0);
    await context.close();
  });

  it('searches people by name', async () => {
    // The first person the login page lists.
    const [first] = await listDemoUsers(db.ctx);
    const context = await browser.newContext();
    const page = await signInAt(context, server.baseUrl, '/people', first!.name);
    const table = page.getByTestId('people-table');
    await table.locator('tbody tr').nth(49).waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(50);
    await page.getByRole('searchbox').or(page.getByLabel(/search/i)).first().fill('mara');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="people-table"] tbody tr').length < 50);
    const names = await table.locator('tbody tr').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    for (const row of names) expect(row.toLowerCase()).toContain('mara');
    await context.close();
  });
});
