import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { decideProposals, generateProposals, listProposals, submitProposal } from '../../../app/planning/proposals.ts';
import { getDepartmentPlanning, PLANNING_ROLES } from '../../../app/planning/view.ts';
import { centsToDecimal } from '../../../domain/money.ts';
import { OWNER_ROLES, type Role } from '../../../domain/roles.ts';
import type { QuotaProposalRow } from '../../../db/repositories/planning.repository.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, iso, isoOrNull, IsoDate, MAX_MONEY, MoneyString, SeatCount, withProblems } from '../../schemas.ts';

const ReasonSchema = z.object({ input: z.string(), value: z.string(), effect: z.string() });
const ProposalSchema = z.object({
  id: z.uuid(),
  departmentId: z.uuid(),
  departmentName: z.string(),
  quarterStart: z.string(),
  status: z.enum(['proposed', 'approved', 'rejected']),
  computedNominal: z.number().int().describe('What the engine proposed'),
  computedBudget: z.string(),
  proposedNominal: z.number().int().describe('What is proposed now (the engine’s, or a lead’s adjustment)'),
  proposedBudget: z.string(),
  reasons: z.array(ReasonSchema),
  adjustedByName: z.string().nullable(),
  adjustedAt: z.string().nullable(),
  adjustReason: z.string().nullable(),
  beforeNominal: z.number().int(),
  beforeBudget: z.string().nullable(),
  afterNominal: z.number().int().nullable(),
  afterBudget: z.string().nullable(),
  createdAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
});
export const presentProposal = (p: QuotaProposalRow): z.infer<typeof ProposalSchema> => ({
  id: p.id,
  departmentId: p.departmentId,
  departmentName: p.departmentName,
  quarterStart: p.quarterStart,
  status: p.status,
  computedNominal: p.computedNominal,
  computedBudget: p.computedBudget,
  proposedNominal: p.proposedNominal,
  proposedBudget: p.proposedBudget,
  reasons: (p.reasons as Array<z.infer<typeof ReasonSchema>>).map((r) => ({ input: r.input, value: r.value, effect: r.effect })),
  adjustedByName: p.adjustedByName,
  adjustedAt: isoOrNull(p.adjustedAt),
  adjustReason: p.adjustReason,
  beforeNominal: p.beforeNominal,
  beforeBudget: p.beforeBudget,
  afterNominal: p.afterNominal,
  afterBudget: p.afterBudget,
  createdAt: iso(p.createdAt),
  decidedByName: p.decidedByName,
  decidedAt: isoOrNull(p.decidedAt),
  decisionNote: p.decisionNote,
});

const PlanningSchema = z.object({
  department: z.object({ id: z.uuid(), name: z.string(), headcount: z.number().int() }),
  quarterStart: z.string(),
  quarterLabel: z.string(),
  isPerPerson: z.boolean().describe('False for another department’s lead: names are withheld'),
  quota: z.object({ nominalPremium: z.number().int(), monthlyBudget: z.string().nullable() }),
  weeks: z.array(z.object({ weekStart: z.string(), messages: z.number().int(), limitHits: z.number().int(), activePeople: z.number().int() })),
  need: z.object({ highNeedPeople: z.number().int(), meanNeed: z.number(), levels: z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }) }),
  requests: z.object({
    open: z.number().int(),
    waitlisted: z.number().int(),
    deniedLastQuarter: z.number().int(),
    items: z.array(z.object({ id: z.uuid(), personName: z.string().nullable(), status: z.string(), startsAt: z.string(), endsAt: z.string(), requestedAt: z.string(), project: z.string().nullable(), decisionRule: z.string().nullable() })),
  }),
  useCases: z.array(z.object({ id: z.uuid(), title: z.string(), task: z.string(), authorName: z.string().nullable(), minutesSavedPerWeek: z.number().int().nullable(), tags: z.array(z.string()), createdAt: z.string(), votes: z.number().int() })),
  surveys: z.object({
    rows: z.array(z.object({ periodStart: z.string(), periodEnd: z.string(), estimatedMonthlyUsd: z.string(), estimatedWeeklyHours: z.string().nullable(), respondents: z.number().int(), source: z.string() })),
    nextQuarterMonthlyUsd: z.string().nullable(),
    correction: z.number().nullable().describe('Past actual ÷ surveyed spend, clamped to [0.5, 2]'),
  }),
  forecast: z.object({ monthlyUsd: z.string() }).nullable(),
  draft: z.object({ nominalPremium: z.number().int(), monthlyBudget: z.string(), demand: z.number().int(), trend: z.number(), usageSpend: z.string(), reasons: z.array(ReasonSchema) }),
  proposal: ProposalSchema.nullable(),
});

const LEAD_ROLES: readonly Role[] = ['primary_owner', 'owner', 'admin', 'dept_lead'];

export const planningRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret: string }> = async (app, { ctx }) => {
  app.get('/api/planning/departments/:id', {
    config: { auth: PLANNING_ROLES },
    schema: { tags: ['planning'], summary: "A department's quarterly planning view: usage and need trends, requests, waitlist, use cases, surveys, forecast, and next quarter's proposal with its reasons", params: IdParamsSchema, response: withProblems({ 200: PlanningSchema }) },
  }, async (request) => {
    const v = await getDepartmentPlanning(ctx, requireActor(request), request.params.id);
    return {
      ...v,
      weeks: v.weeks.map((w) => ({ ...w })),
      requests: { ...v.requests, items: v.requests.items.map((r) => ({ ...r, startsAt: iso(r.startsAt), endsAt: iso(r.endsAt), requestedAt: iso(r.requestedAt) })) },
      useCases: v.useCases.map((u) => ({ ...u, tags: [...u.tags], createdAt: iso(u.createdAt) })),
      surveys: { ...v.surveys, rows: v.surveys.rows.map((r) => ({ ...r })) },
      draft: { nominalPremium: v.draft.nominalPremium, monthlyBudget: centsToDecimal(v.draft.monthlyBudgetCents), demand: v.draft.demand, trend: v.draft.trend, usageSpend: centsToDecimal(v.draft.usageSpendCents), reasons: v.draft.reasons.map((r) => ({ ...r })) },
      proposal: v.proposal ? presentProposal(v.proposal) : null,
    };
  });

  app.post('/api/planning/departments/:id/proposal', {
    config: { auth: LEAD_ROLES },
    schema: {
      tags: ['planning'],
      summary: "Record the engine's proposal for the department's next quarter; with nominalPremium, monthlyBudget and reason, the lead's adjustment of it",
      params: IdParamsSchema,
      body: z.object({ nominalPremium: SeatCount.optional(), monthlyBudget: MoneyString.optional().describe(`USD per month, at most ${MAX_MONEY}: approved, it becomes the department's budget`), reason: z.string().max(500).optional() }).refine((b) => (b.nominalPremium === undefined) === (b.monthlyBudget === undefined), { message: 'give nominalPremium and monthlyBudget together (an adjustment) or neither', path: ['monthlyBudget'] }),
      response: withProblems({ 200: ProposalSchema }),
    },
  }, async (request) => {
    const { nominalPremium, monthlyBudget, reason } = request.body;
    const adjust = nominalPremium !== undefined && monthlyBudget !== undefined ? { nominalPremium, monthlyBudget, reason: reason ?? '' } : undefined;
    return presentProposal(await submitProposal(ctx, requireActor(request), request.params.id, adjust));
  });

  app.get('/api/planning/proposals', {
    config: { auth: PLANNING_ROLES },
    schema: { tags: ['planning'], summary: "Quota proposals of a quarter (default next); leads see their own department's", querystring: z.object({ quarterStart: IsoDate.optional() }), response: withProblems({ 200: z.object({ quarterStart: z.string(), items: z.array(ProposalSchema) }) }) },
  }, async (request) => {
    const r = await listProposals(ctx, requireActor(request), request.query.quarterStart ? { quarterStart: request.query.quarterStart } : {});
    return { quarterStart: r.quarterStart, items: r.items.map(presentProposal) };
  });

  app.post('/api/planning/proposals/generate', {
    config: { auth: ['primary_owner', 'owner', 'admin'] },
    schema: { tags: ['planning'], summary: "Compute next quarter's proposal for every department (lead adjustments are kept)", response: withProblems({ 200: z.object({ items: z.array(ProposalSchema) }) }) },
  }, async (request) => ({ items: (await generateProposals(ctx, requireActor(request))).map(presentProposal) }));

  app.post('/api/planning/proposals/decide', {
    config: { auth: OWNER_ROLES },
    schema: {
      tags: ['planning'],
      summary: 'Approve and reject proposals in one place; approved quotas go through the apportionment. apply=false previews the diff',
      body: z.object({ approve: z.array(z.uuid()).max(200).default([]), reject: z.array(z.uuid()).max(200).default([]), note: z.string().max(500).optional(), apply: z.boolean().default(false) }),
      response: withProblems({
        200: z.object({
          quarterStart: z.string(),
          applied: z.boolean(),
          capacity: z.number().int(),
          seats: z.number().int(),
          changes: z.array(z.object({ departmentId: z.uuid(), departmentName: z.string(), proposalId: z.uuid().nullable(), decision: z.enum(['approved', 'rejected', 'unchanged']), beforeNominal: z.number().int(), afterNominal: z.number().int(), beforeBudget: z.string().nullable(), afterBudget: z.string().nullable() })),
        }),
      }),
    },
  }, async (request) => {
    const r = await decideProposals(ctx, requireActor(request), { ...request.body, note: request.body.note ?? null });
    return { ...r, changes: r.changes.map((c) => ({ ...c })) };
  });
};
