import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A real browser on a busy two-core machine (the suite runs files in parallel) needs headroom.
vi.setConfig({ testTimeout: 120_000 });
import { startWebhookReceiver, type WebhookReceiver } from '../alerts/receivers.ts';
import { signInAt, startDemoApp, type DemoApp } from './browser.ts';

let app: DemoApp;
let hooks: WebhookReceiver;

beforeAll(async () => {
  app = await startDemoApp();
  hooks = await startWebhookReceiver();
}, 180_000);
afterAll(async () => {
  await hooks?.close();
  await app?.close();
});

const personWithRole = async (role: 'primary_owner' | 'dept_lead', departmentId?: string) => {
  const [id] = await app.db.ctx.repos.people.listIdsWithRole(app.orgId, [role], departmentId);
  return (await app.db.ctx.repos.people.findById(app.orgId, id!, new Date()))!;
};

describe('alerts page', () => {
  it('shows the demo company’s budget burn with its pace line, the surge alert, and lets the owner acknowledge it', async () => {
    const owner = await personWithRole('primary_owner');
    const context = await app.browser.newContext({ viewport: { width: 1360, height: 1000 } });
    const page = await signInAt(context, app.server.baseUrl, '/alerts', owner.name);
    const chart = page.getByTestId('burn-chart');
    await chart.locator('svg .recharts-area-curve').first().waitFor();
    // The organization's budget line and its straight pace line are drawn.
    await expect(chart.locator('svg .recharts-line-curve').count()).resolves.toBeGreaterThan(0);
    const figures = await page.getByTestId('burn-figures').innerText();
    expect(figures.toLowerCase()).toContain('spent to date');
    expect(figures).toMatch(/\d+(\.\d)?% of \$3,910/);

    // The demo's department surge (the organization's total shows one too).
    await page.getByTestId('alert-item').filter({ hasText: 'Cost surge in' }).first().waitFor();
    const surge = page.getByTestId('alert-item').filter({ hasText: 'Cost surge in' }).filter({ hasNotText: 'Organization ·' }).first();
    const surgeText = await surge.innerText();
    const surgesBefore = await page.getByTestId('alert-item').filter({ hasText: 'Cost surge in' }).count();
    expect(surgeText).toMatch(/Cost surge in [\w ]+ on \d{4}-\d{2}-\d{2}: [\d.]+× the usual/);
    expect(surgeText).toMatch(/critical/i);
    const department = /Cost surge in (\w[\w ]*?) on/.exec(surgeText)![1]!;

    // The department's own burn.
    await page.getByLabel('Budget', { exact: true }).selectOption({ label: department });
    await page.getByTestId('burn-figures').getByText(/of \$\d/).waitFor();
    await page.screenshot({ path: path.join(os.tmpdir(), 'seatwise-alerts-page.png'), fullPage: true });

    await surge.getByRole('button', { name: 'Acknowledge' }).click();
    await surge.getByPlaceholder('What was done (optional)').fill('CI retry loop stopped');
    await surge.getByRole('button', { name: 'Confirm' }).click();
    // Acknowledged alerts leave the "Open" list; they stay in "All" with who and why.
    await expect.poll(() => page.getByTestId('alert-item').filter({ hasText: `Cost surge in ${department} ` }).count()).toBe(0);
    expect(await page.getByTestId('alert-item').filter({ hasText: 'Cost surge in' }).count()).toBe(surgesBefore - 1);
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.getByText(`Acknowledged by ${owner.name}`).first().waitFor();
    expect(await page.getByTestId('alert-item').filter({ hasText: `Cost surge in ${department} ` }).first().innerText()).toContain('“CI retry loop stopped”');
    await context.close();
  });

  it('lets the owner add a webhook channel and send a test alert to it; a lead sees only their department and no channels', async () => {
    const owner = await personWithRole('primary_owner');
    const context = await app.browser.newContext({ viewport: { width: 1360, height: 1000 } });
    const page = await signInAt(context, app.server.baseUrl, '/alerts', owner.name);
    const channels = page.getByTestId('alert-channels');
    await channels.getByRole('button', { name: 'Add a channel' }).click();
    await channels.getByLabel('Name').fill('Finance room');
    await channels.getByLabel('Webhook URL').fill(hooks.url('/services/T1/B1/browser-secret'));
    await channels.getByRole('button', { name: /Add webhook channel/i }).click();
    await channels.getByRole('cell', { name: 'Finance room' }).waitFor();
    expect(await channels.innerText()).not.toContain('browser-secret');
    await channels.getByRole('button', { name: 'Send a test alert' }).click();
    await channels.getByText('Test alert: Finance room sent').waitFor();
    expect(hooks.received.map((h) => h.body.text)).toEqual(['Seatwise test alert']);
    await page.screenshot({ path: path.join(os.tmpdir(), 'seatwise-alerts-channels.png'), fullPage: true });
    await context.close();

    const software = (await app.db.ctx.repos.departments.findByName(app.orgId, 'Software'))!;
    const lead = await personWithRole('dept_lead', software.id);
    const leadContext = await app.browser.newContext({ viewport: { width: 1360, height: 1000 } });
    const leadPage = await signInAt(leadContext, app.server.baseUrl, '/alerts', lead.name);
    await leadPage.getByTestId('burn-chart').locator('svg .recharts-area-curve').first().waitFor();
    await leadPage.getByRole('button', { name: 'All', exact: true }).click();
    const items = leadPage.getByTestId('alert-item');
    await items.first().waitFor();
    for (const text of await items.allInnerTexts()) expect(text).toContain('Software');
    await expect(leadPage.getByTestId('alert-channels').count()).resolves.toBe(0);
    await leadContext.close();
  });
});
