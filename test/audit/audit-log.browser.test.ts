import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInAt, snap, startDemoApp, type DemoApp } from '../browser/browser.ts';
import { tamper } from './tamper.ts';

vi.setConfig({ testTimeout: 120_000 });

let app: DemoApp;
beforeAll(async () => {
  app = await startDemoApp();
}, 120_000);
afterAll(async () => app?.close());

async function openAuditLogAsAuditor() {
  const people = await app.db.ctx.repos.people.listIdsWithRole(app.orgId, ['auditor']);
  const auditor = (await app.db.ctx.repos.people.findById(app.orgId, people[0]!, new Date()))!;
  const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await signInAt(context, app.server.baseUrl, '/audit', auditor.name);
  return { page, context };
}

describe('Audit log page', () => {
  it('shows the verified chain, the events and filters them', async () => {
    const { page, context } = await openAuditLogAsAuditor();
    const banner = page.getByTestId('chain-status');
    await banner.getByText('Chain verified').waitFor();
    const total = await app.db.ctx.repos.audit.countByOrg(app.orgId);
    expect(await banner.innerText()).toContain(`${total} entries`);
    const rows = page.getByTestId('audit-table').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(50, total));
    await snap(page, 'audit-log', { fullPage: false });

    await page.getByLabel('Entity').selectOption('lease');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=audit-table] tbody tr')].every((tr) => tr.textContent?.includes('Lease')));
    const leaseEvents = await app.db.ctx.repos.audit.list(app.orgId, { entityType: 'lease' }, { limit: 1, offset: 0 });
    await page.getByText(`of ${leaseEvents.total}`).waitFor();
    await context.close();
  });

  it('names the broken entry after a row is edited in the database', async () => {
    const db = app.db.handle.db as Kysely<any>;
    const { rows } = await sql<{ id: number; seq: number }>`select e.id, c.seq from audit_events e join audit_chain c on c.event_id = e.id where e.org_id = ${app.orgId} order by c.seq limit 1 offset 2`.execute(db);
    await tamper(db, sql`update audit_events set reason = 'quietly changed' where id = ${rows[0]!.id}`);
    const { page, context } = await openAuditLogAsAuditor();
    const banner = page.getByTestId('chain-status');
    await banner.getByText(`Chain broken at entry ${rows[0]!.seq}`).waitFor();
    expect(await banner.innerText()).toContain(`event ${rows[0]!.id}`);
    await snap(page, 'audit-log-broken', { fullPage: false });
    await context.close();
  });
});
