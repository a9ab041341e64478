import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A real browser on a busy two-core machine (the suite runs files in parallel) needs headroom.
vi.setConfig({ testTimeout: 120_000 });
import { signInAt, snap, startDemoApp, type DemoApp } from './browser.ts';

let app: DemoApp;

beforeAll(async () => {
  app = await startDemoApp();
}, 180_000);
afterAll(async () => {
  await app?.close();
});

async function memberOf(department: string, skip = 0) {
  const now = new Date();
  const dept = (await app.db.ctx.repos.departments.listWithStats(app.orgId, now)).find((d) => d.name === department)!;
  const people = await app.db.ctx.repos.people.list(app.orgId, { departmentId: dept.id }, { limit: 100, offset: 0 }, now);
  return people.items.filter((p) => p.status === 'active' && p.roles.every((r) => r === 'member'))[skip]!;
}

describe('governance in the web app', () => {
  it('a member shares a use case through the form (fixing a field error) and finds it by search; another person says "I use this too"', async () => {
    const author = await memberOf('Embedded');
    const colleague = await memberOf('Software', 1);
    const c1 = await app.browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await signInAt(c1, app.server.baseUrl, '/use-cases', author.name);
    await page.getByRole('heading', { name: /Library/ }).waitFor();
    await snap(page, 'use-cases');

    await page.getByRole('button', { name: 'Share a use case' }).click();
    const form = page.getByRole('form', { name: 'Share a use case' });
    await form.getByLabel('Title').fill('Watchdog tuning notes');
    await form.getByLabel('Task', { exact: true }).fill('Tune watchdog timeouts for the sensor hub firmware');
    await form.getByLabel('Time saved (minutes a week)').fill('an hour');
    await form.getByLabel('Tags').fill('firmware, watchdog');
    await form.getByRole('button', { name: 'Share use case' }).click();
    await expect.poll(() => form.getByText('Whole minutes, e.g. 90').isVisible()).toBe(true);
    await snap(page, 'use-cases-form-error');
    await form.getByLabel('Time saved (minutes a week)').fill('45');
    await form.getByRole('button', { name: 'Share use case' }).click();
    await page.getByRole('status').filter({ hasText: 'Shared “Watchdog tuning notes”. Thank you!' }).waitFor({ state: 'attached' });

    await page.getByPlaceholder('Words in title, task, tools…').fill('watchd');
    const card = page.getByRole('article', { name: 'Watchdog tuning notes' });
    await card.waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(1);
    await expect.poll(() => card.textContent()).toMatch(/Shared by\s*you/);
    await snap(page, 'use-cases-search');
    await c1.close();

    const c2 = await app.browser.newContext({ viewport: { width: 1360, height: 900 } });
    const other = await signInAt(c2, app.server.baseUrl, '/use-cases', colleague.name);
    await other.getByPlaceholder('Words in title, task, tools…').fill('watchdog tuning');
    const theirCard = other.getByRole('article', { name: 'Watchdog tuning notes' });
    await theirCard.waitFor();
    await theirCard.getByRole('button', { name: /I use this too/ }).click();
    await theirCard.getByRole('button', { name: /I use this · 1/ }).waitFor();
    await c2.close();

    const stored = await app.db.ctx.repos.governance.listUseCases(app.orgId, { tsQuery: 'watchdog:*' }, { limit: 5, offset: 0 }, colleague.id);
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0]).toMatchObject({ authorId: author.id, users: 1, isUsing: true, tags: ['firmware', 'watchdog'], minutesSavedPerWeek: 45 });
  });

  it('a member answers the open survey; an admin sees results and the compliance report', async () => {
    const open = (await app.db.ctx.repos.governance.listCampaigns(app.orgId, null, { status: 'open' }))[0]!;
    const answered = new Set((await app.db.ctx.repos.governance.listResponses(open.id)).map((r) => r.personId));
    const member = (await app.db.ctx.repos.people.list(app.orgId, { status: 'active' }, { limit: 200, offset: 0 }, new Date())).items.find((p) => p.roles.every((r) => r === 'member') && !answered.has(p.id))!;
    const c1 = await app.browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await signInAt(c1, app.server.baseUrl, '/surveys', member.name);
    const form = page.getByRole('form', { name: /Answer Next quarter/ });
    await form.waitFor();
    await form.getByRole('button', { name: 'Send my answers' }).click();
    await form.getByText('Please answer this question').waitFor();
    await form.getByLabel(/How many hours/).fill('5');
    await form.getByLabel('Documentation').check();
    await form.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByRole('status').filter({ hasText: 'Thanks! Your answers to “Next quarter: demand survey” are in.' }).waitFor({ state: 'attached' });
    await form.getByRole('button', { name: 'Update my answers' }).waitFor();
    const stored = await app.db.ctx.repos.governance.findResponse(open.id, member.id);
    expect(stored).toMatchObject({ weeklyHours: '5.00', answers: { weekly_hours: 5, main_tasks: ['Documentation'] } });
    await snap(page, 'surveys-member');
    await c1.close();

    const adminId = (await app.db.ctx.repos.people.listIdsWithRole(app.orgId, ['admin']))[0]!;
    const admin = (await app.db.ctx.repos.people.findById(app.orgId, adminId, new Date()))!;
    const c2 = await app.browser.newContext({ viewport: { width: 1360, height: 900 } });
    const adminPage = await signInAt(c2, app.server.baseUrl, '/surveys', admin.name);
    await adminPage.getByRole('heading', { name: 'Results by department' }).waitFor();
    await adminPage.getByRole('table', { name: 'Survey results by department' }).waitFor();
    await snap(adminPage, 'surveys-admin');
    await adminPage.goto(`${app.server.baseUrl}/compliance`);
    await adminPage.getByRole('heading', { name: /Who needs to act/ }).waitFor();
    await adminPage.getByText(/Seconded to the customer site/).waitFor();
    await snap(adminPage, 'compliance');
    await c2.close();
  });
});
