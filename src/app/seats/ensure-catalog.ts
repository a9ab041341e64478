import type { AppContext } from '../context.ts';
import { DEFAULT_CATALOG } from './default-catalog.ts';

/**
 * Seeds the price catalog once, when it is empty; later edits are never overwritten. Every process
 * runs this at start, so the look and the insert happen under the installation lock.
 */
export async function ensureDefaultCatalog(ctx: AppContext): Promise<number> {
  return ctx.transaction(async (repos) => {
    await repos.organizations.lockInstallation();
    if ((await repos.seats.countCatalog()) > 0) return 0;
    const inserted = await repos.seats.insertCatalogEntries(DEFAULT_CATALOG);
    return inserted.length;
  });
}
