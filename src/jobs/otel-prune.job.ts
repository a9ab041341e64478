import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { pruneOtelSeries } from '../app/usage/ingest-otel.ts';

export const OTEL_PRUNE_JOB = 'otel-prune';

/** Daily, at a quiet hour (UTC). */
export const OTEL_PRUNE_CRON = '23 3 * * *';

export const OtelPrunePayloadSchema = z.object({ orgId: z.uuid() });
export type OtelPrunePayload = z.infer<typeof OtelPrunePayloadSchema>;

/**
 * Deletes OpenTelemetry series state older than the retention (see `pruneOtelSeries`). Idempotent:
 * a second run the same day finds nothing to delete and returns `skipped`.
 */
export async function handleOtelPrune(ctx: AppContext, payload: unknown): Promise<'done' | 'skipped'> {
  const { orgId } = OtelPrunePayloadSchema.parse(payload);
  const { deleted } = await pruneOtelSeries(ctx, orgId);
  return deleted > 0 ? 'done' : 'skipped';
}
