import { PolicyDocumentSchema, type PolicyDocument } from '../../domain/policy.ts';
import type { PolicyId } from './types.ts';

/**
 * The six policies of the lab. Each is an engine policy document (the live engine's only knobs) plus
 * the organization's setup around it — how many premium seats are bought, how quotas and budgets are
 * set — and the human practice that produces requests (who asks, when, and who decides by hand).
 * Decisions the software makes are always the engine's (`src/sim/lab/engine-driver.ts`).
 */
export type PoolSizing = 'current' | 'forecast' | 'none';
export type QuotaBasis = 'none' | 'headcount' | 'need';
export type Practice = 'static-seniority' | 'survey-approval' | 'sprint-leases' | 'seatwise' | 'payg';

export type LabPolicy = Readonly<{
  id: PolicyId;
  name: string;
  description: string;
  document: PolicyDocument;
  /** current: the scenario's premium seats; forecast: the owner buys the 90th percentile of warm-up weekly need; none: no pool (P6). */
  pool: PoolSizing;
  quotas: QuotaBasis;
  /** Monthly department budget = base seats + nominal quota × premium delta × headroom; null: no budgets. */
  budgetHeadroom: number | null;
  practice: Practice;
}>;

const doc = (d: unknown) => PolicyDocumentSchema.parse(d);
/** Leases run whole weeks: tier changes take effect on Mondays. */
const WEEKLY = { lease: { minDays: 7, maxDays: 90 } };

export const LAB_POLICIES: readonly LabPolicy[] = [
  {
    id: 'P1',
    name: 'Static premium by seniority',
    description: 'The premium seats go to a fixed list of the most senior people; a leaver’s seat goes to the next most senior.',
    document: doc({ ...WEEKLY, autoApprove: { enabled: false } }),
    pool: 'current',
    quotas: 'none',
    budgetHeadroom: null,
    practice: 'static-seniority',
  },
  {
    id: 'P2',
    name: 'Survey + manager approval',
    description: 'Quarterly survey; managers approve permanent premium (biased toward seniority); quarterly use-case compliance enforced only on juniors; weekly usage-snapshot downgrade by the engine’s rightsizing fed one week of usage.',
    document: doc({ ...WEEKLY, autoApprove: { enabled: false } }),
    pool: 'current',
    quotas: 'none',
    budgetHeadroom: null,
    practice: 'survey-approval',
  },
  {
    id: 'P3',
    name: 'Pooled sprint leases',
    description: 'One shared pool; people lease premium for their sprints from the project calendar; first come, first served, with the waitlist.',
    document: doc({ ...WEEKLY }),
    pool: 'current',
    quotas: 'none',
    budgetHeadroom: null,
    practice: 'sprint-leases',
  },
  {
    id: 'P4',
    name: 'Department budgets + borrowing + leases',
    description: 'The pool is apportioned to departments by headcount with monthly budgets; sprint leases borrow idle quota; over-budget requests go to the owner.',
    document: doc({ ...WEEKLY, budget: { onExceed: 'owner_approval' } }),
    pool: 'current',
    quotas: 'headcount',
    budgetHeadroom: 1,
    practice: 'sprint-leases',
  },
  {
    id: 'P5',
    name: 'Seatwise recommended',
    description: 'Pool sized from warm-up need; quotas apportioned by need with budgets and borrowing; sprint leases plus leases on limit pressure; waitlist ordered by need score; monthly rightsizing (upgrade, downgrade, convert to lease).',
    document: doc({ ...WEEKLY, budget: { onExceed: 'owner_approval' } }),
    pool: 'forecast',
    quotas: 'need',
    budgetHeadroom: 1.25,
    practice: 'seatwise',
  },
  {
    id: 'P6',
    name: 'Enterprise pay-as-you-go',
    description: 'Everyone on an enterprise plan billed per message on top of a platform fee; no limits, no seats to govern.',
    document: doc({}),
    pool: 'none',
    quotas: 'none',
    budgetHeadroom: null,
    practice: 'payg',
  },
];

/** Resolves `all` or a comma-separated list of ids (case-insensitive) to policies, or names the unknown id. */
export function selectPolicies(spec: string): { ok: true; policies: LabPolicy[] } | { ok: false; message: string } {
  if (spec.trim().toLowerCase() === 'all') return { ok: true, policies: [...LAB_POLICIES] };
  const out: LabPolicy[] = [];
  for (const raw of spec.split(',')) {
    const id = raw.trim().toUpperCase();
    const policy = LAB_POLICIES.find((p) => p.id === id);
    if (!policy) return { ok: false, message: `unknown policy "${raw.trim()}"; valid: all, ${LAB_POLICIES.map((p) => p.id).join(', ')}` };
    if (!out.includes(policy)) out.push(policy);
  }
  return out.length ? { ok: true, policies: out } : { ok: false, message: 'no policy selected' };
}
