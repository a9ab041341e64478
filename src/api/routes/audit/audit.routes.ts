import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { exportAuditLog } from '../../../app/audit/export-audit-log.ts';
import { listAuditLog } from '../../../app/audit/list-audit-log.ts';
import { verifyAuditChain } from '../../../app/audit/verify-audit-chain.ts';
import type { Role } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IsoDateTime, PageQuerySchema, pageSchema, withProblems } from '../../schemas.ts';
import { AuditEntrySchema, presentAuditEntry, presentVerification, VerificationSchema } from './audit.presenter.ts';

/** The audit log is read by auditors and owners; nobody writes it through the API. */
export const AUDIT_READERS: readonly Role[] = ['primary_owner', 'owner', 'auditor'];

const FilterSchema = z.object({
  entityType: z.string().trim().min(1).max(100).optional(),
  entityId: z.string().trim().min(1).max(200).optional(),
  actorPersonId: z.uuid({ error: 'must be a UUID' }).optional(),
  actorKind: z.enum(['person', 'system', 'cli']).optional(),
  action: z.string().trim().min(1).max(100).optional().describe('Exact action, or a prefix ending in "." (lease.)'),
  from: IsoDateTime.optional().describe('Events at or after this instant'),
  to: IsoDateTime.optional().describe('Events before this instant'),
});

export const auditRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; secret: string }> = async (app, { ctx }) => {
  app.get('/api/audit', {
    config: { auth: AUDIT_READERS },
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first: who changed what, before and after, when, why and under which policy rule',
      querystring: PageQuerySchema.extend(FilterSchema.shape),
      response: withProblems({ 200: pageSchema(AuditEntrySchema) }),
    },
  }, async (request) => {
    const { limit, offset, from, to, ...filter } = request.query;
    const page = await listAuditLog(ctx, requireActor(request), { ...filter, ...(from ? { from: new Date(from) } : {}), ...(to ? { to: new Date(to) } : {}) }, { limit, offset });
    return { items: page.items.map(presentAuditEntry), total: page.total, limit, offset };
  });

  app.get('/api/audit/verify', {
    config: { auth: AUDIT_READERS },
    schema: {
      tags: ['audit'],
      summary: 'Recompute every hash of the audit chain and name the first broken entry',
      response: withProblems({ 200: VerificationSchema }),
    },
  }, async (request) => presentVerification(await verifyAuditChain(ctx, requireActor(request).orgId)));

  app.get('/api/audit/export', {
    config: { auth: AUDIT_READERS },
    schema: {
      tags: ['audit'],
      summary: 'The whole audit chain as CSV (formula-safe cells) or JSON lines, streamed in chain order',
      querystring: z.object({ format: z.enum(['csv', 'jsonl'], { error: 'must be csv or jsonl' }).default('csv') }),
      produces: ['text/csv', 'application/x-ndjson'],
      response: withProblems({ 200: z.string().describe('CSV or JSON lines') }),
    },
  }, async (request, reply) => {
    const { format } = request.query;
    const actor = requireActor(request);
    reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log.${format}"`);
    // A stream bypasses the response serializer; the 200 schema above documents the body for OpenAPI.
    return reply.send(Readable.from(exportAuditLog(ctx, actor.orgId, format)) as unknown as string);
  });
};
