import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { runLeaseSweep } from '../app/leases/sweep.ts';
import { runReviewSweep } from '../app/usage/reviews.ts';

export const LEASE_SWEEP_JOB = 'lease-sweep';

export const LeaseSweepPayloadSchema = z.object({ orgId: z.uuid() });
export type LeaseSweepPayload = z.infer<typeof LeaseSweepPayloadSchema>;

/** Starts and ends due leases, grants freed seats to the waitlist and sends reminders. Idempotent. */
export async function handleLeaseSweep(ctx: AppContext, payload: unknown): Promise<'done'> {
  const { orgId } = LeaseSweepPayloadSchema.parse(payload);
  await runLeaseSweep(ctx, orgId);
  await runReviewSweep(ctx, orgId);
  return 'done';
}
