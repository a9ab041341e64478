import { z } from 'zod';
import { CONNECTOR_NAMES, type ConnectorDeps } from '../app/connectors/connectors.ts';
import { syncConfiguredConnectors } from '../app/connectors/sync.ts';
import type { AppContext } from '../app/context.ts';

export const USAGE_SYNC_JOB = 'usage-sync';

/** Hourly, off the top of the hour (vendors see fewer synchronized callers). */
export const USAGE_SYNC_CRON = '17 * * * *';

export const UsageSyncPayloadSchema = z.object({ orgId: z.uuid(), connector: z.enum(CONNECTOR_NAMES).optional() });
export type UsageSyncPayload = z.infer<typeof UsageSyncPayloadSchema>;

/**
 * Pulls vendor usage and seats for every configured connector (or the one named). Idempotent: reports
 * are written in replace mode and seats mirrored by login. Throws when a connector failed so pg-boss
 * retries; `skipped` when nothing is configured.
 */
export async function handleUsageSync(ctx: AppContext, payload: unknown, deps: ConnectorDeps): Promise<'done' | 'skipped'> {
  const { orgId, connector } = UsageSyncPayloadSchema.parse(payload);
  const results = await syncConfiguredConnectors(ctx, orgId, deps, connector);
  if (results.length === 0) return 'skipped';
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) throw new Error(`usage sync failed: ${failed.map((r) => `${r.connector}: ${r.error}`).join('; ')}`);
  return 'done';
}
