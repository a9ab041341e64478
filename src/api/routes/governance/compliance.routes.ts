import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { askOutOfCompliance } from '../../../app/compliance/ask-out-of-compliance.ts';
import { getComplianceReport, getParticipationRule, grantExemption, revokeExemption, setParticipationRule, type RuleView } from '../../../app/compliance/compliance.ts';
import type { AppContext } from '../../../app/context.ts';
import type { ExemptionRow } from '../../../db/repositories/governance.repository.ts';
import { ADMIN_ROLES, ORG_READER_ROLES } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, IsoDate, iso, isoOrNull, withProblems } from '../../schemas.ts';

const READERS = ORG_READER_ROLES;

const RuleSchema = z.object({ kind: z.literal('share_use_case'), appliesTo: z.enum(['permanent_premium', 'premium']), isEnabled: z.boolean(), requiredCount: z.number().int(), windowDays: z.number().int(), graceDays: z.number().int(), effectiveFrom: z.string(), updatedAt: z.string().nullable() });
const GroupSchema = z.object({ group: z.string(), subject: z.number().int(), compliant: z.number().int(), exempt: z.number().int(), due: z.number().int(), outOfCompliance: z.number().int(), rate: z.number().nullable() });
const ExemptionSchema = z.object({ id: z.uuid(), personId: z.uuid(), personName: z.string(), departmentName: z.string().nullable(), reason: z.string(), validUntil: z.string().nullable(), grantedByName: z.string().nullable(), createdAt: z.string(), revokedAt: z.string().nullable(), revokeReason: z.string().nullable() });
const PersonSchema = z.object({ personId: z.uuid(), name: z.string(), departmentName: z.string().nullable(), jobFamily: z.string(), status: z.enum(['compliant', 'exempt', 'due', 'out_of_compliance', 'not_subject']), count: z.number().int(), required: z.number().int(), dueBy: z.string().nullable(), explanation: z.string() });
const ReportSchema = z.object({ asOf: z.string(), rule: RuleSchema, totals: GroupSchema, byTenureBand: z.array(GroupSchema), byJobFamily: z.array(GroupSchema), byDepartment: z.array(GroupSchema), people: z.array(PersonSchema), exemptions: z.array(ExemptionSchema) });

const presentRule = (r: RuleView): z.infer<typeof RuleSchema> => ({ kind: r.kind, appliesTo: r.appliesTo, isEnabled: r.isEnabled, requiredCount: r.requiredCount, windowDays: r.windowDays, graceDays: r.graceDays, effectiveFrom: r.effectiveFrom, updatedAt: isoOrNull(r.updatedAt) });
const presentExemption = (e: ExemptionRow): z.infer<typeof ExemptionSchema> => ({ id: e.id, personId: e.personId, personName: e.personName, departmentName: e.departmentName, reason: e.reason, validUntil: e.validUntil, grantedByName: e.grantedByName, createdAt: iso(e.createdAt), revokedAt: isoOrNull(e.revokedAt), revokeReason: e.revokeReason });

export const complianceRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/compliance/rule', {
    config: { auth: READERS },
    schema: { tags: ['compliance'], summary: 'The participation rule (off by default)', response: withProblems({ 200: RuleSchema }) },
  }, async (request) => presentRule(await getParticipationRule(ctx, requireActor(request))));

  app.put('/api/compliance/rule', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['compliance'],
      summary: 'Set the participation rule; it applies to every holder of the tier alike',
      body: z.object({
        isEnabled: z.boolean(),
        appliesTo: z.enum(['permanent_premium', 'premium'], { error: 'must be permanent_premium or premium' }),
        requiredCount: z.number({ error: 'must be a number' }).int().min(1, { error: 'must be at least 1' }).max(20, { error: 'must be at most 20' }),
        windowDays: z.number({ error: 'must be a number of days' }).int().min(7, { error: 'must be at least 7 days' }).max(366, { error: 'must be at most 366 days' }),
        graceDays: z.number({ error: 'must be a number of days' }).int().min(0, { error: 'must be 0 or more' }).max(180, { error: 'must be at most 180 days' }),
        effectiveFrom: IsoDate,
      }),
      response: withProblems({ 200: RuleSchema }),
    },
  }, async (request) => presentRule(await setParticipationRule(ctx, requireActor(request), request.body)));

  app.get('/api/compliance/report', {
    config: { auth: READERS },
    schema: { tags: ['compliance'], summary: 'Compliance by tenure band, job family and department; who is out of compliance; exemptions with reasons', response: withProblems({ 200: ReportSchema }) },
  }, async (request) => {
    const { rule, report, people, exemptions } = await getComplianceReport(ctx, requireActor(request));
    return { asOf: report.asOf, totals: report.totals, byTenureBand: [...report.byTenureBand], byJobFamily: [...report.byJobFamily], byDepartment: [...report.byDepartment], rule: presentRule(rule), people: people.map((p) => ({ personId: p.personId, name: p.name, departmentName: p.departmentName, jobFamily: p.jobFamily, status: p.status, count: p.count, required: p.required, dueBy: p.dueBy, explanation: p.explanation })), exemptions: exemptions.map(presentExemption) };
  });

  app.post('/api/compliance/exemptions', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['compliance'], summary: 'Exempt one person, with a reason (audited, shown in the report)', body: z.object({ personId: z.uuid({ error: 'must be a person id' }), reason: z.string({ error: 'is required' }).max(1000), validUntil: IsoDate.nullable().optional() }), response: withProblems({ 201: ExemptionSchema }) },
  }, async (request, reply) => reply.status(201).send(presentExemption(await grantExemption(ctx, requireActor(request), request.body))));

  app.post('/api/compliance/exemptions/:id/revoke', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['compliance'], summary: 'End an exemption early, with a reason', params: IdParamsSchema, body: z.object({ reason: z.string().max(1000) }), response: withProblems({ 200: ExemptionSchema }) },
  }, async (request) => presentExemption(await revokeExemption(ctx, requireActor(request), { exemptionId: request.params.id, reason: request.body.reason })));

  app.post('/api/compliance/reviews', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['compliance'], summary: 'Ask everyone out of compliance through a seat review (nothing changes without their answer)', response: withProblems({ 200: z.object({ asked: z.array(z.object({ personId: z.uuid(), name: z.string(), reviewId: z.uuid() })), alreadyAsked: z.array(z.uuid()) }) }) },
  }, async (request) => {
    const r = await askOutOfCompliance(ctx, requireActor(request));
    return { asked: [...r.asked], alreadyAsked: [...r.alreadyAsked] };
  });
};
