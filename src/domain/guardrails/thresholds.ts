import type { Cents } from '../money.ts';

/** Budget threshold watch: which percentages of a budget a period's spend has crossed, each once per period. */
export const DEFAULT_THRESHOLDS: readonly number[] = [50, 80, 100];

/** Per budget (department or organization): the period being watched and the thresholds already fired in it. */
export type BudgetWatchState = Readonly<{ period: string | null; fired: readonly number[] }>;

export const EMPTY_WATCH: BudgetWatchState = { period: null, fired: [] };

export type BudgetObservation = Readonly<{ period: string; spendCents: Cents; budgetCents: Cents }>;

export type BudgetEvent =
  | Readonly<{ kind: 'threshold'; period: string; percent: number; spendCents: Cents; budgetCents: Cents }>
  | Readonly<{ kind: 'period_reset'; period: string; previousPeriod: string }>;

/** The thresholds (percent) that `spendCents` has reached against `budgetCents`, ascending. No budget, none. */
export function crossedThresholds(spendCents: Cents, budgetCents: Cents, thresholds: readonly number[]): number[] {
  if (budgetCents <= 0) return [];
  // Integer comparison (spend × 100 ≥ budget × pct) so 80% of $1,000.01 is judged without float error.
  return [...new Set(thresholds)].sort((a, b) => a - b).filter((pct) => spendCents * 100 >= budgetCents * pct);
}

/**
 * One step of the watch: a period change emits one reset notice and clears what fired; then every
 * threshold reached and not yet fired in the period fires. A threshold never fires twice in a period,
 * even if spend dips (a corrected import) and rises again.
 */
export function stepBudgetWatch(state: BudgetWatchState, observation: BudgetObservation, thresholds: readonly number[] = DEFAULT_THRESHOLDS): { state: BudgetWatchState; events: BudgetEvent[] } {
  const events: BudgetEvent[] = [];
  let fired = state.fired;
  if (state.period !== observation.period) {
    if (state.period !== null && observation.period > state.period) events.push({ kind: 'period_reset', period: observation.period, previousPeriod: state.period });
    fired = [];
  }
  const fresh = crossedThresholds(observation.spendCents, observation.budgetCents, thresholds).filter((pct) => !fired.includes(pct));
  for (const percent of fresh) events.push({ kind: 'threshold', period: observation.period, percent, spendCents: observation.spendCents, budgetCents: observation.budgetCents });
  return { state: { period: observation.period, fired: [...fired, ...fresh].sort((a, b) => a - b) }, events };
}
