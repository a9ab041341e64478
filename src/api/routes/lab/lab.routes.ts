import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor, AppContext } from '../../../app/context.ts';
import { LAB_POST_ROLES, LAB_ROLES } from '../../../app/lab/access.ts';
import { replayOrgHistory, type ReplayCalendar } from '../../../app/lab/replay-org.ts';
import { listLabScenarios, simulateLab } from '../../../app/lab/simulate.ts';
import { AppError } from '../../../errors.ts';
import type { PolicyId } from '../../../sim/lab/types.ts';
import { renderLabReport } from '../../../sim/report.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IsoDate, withProblems } from '../../schemas.ts';
import { LabResultSchema, PolicyIdSchema, presentLabResult, presentReplayInputs, presentScenario, ReplayInputsSchema, reportUrl, ScenarioInfoSchema } from './lab.presenter.ts';

const Policies = z.array(PolicyIdSchema).min(1, { error: 'choose at least one policy' }).describe('Policies to run (default: all six)');
const PolicyList = z.string().regex(/^P[1-6](,P[1-6])*$/, { error: 'must be a comma-separated list of P1…P6' }).describe('Comma-separated policies (default: all six)');
const Calendar = z.enum(['auto', 'leases', 'bursts']).describe('Project calendar for sprint leases: leases people asked for, bursts inferred from usage, or auto (leases, else bursts); default auto');
const Seeds = z.number().int().min(1, { error: 'must be at least 1' }).max(1000).default(3).describe('Seeds 1…n');
const SeedsQuery = z.coerce.number().int().min(1, { error: 'must be at least 1' }).max(1000).default(3).describe('Seeds 1…n');
const SimulateBody = z.object({
  scenario: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).describe('A built-in scenario id (GET /api/lab/scenarios) or an inline scenario document'),
  policies: Policies.optional(),
  seeds: Seeds,
  includeReport: z.boolean().default(false).describe('Also return the HTML report in `reportHtml`'),
});
const SimulateQuery = z.object({ scenario: z.string().min(1).describe('Built-in scenario id'), seeds: SeedsQuery, policies: PolicyList.optional() });
const ReplayFields = {
  from: IsoDate.optional().describe('First day of the window (snapped to its Monday); default: 13 whole weeks before this week'),
  to: IsoDate.optional().describe('Last day of the window (snapped to its Sunday)'),
  calendar: Calendar.optional(),
};
const ReplayBody = z.object({ ...ReplayFields, policies: Policies.optional(), warmupWeeks: z.number().int().min(0).max(26).optional().describe('History before the window for need scores and pool sizing (default 12)') });
const ReplayQuery = z.object({ ...ReplayFields, policies: PolicyList.optional(), warmupWeeks: z.coerce.number().int().min(0).max(26).optional() });
const ReportQuery = SimulateQuery.partial({ scenario: true }).extend({ ...ReplayQuery.shape, seeds: SeedsQuery, replay: z.enum(['true', 'false']).optional().describe('true: replay the organization’s history over from…to') });

const SimulateResponse = z.object({ result: LabResultSchema, reportUrl: z.string().nullable(), reportHtml: z.string().optional() });
const ReplayResponse = z.object({ result: LabResultSchema, inputs: ReplayInputsSchema, reportUrl: z.string() });

const splitPolicies = (list: string | undefined) => list?.split(',') as PolicyId[] | undefined;
const joinPolicies = (ids: readonly PolicyId[] | undefined) => (ids?.length ? ids.join(',') : undefined);
type ReplayInput = { from?: string | undefined; to?: string | undefined; calendar?: ReplayCalendar | undefined; warmupWeeks?: number | undefined; policies?: readonly PolicyId[] | undefined };
const defined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };

export const labRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret: string }> = async (app, { ctx }) => {
  const simulate = async (actor: Actor, input: { scenario: string | Record<string, unknown>; seeds: number; policies?: readonly PolicyId[] | undefined; includeReport?: boolean }) => {
    const result = await simulateLab(ctx, actor, defined({ scenario: input.scenario, seeds: input.seeds, policies: input.policies }) as Parameters<typeof simulateLab>[2]);
    const url = typeof input.scenario === 'string' ? reportUrl({ scenario: input.scenario, seeds: input.seeds, policies: joinPolicies(input.policies) }) : null;
    return { result: presentLabResult(result), reportUrl: url, ...(input.includeReport ? { reportHtml: renderLabReport(result) } : {}) };
  };
  const replay = async (actor: Actor, input: ReplayInput) => {
    const run = await replayOrgHistory(ctx, actor, defined(input));
    const url = reportUrl({ replay: 'true', from: run.inputs.window.from, to: run.inputs.window.to, warmupWeeks: input.warmupWeeks, calendar: input.calendar, policies: joinPolicies(input.policies) });
    return { result: presentLabResult(run.result), inputs: presentReplayInputs(run.inputs), reportUrl: url };
  };

  app.get('/api/lab/scenarios', {
    config: { auth: LAB_ROLES },
    schema: { tags: ['lab'], summary: 'Built-in policy-lab scenarios, with how many seeds fit a synchronous run', response: withProblems({ 200: z.object({ items: z.array(ScenarioInfoSchema) }) }) },
  }, async (request) => {
    requireActor(request);
    return { items: (await listLabScenarios()).map(presentScenario) };
  });

  app.post('/api/lab/simulate', {
    config: { auth: LAB_POST_ROLES },
    schema: { tags: ['lab'], summary: 'Run a small policy-lab scenario synchronously, built-in or inline (people × days × seeds capped; bigger runs: `seatwise simulate`)', body: SimulateBody, response: withProblems({ 200: SimulateResponse }) },
  }, async (request) => simulate(requireActor(request), request.body));

  app.get('/api/lab/simulate', {
    config: { auth: LAB_ROLES },
    schema: { tags: ['lab'], summary: 'Run a built-in scenario synchronously (the read-only form auditors use too)', querystring: SimulateQuery, response: withProblems({ 200: SimulateResponse }) },
  }, async (request) => simulate(requireActor(request), { ...request.query, policies: splitPolicies(request.query.policies) }));

  app.post('/api/lab/replay', {
    config: { auth: LAB_POST_ROLES },
    schema: { tags: ['lab'], summary: 'Replay lab policies over the organization’s own usage history in a window (“what would P4 have cost us last quarter?”)', body: ReplayBody, response: withProblems({ 200: ReplayResponse }) },
  }, async (request) => replay(requireActor(request), request.body));

  app.get('/api/lab/replay', {
    config: { auth: LAB_ROLES },
    schema: { tags: ['lab'], summary: 'Replay lab policies over the organization’s history (the read-only form auditors use too)', querystring: ReplayQuery, response: withProblems({ 200: ReplayResponse }) },
  }, async (request) => replay(requireActor(request), { ...request.query, policies: splitPolicies(request.query.policies) }));

  app.get('/api/lab/report.html', {
    config: { auth: LAB_ROLES },
    schema: { tags: ['lab'], summary: 'The printable HTML report of a run: a built-in scenario (scenario, seeds, policies) or a replay (replay=true, from, to, policies)', querystring: ReportQuery, produces: ['text/html'], response: withProblems({ 200: z.string() }) },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const { replay: isReplay, scenario, seeds, policies, ...window } = request.query;
    const ids = splitPolicies(policies);
    let html: string;
    if (isReplay === 'true') html = renderLabReport((await replayOrgHistory(ctx, actor, defined({ ...window, policies: ids }))).result);
    else if (scenario) html = renderLabReport(await simulateLab(ctx, actor, defined({ scenario, seeds, policies: ids }) as Parameters<typeof simulateLab>[2]));
    else throw new AppError('VALIDATION_FAILED', { message: 'Say which run to report: scenario=ID (with seeds and policies) or replay=true (with from and to)', details: [{ path: 'querystring.scenario', message: 'scenario or replay=true is required' }] });
    return reply.header('content-type', 'text/html; charset=utf-8').send(html);
  });
};
