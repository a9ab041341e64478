import { z } from 'zod';

/**
 * A policy-lab scenario: the synthetic company, its demand model, prices and the human actors around
 * the engine. Scenario files are JSON or YAML in src/sim/scenarios/ and are validated here. Every field
 * has a default so a file only states what differs; `seed-company.json` documents the calibration.
 */
const range = (min: number, max: number) => z.tuple([z.number().min(min).max(max), z.number().min(min).max(max)]).refine(([a, b]) => a <= b, 'the first bound must not exceed the second');
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const DepartmentSpecSchema = z
  .object({
    name: z.string().min(1),
    jobFamily: z.enum(['electronics_engineer', 'embedded_engineer', 'software_engineer', 'systems_engineer', 'project_manager', 'operations']),
    headcount: z.number().int().min(1).max(100_000),
    /** Messages on a typical weekday for a median member outside a burst. */
    baseMessages: z.number().min(0),
    /** Share of members who work in project sprints (bursts). */
    burstShare: z.number().min(0).max(1),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    description: z.string().default(''),
    horizon: z
      .object({
        /** First day of the measured horizon; must be a Monday (tier changes take effect on Mondays). */
        start: z.string().regex(DAY).refine((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1, 'must be a Monday'),
        weeks: z.number().int().min(1).max(156).default(52),
        /** History before the horizon: visible to need scores and to pool sizing, not measured. */
        warmupWeeks: z.number().int().min(0).max(52).default(12),
      })
      .strict(),
    departments: z.array(DepartmentSpecSchema).min(1),
    limits: z.object({ standardDailyMessages: z.number().positive().default(45), premiumDailyMessages: z.number().positive().default(225) }).strict().default({ standardDailyMessages: 45, premiumDailyMessages: 225 }),
    prices: z
      .object({
        standardMonthCents: z.number().int().min(0).default(2500),
        premiumMonthCents: z.number().int().min(0).default(10000),
        /** Enterprise pay-as-you-go (P6): a platform fee per person-month plus usage per message. */
        enterpriseSeatMonthCents: z.number().int().min(0).default(4000),
        paygCentsPerMessage: z.number().min(0).default(12),
      })
      .strict()
      .default({ standardMonthCents: 2500, premiumMonthCents: 10000, enterpriseSeatMonthCents: 4000, paygCentsPerMessage: 12 }),
    demand: z
      .object({
        /** Per-person intensity is log-normal (heavy-tailed) around the department's base. */
        intensitySigma: z.number().min(0).max(3).default(0.55),
        dailyNoiseSigma: z.number().min(0).max(3).default(0.35),
        /** Sunday … Saturday. */
        weekdayFactors: z.array(z.number().min(0)).length(7).default([0.04, 1.0, 1.1, 1.1, 1.0, 0.75, 0.06]),
        adoption: z.object({ start: z.number().min(0).default(0.7), end: z.number().min(0).default(1.3) }).strict().default({ start: 0.7, end: 1.3 }),
        sprints: z
          .object({ periodWeeks: range(1, 52).default([5, 8]), lengthWeeks: z.number().int().min(1).max(12).default(2), factor: range(1, 20).default([2.5, 4.5]), teamSize: range(1, 50).default([3, 6]) })
          .strict()
          .default({ periodWeeks: [5, 8], lengthWeeks: 2, factor: [2.5, 4.5], teamSize: [3, 6] }),
        /** Company holidays (no use) and personal vacation weeks per person-year. */
        holidays: z.array(z.string().regex(DAY)).default([]),
        vacationWeeksPerYear: z.number().min(0).max(10).default(3),
      })
      .strict()
      .default({ intensitySigma: 0.55, dailyNoiseSigma: 0.35, weekdayFactors: [0.04, 1.0, 1.1, 1.1, 1.0, 0.75, 0.06], adoption: { start: 0.7, end: 1.3 }, sprints: { periodWeeks: [5, 8], lengthWeeks: 2, factor: [2.5, 4.5], teamSize: [3, 6] }, holidays: [], vacationWeeksPerYear: 3 }),
    workforce: z
      .object({
        annualAttrition: z.number().min(0).max(1).default(0.1),
        /** Leavers are replaced by new hires (tenure 0) after a vacancy. */
        replaceLeavers: z.boolean().default(true),
        vacancyWeeks: z.number().int().min(0).max(52).default(6),
        tenureYears: range(0, 50).default([0.1, 14]),
        /** Correlation between tenure and usage intensity (0: drawn independently). */
        tenureNeedCorrelation: z.number().min(-1).max(1).default(0),
      })
      .strict()
      .default({ annualAttrition: 0.1, replaceLeavers: true, vacancyWeeks: 6, tenureYears: [0.1, 14], tenureNeedCorrelation: 0 }),
    survey: z.object({ underPrediction: range(1, 20).default([3, 5]) }).strict().default({ underPrediction: [3, 5] }),
    /** The premium seats the company holds today (P1–P4 keep this pool). */
    currentPremiumSeats: z.number().int().min(0).default(12),
    actors: z
      .object({
        /** Manager approval bias toward seniority (P2): 0 is neutral; the manager's score grows by exp(bias × tenure z-score). */
        managerSeniorityBias: z.number().min(0).max(5).default(1),
        seniorTenureYears: z.number().min(0).default(5),
        /** Share of seniors who skip the quarterly use-case sharing (never enforced on them). */
        seniorNonCompliance: z.number().min(0).max(1).default(0.6),
        juniorNonCompliance: z.number().min(0).max(1).default(0.15),
        /** How many weeks ahead people request a sprint lease from the project calendar. */
        leaseLeadWeeks: z.number().int().min(0).max(8).default(1),
      })
      .strict()
      .default({ managerSeniorityBias: 1, seniorTenureYears: 5, seniorNonCompliance: 0.6, juniorNonCompliance: 0.15, leaseLeadWeeks: 1 }),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;
export type DepartmentSpec = z.infer<typeof DepartmentSpecSchema>;

/** Parses a scenario document (already decoded from JSON or YAML); throws a ZodError naming each bad field. */
export function parseScenario(document: unknown): Scenario {
  return ScenarioSchema.parse(document);
}
