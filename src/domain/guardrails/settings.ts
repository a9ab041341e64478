import { decimalToCents, type Cents } from '../money.ts';
import type { PolicyDocument } from '../policy.ts';
import { DEFAULT_THRESHOLDS } from './thresholds.ts';

/** Guardrail settings with every default filled in, from the `guardrails` section of the policy. */
export type GuardrailSettings = Readonly<{
  thresholds: readonly number[];
  escalateAfterHours: number;
  onBudgetExhausted: 'pause_auto_approval' | 'notify_only';
  /** null: the sum of department budgets. */
  orgMonthlyBudgetCents: Cents | null;
  meteredSources: readonly string[];
}>;

/** Usage billed per token (the Anthropic API); seat plans' usage is included in the seat price. */
export const DEFAULT_METERED_SOURCES: readonly string[] = ['anthropic_api'];

export function guardrailSettings(policy: Pick<PolicyDocument, 'guardrails'>): GuardrailSettings {
  const g = policy.guardrails ?? {};
  return {
    thresholds: [...new Set(g.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => a - b),
    escalateAfterHours: g.escalateAfterHours ?? 24,
    onBudgetExhausted: g.onBudgetExhausted ?? 'pause_auto_approval',
    orgMonthlyBudgetCents: g.orgMonthlyBudget ? decimalToCents(g.orgMonthlyBudget) : null,
    meteredSources: g.meteredSources ?? DEFAULT_METERED_SOURCES,
  };
}
