import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { assignTier, getAssignment, updateAssignment } from '../../../app/seats/assignments.ts';
import { addCatalogPrice, getCatalogEntry } from '../../../app/seats/catalog.ts';
import { createInventoryEntry, getInventoryEntry, updateInventoryEntry } from '../../../app/seats/inventory.ts';
import { getSeatSummary } from '../../../app/seats/seat-summary.ts';
import { centsToDecimal } from '../../../domain/money.ts';
import { ADMIN_ROLES, ANY_ROLE, OWNER_ROLES } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { CadenceSchema, decimalString, IdParamsSchema, IsoDate, IsoDateTime, MoneyString, PageQuerySchema, pageSchema, SeatCount, withProblems } from '../../schemas.ts';
import { AssignmentSchema, CatalogEntrySchema, InventorySchema, presentAssignment, presentCatalogEntry, presentInventory, presentTierSummary, TierSummarySchema } from './seats.presenter.ts';

/** price_catalog.usage_multiplier is numeric(8, 3) with CHECK > 0. */
const UsageMultiplier = decimalString({ integerDigits: 5, decimals: 3, format: 'must be a multiplier like 6.25 (at most 3 decimals)' })
  .refine((v) => Number(v) > 0, { error: 'must be more than 0' })
  .describe('Usage allowance relative to the base plan: more than 0, at most 99999.999');

const Line = { vendor: z.string().trim().min(1).max(50), plan: z.string().trim().min(1).max(50), tier: z.string().trim().min(1).max(50) };

export const seatRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/seats', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['seats'], summary: 'Seats per tier: purchased, assigned, free, monthly cost', response: withProblems({ 200: z.object({ tiers: z.array(TierSummarySchema), monthlyCost: z.string() }) }) },
  }, async (request) => {
    const tiers = await getSeatSummary(ctx, requireActor(request).orgId);
    return { tiers: tiers.map(presentTierSummary), monthlyCost: centsToDecimal(tiers.reduce((n, t) => n + t.monthlyCostCents, 0)) };
  });

  app.get('/api/catalog', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['catalog'], summary: 'Price catalog (effective-dated)', querystring: z.object({ vendor: z.string().optional(), on: IsoDate.optional().describe('Only prices in force on this day') }), response: withProblems({ 200: z.object({ items: z.array(CatalogEntrySchema) }) }) },
  }, async (request) => ({ items: (await ctx.repos.seats.listCatalog({ ...(request.query.vendor ? { vendor: request.query.vendor } : {}), ...(request.query.on ? { day: request.query.on } : {}) })).map(presentCatalogEntry) }));

  app.get('/api/catalog/:id', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['catalog'], summary: 'Get a catalog price', params: IdParamsSchema, response: withProblems({ 200: CatalogEntrySchema }) },
  }, async (request) => presentCatalogEntry(await getCatalogEntry(ctx, request.params.id)));

  app.post('/api/catalog', {
    config: { auth: OWNER_ROLES },
    schema: {
      tags: ['catalog'],
      summary: 'Add a price from a day on (ends the previous price of the same line)',
      body: z.object({ ...Line, cadence: CadenceSchema, pricePerSeatMonth: MoneyString, usageMultiplier: UsageMultiplier.nullable().default(null), effectiveFrom: IsoDate, source: z.string().max(500).nullable().default(null) }),
      response: withProblems({ 201: CatalogEntrySchema }),
    },
  }, async (request, reply) => reply.status(201).send(presentCatalogEntry(await addCatalogPrice(ctx, requireActor(request), { ...request.body, effectiveTo: null }))));

  app.get('/api/inventory', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['inventory'], summary: 'Seats purchased per vendor, plan, tier and cadence', response: withProblems({ 200: z.object({ items: z.array(InventorySchema) }) }) },
  }, async (request) => ({ items: (await ctx.repos.seats.listInventory(requireActor(request).orgId)).map(presentInventory) }));

  app.get('/api/inventory/:id', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['inventory'], summary: 'Get an inventory line', params: IdParamsSchema, response: withProblems({ 200: InventorySchema }) },
  }, async (request) => presentInventory(await getInventoryEntry(ctx, requireActor(request).orgId, request.params.id)));

  app.post('/api/inventory', {
    config: { auth: OWNER_ROLES },
    schema: { tags: ['inventory'], summary: 'Record purchased seats for a new line', body: z.object({ ...Line, cadence: CadenceSchema, seatsPurchased: SeatCount, commitmentEndsOn: IsoDate.nullable().default(null) }), response: withProblems({ 201: InventorySchema }) },
  }, async (request, reply) => reply.status(201).send(presentInventory(await createInventoryEntry(ctx, requireActor(request), request.body))));

  app.patch('/api/inventory/:id', {
    config: { auth: OWNER_ROLES },
    schema: { tags: ['inventory'], summary: 'Change seats purchased or the commitment end', params: IdParamsSchema, body: z.object({ seatsPurchased: SeatCount.optional(), commitmentEndsOn: IsoDate.nullable().optional(), reason: z.string().max(500).optional() }), response: withProblems({ 200: InventorySchema }) },
  }, async (request) => presentInventory(await updateInventoryEntry(ctx, requireActor(request), request.params.id, request.body)));

  app.get('/api/assignments', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['assignments'],
      summary: 'Seat assignment history (who held which tier, from when to when)',
      querystring: PageQuerySchema.extend({ personId: z.uuid().optional(), tier: z.string().optional(), vendor: z.string().optional(), current: z.enum(['true', 'false']).optional().describe('Only assignments in force now (true) or not (false)') }),
      response: withProblems({ 200: pageSchema(AssignmentSchema) }),
    },
  }, async (request) => {
    const { limit, offset, current, ...filter } = request.query;
    const page = await ctx.repos.seats.listAssignments(requireActor(request).orgId, { ...filter, ...(current ? { isCurrent: current === 'true' } : {}) }, { limit, offset }, ctx.now());
    return { ...page, items: page.items.map(presentAssignment) };
  });

  app.get('/api/assignments/:id', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['assignments'], summary: 'Get an assignment', params: IdParamsSchema, response: withProblems({ 200: AssignmentSchema }) },
  }, async (request) => presentAssignment(await getAssignment(ctx, requireActor(request).orgId, request.params.id)));

  app.post('/api/assignments', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['assignments'],
      summary: "Put a person on a tier (ends the tier they hold at that moment); fails when no seat is free",
      body: z.object({ personId: z.uuid(), ...Line, validFrom: IsoDateTime.optional(), validTo: IsoDateTime.nullable().optional(), reason: z.string().max(500).nullable().optional() }),
      response: withProblems({ 201: AssignmentSchema }),
    },
  }, async (request, reply) => {
    const { validFrom, validTo, ...rest } = request.body;
    const created = await assignTier(ctx, requireActor(request), { ...rest, ...(validFrom ? { validFrom: new Date(validFrom) } : {}), ...(validTo !== undefined ? { validTo: validTo ? new Date(validTo) : null } : {}) });
    return reply.status(201).send(presentAssignment(created));
  });

  app.patch('/api/assignments/:id', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['assignments'], summary: 'End an assignment or change its reason', params: IdParamsSchema, body: z.object({ validTo: IsoDateTime.nullable().optional(), reason: z.string().max(500).nullable().optional() }), response: withProblems({ 200: AssignmentSchema }) },
  }, async (request) => {
    const { validTo, reason } = request.body;
    return presentAssignment(await updateAssignment(ctx, requireActor(request), request.params.id, { ...(validTo !== undefined ? { validTo: validTo ? new Date(validTo) : null } : {}), ...(reason !== undefined ? { reason } : {}) }));
  });
};
