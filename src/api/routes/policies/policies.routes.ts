import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { dryRunPolicy, getActivePolicy, savePolicy } from '../../../app/policies/policies.ts';
import { ADMIN_ROLES, ANY_ROLE } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { iso, isoOrNull, withProblems } from '../../schemas.ts';

const PolicyText = z.object({ text: z.string().max(100_000).describe('The policy document as JSON or YAML'), note: z.string().max(500).optional() });

export const policyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/policies/active', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['policies'], summary: 'The allocation policy in force (version 0 = built-in defaults)', response: withProblems({ 200: z.object({ version: z.number().int(), document: z.record(z.string(), z.unknown()), createdAt: z.string().nullable() }) }) },
  }, async (request) => {
    const p = await getActivePolicy(ctx, requireActor(request).orgId);
    return { version: p.version, document: p.document as unknown as Record<string, unknown>, createdAt: isoOrNull(p.createdAt) };
  });

  app.get('/api/policies', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['policies'], summary: 'Every policy version, newest first', response: withProblems({ 200: z.object({ items: z.array(z.object({ version: z.number().int(), document: z.unknown(), source: z.string(), note: z.string().nullable(), createdBy: z.uuid().nullable(), createdAt: z.string() })) }) }) },
  }, async (request) => ({
    items: (await ctx.repos.allocation.listPolicies(requireActor(request).orgId)).map((p) => ({ version: p.version, document: p.document, source: p.source, note: p.note, createdBy: p.createdBy, createdAt: iso(p.createdAt) })),
  }));

  app.post('/api/policies', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['policies'], summary: 'Save a new policy version (it takes effect at once)', body: PolicyText, response: withProblems({ 201: z.object({ version: z.number().int(), document: z.unknown() }) }) },
  }, async (request, reply) => {
    const saved = await savePolicy(ctx, requireActor(request), request.body);
    return reply.status(201).send({ version: saved.version, document: saved.document });
  });

  app.post('/api/policies/dry-run', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['policies'],
      summary: 'Replay past decisions under a candidate policy and list the ones it would decide differently (writes nothing)',
      body: PolicyText,
      response: withProblems({ 200: z.object({ examined: z.number().int(), changes: z.array(z.object({ leaseId: z.uuid(), personName: z.string(), requestedAt: z.string(), recordedRule: z.string(), recordedOutcome: z.string(), newRule: z.string(), newOutcome: z.string() })) }) }),
    },
  }, async (request) => {
    const result = await dryRunPolicy(ctx, requireActor(request).orgId, request.body.text);
    return { examined: result.examined, changes: result.changes.map((c) => ({ ...c, requestedAt: iso(c.requestedAt) })) };
  });
};
