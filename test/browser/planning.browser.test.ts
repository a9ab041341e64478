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

describe('department planning in the web app', () => {
  it("a member shares a use case, the lead sees it and adjusts the proposal, the owner approves and the quota changes with an audit entry", async () => {
    const { db, orgId, browser, server } = app;
    const now = new Date();
    const software = (await db.ctx.repos.departments.listWithStats(orgId, now)).find((d) => d.name === 'Software')!;
    const lead = software.leads[0]!;
    const everyone = await db.ctx.repos.people.listWithRoles(orgId);
    const member = everyone.find((p) => p.departmentId === software.id && p.roles.length === 1 && p.roles[0] === 'member')!;
    const owner = everyone.find((p) => p.roles.includes('owner'))!;
    const before = (await db.ctx.repos.allocation.listQuotas(orgId)).find((q) => q.departmentId === software.id)!;
    expect(before.nominalPremium).toBeGreaterThan(0);

    // The member shares a use case through the use-case library's form.
    const memberContext = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const memberPage = await signInAt(memberContext, server.baseUrl, '/use-cases', member.name);
    await memberPage.getByRole('button', { name: 'Share a use case' }).click();
    const shareForm = memberPage.getByRole('form', { name: 'Share a use case' });
    await shareForm.getByLabel('Title').fill('Reviewing CAN bus drivers with Claude');
    await shareForm.getByLabel('Task', { exact: true }).fill('Ask for a review of driver changes before the hardware-in-the-loop run');
    await shareForm.getByLabel('Time saved (minutes a week)').fill('90');
    await shareForm.getByLabel('Tags').fill('embedded, review');
    await shareForm.getByRole('button', { name: 'Share use case' }).click();
    await memberPage.getByRole('status').filter({ hasText: 'Shared “Reviewing CAN bus drivers with Claude”' }).waitFor({ state: 'attached' });
    const mine = await db.ctx.repos.governance.listUseCases(orgId, { authorId: member.id, sort: 'new' }, { limit: 5, offset: 0 }, null);
    expect(mine.items[0]).toMatchObject({ title: 'Reviewing CAN bus drivers with Claude', departmentId: software.id });

    // The lead's planning view shows it, with the engine's proposal and its reasons.
    const leadContext = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const leadPage = await signInAt(leadContext, server.baseUrl, '/planning', lead.name);
    const view = leadPage.getByTestId('planning-view');
    await view.getByText('Software ·').first().waitFor();
    await leadPage.getByTestId('planning-use-cases').getByText('Reviewing CAN bus drivers with Claude').waitFor();
    expect(await leadPage.getByTestId('planning-use-cases').innerText()).toContain(member.name);
    const proposal = leadPage.getByTestId('planning-proposal');
    expect(await proposal.innerText()).toContain('high-need people');
    // Leads do not get the owner's approval panel.
    expect(await leadPage.getByTestId('planning-approvals').count()).toBe(0);

    // The lead adjusts next quarter's quota down by one, with a reason.
    const target = before.nominalPremium - 1;
    const form = leadPage.getByTestId('planning-adjust-form');
    await form.getByLabel('Premium seats').fill(String(target));
    await form.getByLabel('Monthly budget (USD)').fill('2500');
    await form.getByRole('button', { name: 'Submit adjusted proposal' }).click();
    await leadPage.getByRole('alert').getByText(/needs a reason/).waitFor();
    await form.getByLabel('Reason for the adjustment').fill('Two engineers move to Embedded in January');
    await form.getByRole('button', { name: 'Submit adjusted proposal' }).click();
    await leadPage.getByText(`${target} premium seats, $2,500 a month`).waitFor();
    await snap(leadPage, 'planning-lead');

    // The owner approves it in the approvals panel.
    const ownerContext = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const ownerPage = await signInAt(ownerContext, server.baseUrl, '/planning', owner.name);
    const panel = ownerPage.getByTestId('planning-approvals');
    const row = panel.getByTestId('proposal-row').filter({ hasText: 'Software' });
    await row.waitFor();
    expect(await row.innerText()).toContain('Two engineers move to Embedded in January');
    await panel.getByLabel('Note (recorded in the audit log)').fill('Q1 planning review');
    await panel.getByRole('button', { name: 'Preview changes' }).click();
    await panel.getByTestId('planning-diff').getByText('Preview — nothing written yet.').waitFor();
    expect((await db.ctx.repos.allocation.listQuotas(orgId)).find((q) => q.departmentId === software.id)!.nominalPremium).toBe(before.nominalPremium);
    await panel.getByRole('button', { name: 'Apply decisions' }).click();
    await panel.getByTestId('planning-diff').getByText('Applied.').waitFor();
    expect(await panel.getByTestId('planning-diff').innerText()).toContain(`Software: approved · premium ${before.nominalPremium} → ${target}`);
    await snap(ownerPage, 'planning-owner');

    // The quota and budget changed, with an audit entry naming the owner and the note.
    const after = (await db.ctx.repos.allocation.listQuotas(orgId)).find((q) => q.departmentId === software.id)!;
    expect(after).toMatchObject({ nominalPremium: target, monthlyBudget: '2500.00' });
    const events = (await db.ctx.repos.audit.findByEntity(orgId, 'department_quota', software.id)).filter((e) => e.action === 'quota.planned');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorPersonId: owner.id, reason: 'Q1 planning review', before: { nominalPremium: before.nominalPremium }, after: { nominalPremium: target, monthlyBudget: '2500.00' } });
    // Other departments' quotas are untouched (the approved quota fits in the pool).
    const others = (await db.ctx.repos.allocation.listQuotas(orgId)).filter((q) => q.departmentId !== software.id);
    expect(others.every((q) => events[0]!.after && q.nominalPremium >= 0)).toBe(true);

    await ownerContext.close();
    await leadContext.close();
    await memberContext.close();
  });
});
