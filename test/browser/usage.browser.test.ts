import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A real browser on a busy two-core machine (the suite runs files in parallel) needs headroom.
vi.setConfig({ testTimeout: 120_000 });
import type { Browser } from 'playwright-core';
import type { TestDatabase } from '../db.ts';
import type { TestServer } from '../http.ts';
import { signInAt, startDemoApp, type DemoApp } from './browser.ts';

let db: TestDatabase;
let server: TestServer;
let browser: Browser;
let app: DemoApp;
let orgId: string;
let tmpDir: string;

beforeAll(async () => {
  app = await startDemoApp();
  ({ db, server, browser, orgId } = app);
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-usage-browser-'));
}, 120_000);
afterAll(async () => {
  await app?.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

/** A calendar day (UTC, as the server counts days) n days from today. */
const dayFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe('usage in the web app', () => {
  it('an admin imports a usage CSV (a bad row first), and a member sees their usage and need score', async () => {
    const now = new Date();
    const adminId = (await db.ctx.repos.people.listIdsWithRole(orgId, ['admin']))[0]!;
    const admin = (await db.ctx.repos.people.findById(orgId, adminId, now))!;
    const software = (await db.ctx.repos.departments.listWithStats(orgId, now)).find((d) => d.name === 'Software')!;
    const people = await db.ctx.repos.people.list(orgId, { departmentId: software.id }, { limit: 100, offset: 0 }, now);
    const member = people.items.find((p) => p.status === 'active' && p.roles.every((r) => r === 'member') && !software.leads.some((l) => l.id === p.id))!;
    expect(member).toBeDefined();

    const [d1, d2] = [dayFromToday(-2), dayFromToday(-1)];
    const csv = (badMessages: string) =>
      [
        'date,email,source,messages,limit_hits,active_minutes',
        `${d1},${member.email},browser_test,12,0,40`,
        `${d2},${member.email},browser_test,${badMessages},1,95`,
        `${d2},contractor.x@elsewhere.example,browser_test,7,0,20`,
        '',
      ].join('\n');
    const file = path.join(tmpDir, 'usage-export.csv');
    const importsBefore = (await db.ctx.repos.usageImports.list(orgId, { limit: 100, offset: 0 })).length;
    const usageBefore = await db.ctx.repos.usage.dailyForPerson(orgId, member.id, d1, d2);
    const unmatchedBefore = await db.ctx.repos.usage.listUnmatched(orgId);
    const messagesOn = (rows: ReadonlyArray<{ day: string; messages: number | string }>, day: string) => Number(rows.find((r) => r.day === day)?.messages ?? 0);

    // The admin uploads a file with one bad row (line 3): nothing is imported and the line is named.
    const adminContext = await browser.newContext();
    const adminPage = await signInAt(adminContext, server.baseUrl, '/usage-data', admin.name);
    fs.writeFileSync(file, csv('-3'));
    await adminPage.getByLabel('Usage CSV file').setInputFiles(file);
    await adminPage.getByRole('button', { name: 'Import', exact: true }).click();
    const errors = adminPage.getByTestId('import-errors');
    await errors.waitFor();
    const errorRows = errors.locator('tbody tr');
    await expect(errorRows.count()).resolves.toBe(1);
    const cells = await errorRows.first().locator('td').allInnerTexts();
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('messages');
    expect(cells[2]).toMatch(/negative/);
    await expect(errors.innerText()).resolves.toMatch(/nothing was imported/i);
    await expect(adminPage.getByTestId('import-result').count()).resolves.toBe(0);

    const history = adminPage.getByTestId('import-history');
    await history.locator('tbody tr[data-status="failed"]').first().waitFor();
    const afterFailure = await db.ctx.repos.usageImports.list(orgId, { limit: 100, offset: 0 });
    expect(afterFailure).toHaveLength(importsBefore + 1);
    expect(afterFailure[0]).toMatchObject({ status: 'failed', inserted: 0, updated: 0 });
    expect(await db.ctx.repos.usage.dailyForPerson(orgId, member.id, d1, d2)).toEqual(usageBefore);
    expect(await db.ctx.repos.usage.listUnmatched(orgId)).toEqual(unmatchedBefore);

    // Fixed, the same file goes in: the counts show, and the import heads the history.
    fs.writeFileSync(file, csv('44'));
    await adminPage.getByLabel('Usage CSV file').setInputFiles(file);
    await adminPage.getByRole('button', { name: 'Import', exact: true }).click();
    const result = adminPage.getByTestId('import-result');
    await result.waitFor();
    const resultText = await result.innerText();
    expect(resultText).toContain('usage-export.csv: 3 rows imported');
    expect(await result.locator('[data-count="rows"] dd').innerText()).toBe('3');
    expect(await result.locator('[data-count="unmatched"] dd').innerText()).toBe('1');
    await expect(adminPage.getByTestId('import-errors').count()).resolves.toBe(0);

    const succeeded = history.locator('tbody tr[data-status="succeeded"]').filter({ hasText: 'usage-export.csv' });
    await succeeded.first().waitFor();
    expect(await history.locator('tbody tr').first().getAttribute('data-status')).toBe('succeeded');
    const afterSuccess = await db.ctx.repos.usageImports.list(orgId, { limit: 100, offset: 0 });
    expect(afterSuccess).toHaveLength(importsBefore + 2);
    expect(afterSuccess[0]).toMatchObject({ status: 'succeeded', rows: 3, unmatched: 1, filename: 'usage-export.csv' });
    const usageAfter = await db.ctx.repos.usage.dailyForPerson(orgId, member.id, d1, d2);
    expect(messagesOn(usageAfter, d1)).toBe(messagesOn(usageBefore, d1) + 12);
    expect(messagesOn(usageAfter, d2)).toBe(messagesOn(usageBefore, d2) + 44);

    // The unknown email waits in the unmatched list.
    await adminPage.getByTestId('unmatched-identities').locator('tr[data-identity="contractor.x@elsewhere.example"]').waitFor();
    await adminContext.close();

    // The member opens My usage: the chart and the need score with its five explained components.
    const memberContext = await browser.newContext();
    const memberPage = await signInAt(memberContext, server.baseUrl, '/my-usage', member.name);
    const usage = memberPage.getByTestId('my-usage');
    await usage.waitFor();
    await memberPage.getByTestId('usage-chart').locator('svg.recharts-surface').first().waitFor();
    await expect.poll(() => memberPage.getByTestId('usage-chart').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    const need = memberPage.getByTestId('need-score');
    await need.locator('[data-level]').waitFor();
    expect(['High', 'Medium', 'Low']).toContain((await need.locator('[data-level]').innerText()).trim());
    const components = need.getByTestId('need-component');
    await expect(components.count()).resolves.toBe(5);
    const names = await components.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
    expect(names).toEqual(['recent', 'peak', 'pressure', 'momentum', 'scheduled']);
    for (const text of await components.locator('.need-component-why').allInnerTexts()) expect(text.trim().length).toBeGreaterThan(20);
    await memberContext.close();
  });
});
