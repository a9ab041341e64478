import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A real browser on a busy two-core machine (the suite runs files in parallel) needs headroom.
vi.setConfig({ testTimeout: 120_000 });
import type { Browser } from 'playwright-core';
import { savePolicy } from '../../src/app/policies/policies.ts';
import { updateInventoryEntry } from '../../src/app/seats/inventory.ts';
import { formatLeaseDates } from '../../web/src/format.ts';
import type { TestDatabase } from '../db.ts';
import type { TestServer } from '../http.ts';
import { signInAt, startDemoApp, type DemoApp } from './browser.ts';

let db: TestDatabase;
let server: TestServer;
let browser: Browser;
let app: DemoApp;
let orgId: string;

beforeAll(async () => {
  app = await startDemoApp();
  ({ db, server, browser, orgId } = app);
}, 120_000);
afterAll(async () => {
  await app?.close();
});

/** A calendar day (UTC, as the server counts days) n days from today. */
const dayFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('premium leases in the web app', () => {
  it('a member asks for premium, the department lead approves it, and the member sees it scheduled', async () => {
    const cli = { kind: 'cli', orgId } as const;
    // Every request goes to the department lead.
    await savePolicy(db.ctx, cli, { text: '{"autoApprove":{"enabled":false}}' });
    // Make sure a premium seat is free over the requested weeks whatever the demo has booked: buy two more.
    const premiumLine = (await db.ctx.repos.seats.listInventory(orgId)).find((line) => line.tier === 'premium')!;
    await updateInventoryEntry(db.ctx, cli, premiumLine.id, { seatsPurchased: premiumLine.seatsPurchased + 2, reason: 'browser test: room for a lease' });

    const now = new Date();
    const software = (await db.ctx.repos.departments.listWithStats(orgId, now)).find((d) => d.name === 'Software')!;
    const lead = software.leads[0]!;
    const people = await db.ctx.repos.people.list(orgId, { departmentId: software.id }, { limit: 100, offset: 0 }, now);
    // The demo already gives a few people sprint leases: pick a plain member with no lease or request at all.
    const withLeases = new Set((await db.ctx.repos.leases.list(orgId, { departmentId: software.id }, { limit: 500, offset: 0 })).items.map((l) => l.personId));
    const member = people.items.find(
      (p) => p.status === 'active' && p.currentTier === 'standard' && p.roles.every((r) => r === 'member') && !software.leads.some((l) => l.id === p.id) && !withLeases.has(p.id),
    )!;
    expect(member).toBeDefined();

    const start = dayFromToday(3);
    const end = new Date(Date.parse(`${start}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    const dates = formatLeaseDates(`${start}T00:00:00.000Z`, `${end}T00:00:00.000Z`);

    // The member asks for two weeks of premium.
    const memberContext = await browser.newContext();
    const memberPage = await signInAt(memberContext, server.baseUrl, '/my-seat', member.name);
    const form = memberPage.getByTestId('lease-request-form');
    await form.waitFor();
    await form.getByLabel('Start date').fill(start);
    await form.getByLabel('End date').fill(end);
    await form.getByLabel('Reason').fill('Refactoring the OTA update service before the release');
    await form.getByLabel('Project or sprint').fill('Sprint 48');
    await form.getByRole('button', { name: 'Request premium' }).click();
    const answer = memberPage.getByTestId('lease-request-result');
    await answer.getByText(/waiting for your lead/i).waitFor();
    await expect(answer.innerText()).resolves.toContain('lead_approval.required');

    const mine = memberPage.getByTestId('my-leases');
    const item = mine.locator('.lease-item').filter({ hasText: dates });
    await item.getByText('Waiting for lead').waitFor();
    const requested = await db.ctx.repos.leases.list(orgId, { personId: member.id }, { limit: 10, offset: 0 });
    expect(requested.items).toHaveLength(1);
    expect(requested.items[0]).toMatchObject({ status: 'requested', queue: 'lead' });

    // The Software lead approves it from the queue.
    const leadContext = await browser.newContext();
    const leadPage = await signInAt(leadContext, server.baseUrl, '/approvals', lead.name);
    const card = leadPage.getByTestId('approval-item').filter({ hasText: member.name });
    await card.waitFor();
    const cardText = await card.innerText();
    expect(cardText).toContain(dates);
    expect(cardText).toContain('Sprint 48');
    expect(cardText).toContain('lead_approval.required');
    await card.getByRole('button', { name: 'Approve' }).click();
    await leadPage.getByText(new RegExp(`Approved ${member.name}'s premium`)).waitFor();
    await expect.poll(() => card.count()).toBe(0);
    await expect
      .poll(async () => (await db.ctx.repos.leases.find(orgId, requested.items[0]!.id))?.status)
      .toBe('scheduled');

    // The member reloads My seat and sees the lease approved for those dates.
    await memberPage.reload();
    const approved = memberPage.getByTestId('my-leases').locator('.lease-item').filter({ hasText: dates });
    await approved.getByText('Approved · scheduled').waitFor();
    const approvedText = await approved.innerText();
    expect(approvedText).toContain('14 days');
    expect(approvedText).toContain('Approved by the department lead');
    await expect(memberPage.getByTestId('my-leases').getByText('Waiting for lead').count()).resolves.toBe(0);

    await leadContext.close();
    await memberContext.close();
  });

  it('offers no request form to someone who holds premium as an assigned seat (the engine would refuse it)', async () => {
    const now = new Date();
    const people = await db.ctx.repos.people.list(orgId, { tier: 'premium' }, { limit: 100, offset: 0 }, now);
    const leased = new Set((await db.ctx.repos.leases.list(orgId, {}, { limit: 500, offset: 0 })).items.filter((l) => l.status === 'active').map((l) => l.personId));
    const holder = people.items.find((p) => p.status === 'active' && !leased.has(p.id))!;
    expect(holder).toBeDefined();
    const context = await browser.newContext();
    const page = await signInAt(context, server.baseUrl, '/my-seat', holder.name);
    const note = page.getByTestId('request-not-needed');
    await note.waitFor();
    expect(await note.innerText()).toContain('You already hold a premium seat assigned to you');
    await expect(page.getByTestId('lease-request-form').count()).resolves.toBe(0);
    await page.getByTestId('my-leases').getByText('You hold premium as an assigned seat, so you need no lease.').waitFor();
    await expect(page.getByTestId('my-leases').innerText()).resolves.not.toContain('with the form on this page');
    await context.close();
  });
});
