import { z } from 'zod';
import { MAX_SEATS } from '../domain/apportionment.ts';
import { MAX_MONEY } from '../domain/money.ts';

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

/**
 * A non-negative decimal given as a string that fits a numeric(precision, scale) column: at most
 * `integerDigits` digits before the point and `decimals` after it. A well-formed value that is too
 * large says so ("must be at most …") rather than repeating the format.
 */
export function decimalString(options: { integerDigits: number; decimals: number; format: string }) {
  const { integerDigits, decimals, format } = options;
  const max = `${'9'.repeat(integerDigits)}.${'9'.repeat(decimals)}`;
  const wellFormed = new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`);
  return z.string().regex(new RegExp(`^\\d{1,${integerDigits}}(\\.\\d{1,${decimals}})?$`), {
    error: (issue) => (typeof issue.input === 'string' && wellFormed.test(issue.input) ? `must be at most ${max}` : format),
    abort: true,
  });
}

export { MAX_MONEY };
export const MoneyString = decimalString({ integerDigits: 10, decimals: 2, format: 'must be an amount like 100 or 99.50' }).describe(`USD, at most ${MAX_MONEY}`);

/** A whole number stored in an integer column, with bounds that say what they count. */
export function wholeNumber(options: { min: number; max: number; unit: string }) {
  const { min, max, unit } = options;
  return z
    .number({ error: `must be a whole number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be ${min} or more` })
    .max(max, { error: `must be at most ${max} ${unit}` });
}

/** A number of seats, as far as the allocation engine counts them. */
export const SeatCount = wholeNumber({ min: 0, max: MAX_SEATS, unit: 'seats' });

export const CadenceSchema = z.enum(['monthly', 'annual']);
export const RoleSchema = z.enum(['primary_owner', 'owner', 'admin', 'dept_lead', 'member', 'auditor']);

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
