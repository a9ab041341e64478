import { z } from 'zod';
import type { ReplayInputs } from '../../../app/lab/replay-org.ts';
import type { LabScenarioInfo } from '../../../app/lab/simulate.ts';
import { addDays } from '../../../domain/dates.ts';
import { POLICY_IDS, type Interval, type LabResult } from '../../../sim/lab/types.ts';

export const PolicyIdSchema = z.enum(POLICY_IDS);
const IntervalSchema = z.object({ mean: z.number(), lo: z.number(), hi: z.number() }).describe('Mean over seeds and its 95% interval');
const PolicySummarySchema = z.object({
  id: PolicyIdSchema,
  name: z.string(),
  cost: IntervalSchema.describe('USD over the horizon'),
  costRatioToOracle: IntervalSchema,
  poolSeats: IntervalSchema,
  unmetDemandShare: IntervalSchema,
  servedShare: IntervalSchema,
  gini: IntervalSchema,
  jain: IntervalSchema,
  tenureApprovalRatio: IntervalSchema.nullable().describe('Four-fifths ratio of junior vs senior approval; below 0.8 is flagged'),
  isFourFifthsFlagged: z.boolean(),
  churn: IntervalSchema,
  manualDecisionsPerMonth: IntervalSchema,
  forecastError: IntervalSchema,
  costByPeriod: z.array(IntervalSchema).describe('Weekly bill in USD, one per week of `periods`'),
});
export const LabResultSchema = z.object({
  scenario: z.object({ id: z.string(), name: z.string(), weeks: z.number().int(), start: z.string() }),
  seeds: z.array(z.number().int()),
  currency: z.literal('USD'),
  periods: z.array(z.string()).describe('First day (a Monday) of each week of the horizon'),
  oracle: z.object({ cost: IntervalSchema, poolSeats: IntervalSchema, costByPeriod: z.array(IntervalSchema) }),
  policies: z.array(PolicySummarySchema),
});

const iv = (i: Interval) => ({ mean: i.mean, lo: i.lo, hi: i.hi });

export function presentLabResult(r: LabResult): z.infer<typeof LabResultSchema> {
  return {
    scenario: { ...r.scenario },
    seeds: [...r.seeds],
    currency: r.currency,
    periods: Array.from({ length: r.scenario.weeks }, (_, i) => addDays(r.scenario.start, 7 * i)),
    oracle: { cost: iv(r.oracle.cost), poolSeats: iv(r.oracle.poolSeats), costByPeriod: (r.oracle.costByPeriod ?? []).map(iv) },
    policies: r.policies.map((p) => ({
      id: p.id,
      name: p.name,
      cost: iv(p.cost),
      costRatioToOracle: iv(p.costRatioToOracle),
      poolSeats: iv(p.poolSeats),
      unmetDemandShare: iv(p.unmetDemandShare),
      servedShare: iv(p.servedShare),
      gini: iv(p.gini),
      jain: iv(p.jain),
      tenureApprovalRatio: p.tenureApprovalRatio ? iv(p.tenureApprovalRatio) : null,
      isFourFifthsFlagged: p.tenureApprovalRatio !== null && p.tenureApprovalRatio.mean < 0.8,
      churn: iv(p.churn),
      manualDecisionsPerMonth: iv(p.manualDecisionsPerMonth),
      forecastError: iv(p.forecastError),
      costByPeriod: (p.costByPeriod ?? []).map(iv),
    })),
  };
}

export const ScenarioInfoSchema = z.object({ id: z.string(), name: z.string(), description: z.string(), people: z.number().int(), weeks: z.number().int(), warmupWeeks: z.number().int(), start: z.string(), maxSeeds: z.number().int().describe('Most seeds a synchronous run of this scenario may ask for') });
export const presentScenario = (s: LabScenarioInfo): z.infer<typeof ScenarioInfoSchema> => ({ ...s });

export const ReplayInputsSchema = z.object({
  window: z.object({ from: z.string(), to: z.string(), weeks: z.number().int() }),
  warmup: z.object({ from: z.string(), weeks: z.number().int() }),
  people: z.number().int(),
  usageRows: z.number().int(),
  limitHitDays: z.number().int(),
  sprints: z.number().int().describe('Sprints of the project calendar'),
  calendar: z.enum(['leases', 'bursts']).describe('leases: the leases people asked for; bursts: inferred from usage (hindsight)'),
  premiumSeats: z.number().int(),
  prices: z.object({ standardMonthCents: z.number().int(), premiumMonthCents: z.number().int(), enterpriseSeatMonthCents: z.number().int(), paygCentsPerMessage: z.number() }),
  limits: z.object({ standardDailyMessages: z.number(), premiumDailyMessages: z.number() }),
  notes: z.array(z.string()),
});
export const presentReplayInputs = (i: ReplayInputs): z.infer<typeof ReplayInputsSchema> => ({ ...i, window: { ...i.window }, warmup: { ...i.warmup }, prices: { ...i.prices }, limits: { ...i.limits }, notes: [...i.notes] });

/** The report link for a run the GET endpoint can recompute (built-in scenario or replay window). */
export function reportUrl(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  return `/api/lab/report.html?${params.toString()}`;
}
