import { AppError } from '../../errors.ts';
import type { InventoryInsert } from '../../db/repositories/seat.repository.ts';
import { isUniqueViolation } from '../../db/repositories/index.ts';
import type { InventoryEntry } from '../../db/repositories/types.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

export async function getInventoryEntry(ctx: AppContext, orgId: string, id: string): Promise<InventoryEntry> {
  const entry = await ctx.repos.seats.findInventory(orgId, id);
  if (!entry) throw new AppError('NOT_FOUND', { message: `No inventory line ${id}` });
  return entry;
}

/** Records seats bought for a vendor/plan/tier/cadence line (one line per combination). */
export async function createInventoryEntry(ctx: AppContext, actor: Actor, input: InventoryInsert): Promise<InventoryEntry> {
  try {
    return await ctx.transaction(async (repos) => {
      const entry = await repos.seats.insertInventory(actor.orgId, input);
      await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'inventory.created', entityType: 'seat_inventory', entityId: entry.id, after: entry });
      return entry;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', { message: `Inventory for ${input.vendor}/${input.plan}/${input.tier}/${input.cadence} already exists; update it instead` });
    }
    throw error;
  }
}

/** Changes seats purchased or the commitment end of one inventory line, with an audit event. */
export async function updateInventoryEntry(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: { seatsPurchased?: number; commitmentEndsOn?: string | null; reason?: string | null },
): Promise<InventoryEntry> {
  return ctx.transaction(async (repos) => {
    const before = await repos.seats.findInventory(actor.orgId, id);
    if (!before) throw new AppError('NOT_FOUND', { message: `No inventory line ${id}` });
    const { reason, ...changes } = patch;
    const after = await repos.seats.updateInventory(actor.orgId, id, changes);
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'inventory.updated', entityType: 'seat_inventory', entityId: id, before, after, reason: reason ?? null });
    return after!;
  });
}
