/**
 * Result types of the policy lab. The HTML report and the web lab page are built on these; they are
 * plain JSON-serializable data. Money is integer cents (USD). Rates and shares are fractions in [0, 1]
 * unless stated. A "need day" is a person-day whose wanted messages exceed the standard tier's daily
 * limit; it is served when the person holds premium that day.
 */

export const POLICY_IDS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

/** The metrics of one policy on one seed (one realized world). */
export type PolicyRunMetrics = Readonly<{
  policyId: PolicyId;
  /** Total AI bill over the horizon in cents: every seat bought (or the pay-as-you-go bill for P6). */
  costCents: number;
  /** costCents / the hindsight oracle's cost for the same world (below 1 means it left demand unmet). */
  costRatioToOracle: number;
  /** Premium seats bought (the pool); 0 for P6. */
  poolSeats: number;
  needDays: number;
  unmetDays: number;
  /** unmetDays / needDays (0 when nobody needed premium). */
  unmetDemandShare: number;
  /** 1 − unmetDemandShare. */
  servedShare: number;
  /** Gini coefficient of each needing person's served/needed share (0 = equal). */
  gini: number;
  /** Jain's index of the same shares (1 = equal). */
  jain: number;
  /**
   * Approval-rate ratio by tenure band (four-fifths rule): the lowest band's rate over the highest, where
   * a band's rate is the share of its person-quarters with need in which the person held premium in at
   * least one need week. Bands: junior (< seniorTenureYears) and senior. Null when a band had no need.
   */
  tenureApprovalRatio: number | null;
  /** Tier changes per person-month of employment. */
  churn: number;
  /** Decisions a person made by hand (approvals, reviews, compliance checks) per month. */
  manualDecisionsPerMonth: number;
  /** |actual − budgeted| / budgeted, where the budget is what the policy planned to spend up front. */
  forecastError: number;
  /**
   * The bill per week of the measured horizon in cents (week i starts on horizon start + 7i days); sums
   * to costCents up to rounding. Optional: filled by runWorld, absent in results made before it existed.
   */
  costByPeriod?: readonly number[];
}>;

export type SeedRun = Readonly<{
  seed: number;
  people: number;
  oracle: OracleResult;
  policies: readonly PolicyRunMetrics[];
}>;

/** The hindsight oracle's answer for one world. */
export type OracleResult = Readonly<{
  costCents: number;
  poolSeats: number;
  /** Premium seat-blocks (cadence periods: weeks in the lab) the oracle holds: the minimal cover of need. */
  premiumSeatBlocks: number;
  /** The oracle's bill per week of the horizon in cents (as PolicyRunMetrics.costByPeriod). Optional. */
  costByPeriod?: readonly number[];
}>;

/** A mean over seeds with its 95% interval (Student t on the seed means; lo = hi = mean for one seed). */
export type Interval = Readonly<{ mean: number; lo: number; hi: number }>;

/** One policy summarized over seeds: each metric as an Interval. JSON field names are the CLI's. */
export type PolicySummary = Readonly<{
  id: PolicyId;
  name: string;
  cost: Interval;
  costRatioToOracle: Interval;
  poolSeats: Interval;
  unmetDemandShare: Interval;
  servedShare: Interval;
  gini: Interval;
  jain: Interval;
  /** Over the seeds where it was defined (`null` when never). */
  tenureApprovalRatio: Interval | null;
  churn: Interval;
  manualDecisionsPerMonth: Interval;
  forecastError: Interval;
  /** Weekly bill in USD over the horizon, mean and 95% interval over seeds per week. Optional. */
  costByPeriod?: readonly Interval[];
}>;

export type LabResult = Readonly<{
  scenario: Readonly<{ id: string; name: string; weeks: number; start: string }>;
  seeds: readonly number[];
  /** Cost unit of `cost` intervals: US dollars over the horizon. */
  currency: 'USD';
  oracle: Readonly<{ cost: Interval; poolSeats: Interval; costByPeriod?: readonly Interval[] }>;
  policies: readonly PolicySummary[];
  /** Per-seed detail, for reports. */
  runs: readonly SeedRun[];
}>;
