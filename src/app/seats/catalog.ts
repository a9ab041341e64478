import { AppError } from '../../errors.ts';
import type { CatalogInsert } from '../../db/repositories/seat.repository.ts';
import { isUniqueViolation } from '../../db/repositories/index.ts';
import type { CatalogEntry } from '../../db/repositories/types.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

/**
 * Adds a price effective from a day. The previous open-ended price of the same line ends that day, so
 * history stays intact and exactly one price is in force on any day.
 */
export async function addCatalogPrice(ctx: AppContext, actor: Actor, input: CatalogInsert): Promise<CatalogEntry> {
  try {
    return await ctx.transaction(async (repos) => {
      // The catalog is the installation's: two prices added at once must not both stay open-ended.
      await repos.organizations.lockInstallation();
      await repos.seats.closeCatalogLine(input, input.effectiveFrom);
      const [entry] = await repos.seats.insertCatalogEntries([input]);
      await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'catalog.price_added', entityType: 'price_catalog', entityId: entry!.id, after: entry });
      return entry!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', { message: `A price for ${input.vendor}/${input.plan}/${input.tier}/${input.cadence} effective ${input.effectiveFrom} already exists`, details: [{ path: 'body.effectiveFrom', message: 'already has a price' }] });
    }
    throw error;
  }
}

export async function getCatalogEntry(ctx: AppContext, id: string): Promise<CatalogEntry> {
  const entry = await ctx.repos.seats.findCatalogEntry(id);
  if (!entry) throw new AppError('NOT_FOUND', { message: `No catalog entry ${id}` });
  return entry;
}
