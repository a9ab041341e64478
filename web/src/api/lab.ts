import { useMutation, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';

/** Policy lab: built-in scenarios, synchronous runs, replays of the organization's history. */
export const LAB_POLICY_IDS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'] as const;
export type LabPolicyId = (typeof LAB_POLICY_IDS)[number];
export const LAB_POLICY_NAMES: Readonly<Record<LabPolicyId, string>> = {
  P1: 'Static by seniority',
  P2: 'Survey + manager approval',
  P3: 'Pooled sprint leases',
  P4: 'Budgets + borrowing + leases',
  P5: 'Seatwise',
  P6: 'Enterprise pay-as-you-go',
};
/** The same colors as the HTML report (src/sim/report.ts). */
export const LAB_COLORS: Readonly<Record<string, string>> = { P1: '#7c3aed', P2: '#db2777', P3: '#ea580c', P4: '#0891b2', P5: '#16a34a', P6: '#2563eb', oracle: '#111827' };

export type LabInterval = Readonly<{ mean: number; lo: number; hi: number }>;
export type LabPolicySummary = Readonly<{
  id: LabPolicyId;
  name: string;
  cost: LabInterval;
  costRatioToOracle: LabInterval;
  poolSeats: LabInterval;
  unmetDemandShare: LabInterval;
  servedShare: LabInterval;
  gini: LabInterval;
  jain: LabInterval;
  tenureApprovalRatio: LabInterval | null;
  isFourFifthsFlagged: boolean;
  churn: LabInterval;
  manualDecisionsPerMonth: LabInterval;
  forecastError: LabInterval;
  costByPeriod: LabInterval[];
}>;
export type LabResult = Readonly<{
  scenario: Readonly<{ id: string; name: string; weeks: number; start: string }>;
  seeds: number[];
  currency: 'USD';
  periods: string[];
  oracle: Readonly<{ cost: LabInterval; poolSeats: LabInterval; costByPeriod: LabInterval[] }>;
  policies: LabPolicySummary[];
}>;
export type LabScenario = Readonly<{ id: string; name: string; description: string; people: number; weeks: number; warmupWeeks: number; start: string; maxSeeds: number }>;
export type ReplayInputs = Readonly<{
  window: Readonly<{ from: string; to: string; weeks: number }>;
  warmup: Readonly<{ from: string; weeks: number }>;
  people: number;
  usageRows: number;
  limitHitDays: number;
  sprints: number;
  calendar: 'leases' | 'bursts';
  premiumSeats: number;
  prices: Readonly<{ standardMonthCents: number; premiumMonthCents: number; enterpriseSeatMonthCents: number; paygCentsPerMessage: number }>;
  limits: Readonly<{ standardDailyMessages: number; premiumDailyMessages: number }>;
  notes: string[];
}>;
export type LabRun = Readonly<{ result: LabResult; reportUrl: string | null; inputs?: ReplayInputs }>;

export type LabRequest =
  | Readonly<{ kind: 'scenario'; scenario: string; policies: LabPolicyId[]; seeds: number }>
  | Readonly<{ kind: 'replay'; from: string; to: string; policies: LabPolicyId[]; calendar: LabCalendar }>;
export type LabCalendar = 'auto' | 'leases' | 'bursts';

export function useLabScenarios() {
  return useQuery({ queryKey: ['lab', 'scenarios'], queryFn: ({ signal }) => apiFetch<{ items: LabScenario[] }>('/api/lab/scenarios', { signal }), staleTime: Infinity });
}

/** Runs the lab: a scenario (seeds 1…n) or a replay of our history over a window (the GET forms, open to auditors too). */
export function useLabRun() {
  return useMutation({
    mutationFn: (request: LabRequest): Promise<LabRun> =>
      request.kind === 'scenario'
        ? apiFetch<LabRun>('/api/lab/simulate', { query: { scenario: request.scenario, policies: request.policies.join(','), seeds: request.seeds } })
        : apiFetch<LabRun>('/api/lab/replay', { query: { from: request.from, to: request.to, policies: request.policies.join(','), calendar: request.calendar } }),
  });
}
