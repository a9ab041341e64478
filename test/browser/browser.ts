import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEFAULT_WEB_DIST } from '../../src/api/server.ts';
import { seedDemoCompany } from '../../src/app/demo/seed-demo-company.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { startTestServer, type TestServer } from '../http.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's chromium, headless, with no background networking (the machines have no internet). */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Browser tests need chromium at ${CHROMIUM} (apt-get install chromium)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // playwright gives every launch a fresh temporary profile of its own.
  return { browser, close: () => browser.close() };
}

export type DemoApp = Readonly<{ db: TestDatabase; server: TestServer; browser: Browser; orgId: string; close: () => Promise<void> }>;

/** The demo company on a fresh PostgreSQL database, the real server with the built web app, and a browser. */
export async function startDemoApp(): Promise<DemoApp> {
  if (!fs.existsSync(path.join(DEFAULT_WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: npm test builds it first (npm run build:web)');
  const db = await createTestDatabase();
  const { orgId } = await seedDemoCompany(db.ctx);
  const server = await startTestServer(db.ctx);
  const { browser, close } = await launchBrowser();
  return {
    db,
    server,
    browser,
    orgId,
    close: async () => {
      await close();
      await server.close();
      await db.drop();
    },
  };
}

/** Opens `to` signed out in a new page of `context`, signs in as `name` on the demo login page, and lands back on `to`. */
export async function signInAt(context: BrowserContext, baseUrl: string, to: string, name: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}${to}`);
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByRole('button', { name: `Sign in as ${name}`, exact: true }).click();
  await page.waitForURL((url) => url.pathname === to);
  return page;
}

/** Keeps a screenshot of what a test saw when SEATWISE_SCREENSHOTS names a folder (unset: nothing is written). */
export async function snap(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.SEATWISE_SCREENSHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: options.fullPage ?? true });
}
