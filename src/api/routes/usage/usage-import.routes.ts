import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { chunksOf, importUsageCsv, listUsageImports, type UsageImportLine } from '../../../app/usage/import-usage-csv.ts';
import { ADMIN_ROLES, type Role } from '../../../domain/roles.ts';
import { AppError } from '../../../errors.ts';
import { requireActor } from '../../plugins/auth.ts';
import { iso, isoOrNull, PageQuerySchema, withProblems } from '../../schemas.ts';

/** Admins import; auditors also read the history. */
const HISTORY_ROLES: readonly Role[] = [...ADMIN_ROLES, 'auditor'];

const ImportResultSchema = z.object({
  importId: z.uuid(),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  unmatched: z.number().int().describe('Rows whose email matched nobody (kept in the unmatched identities list)'),
});

const UsageImportSchema = z.object({
  id: z.uuid(),
  source: z.string().describe('csv, or the connector that ran'),
  filename: z.string().nullable(),
  status: z.string().describe('succeeded, failed (nothing written) or running'),
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  unmatched: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), path: z.string(), message: z.string() })).describe('First 50 problems of a failed import'),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const presentImport = (i: UsageImportLine): z.infer<typeof UsageImportSchema> => ({
  id: i.id,
  source: i.source,
  filename: i.filename,
  status: i.status,
  rows: i.rows,
  inserted: i.inserted,
  updated: i.updated,
  unchanged: i.unchanged,
  unmatched: i.unmatched,
  errors: i.errors.map((e) => ({ line: e.line, path: e.path, message: e.message })),
  startedAt: iso(i.startedAt),
  finishedAt: isoOrNull(i.finishedAt),
});

/** CSV usage import: upload and import history. */
export const usageImportRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post('/api/usage/imports', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['usage'],
      summary: 'Import daily usage from CSV (date,email[,source,messages,input_tokens,output_tokens,cost_usd,limit_hits,active_minutes]); all or nothing, idempotent by date, person and source; up to 10 MB (bigger files: the CLI)',
      consumes: ['text/csv'],
      querystring: z.object({
        map: z.string().max(2000).optional().describe('Column mapping for other export shapes: "Date=date,User Email=email,Extra=-" (- ignores a column)'),
        filename: z.string().trim().min(1).max(255).optional().describe('Name kept in the import history'),
      }),
      response: withProblems({ 200: ImportResultSchema }),
    },
  }, async (request) => {
    const actor = requireActor(request);
    if (!Buffer.isBuffer(request.body)) {
      throw new AppError('VALIDATION_FAILED', { message: 'Send the CSV file as the request body with content-type text/csv', details: [{ path: 'body', message: 'must be a text/csv file' }] });
    }
    return importUsageCsv(ctx, actor, { bytes: chunksOf(request.body), filename: request.query.filename ?? null, map: request.query.map });
  });

  app.get('/api/usage/imports', {
    config: { auth: HISTORY_ROLES },
    schema: {
      tags: ['usage'],
      summary: 'Usage import history (CSV uploads and connector runs), newest first',
      querystring: PageQuerySchema,
      response: withProblems({ 200: z.object({ items: z.array(UsageImportSchema) }) }),
    },
  }, async (request) => ({ items: (await listUsageImports(ctx, requireActor(request).orgId, request.query)).map(presentImport) }));
};
