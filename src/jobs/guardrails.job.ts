import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { runGuardrails } from '../app/alerts/evaluate.ts';

export const GUARDRAILS_JOB = 'guardrails';

/** Hourly, after the usage sync (minute 17) has had time to land. */
export const GUARDRAILS_CRON = '37 * * * *';

export const GuardrailsPayloadSchema = z.object({ orgId: z.uuid() });
export type GuardrailsPayload = z.infer<typeof GuardrailsPayloadSchema>;

/**
 * Evaluates budget thresholds, cost surges, pauses and escalations, then delivers alerts. Idempotent
 * (alerts and deliveries are keyed). Throws when a channel delivery failed so pg-boss retries it.
 */
export async function handleGuardrails(ctx: AppContext, payload: unknown, deps: { secret: string }): Promise<'done'> {
  const { orgId } = GuardrailsPayloadSchema.parse(payload);
  const run = await runGuardrails(ctx, orgId, deps);
  const failed = run.deliveries.filter((d) => d.status === 'failed');
  if (failed.length > 0) throw new Error(`alert delivery failed: ${failed.map((d) => `${d.channelName ?? d.target}: ${d.error}`).join('; ')}`);
  return 'done';
}
