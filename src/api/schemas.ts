import { z } from 'zod';

export const IdParamsSchema = z.object({ id: z.uuid({ error: 'must be a UUID' }) });

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page (1–500)'),
  offset: z.coerce.number().int().min(0).default(0).describe('Items to skip'),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), line: z.number().int().optional() })).optional(),
  })
  .describe('RFC 9457 problem details');

/** Adds the problem responses every route can give to a route's success responses. */
export function withProblems<T extends Record<number, z.ZodType>>(responses: T) {
  return { ...responses, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

export const IsoDate = z.iso.date({ error: 'must be a date in YYYY-MM-DD form' });
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
export const MoneyString = z.string().regex(/^\d+(\.\d{1,2})?$/, { error: 'must be an amount like 100 or 99.50' });
export const CadenceSchema = z.enum(['monthly', 'annual']);
export const RoleSchema = z.enum(['primary_owner', 'owner', 'admin', 'dept_lead', 'member', 'auditor']);

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
