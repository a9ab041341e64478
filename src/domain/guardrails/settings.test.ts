import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, PolicyDocumentSchema } from '../policy.ts';
import { guardrailSettings } from './settings.ts';

describe('guardrailSettings', () => {
  it('fills the defaults when the policy has no guardrails section', () => {
    expect(guardrailSettings(DEFAULT_POLICY)).toEqual({ thresholds: [50, 80, 100], escalateAfterHours: 24, onBudgetExhausted: 'pause_auto_approval', orgMonthlyBudgetCents: null, meteredSources: ['anthropic_api'] });
  });
  it('reads a policy’s section, sorting and de-duplicating thresholds', () => {
    const policy = PolicyDocumentSchema.parse({ guardrails: { thresholds: [90, 75, 90], escalateAfterHours: 4, onBudgetExhausted: 'notify_only', orgMonthlyBudget: '12000.50' } });
    expect(guardrailSettings(policy)).toMatchObject({ thresholds: [75, 90], escalateAfterHours: 4, onBudgetExhausted: 'notify_only', orgMonthlyBudgetCents: 12_000_50 });
  });
  it('rejects unknown guardrail keys', () => {
    expect(PolicyDocumentSchema.safeParse({ guardrails: { pauseEveryone: true } }).success).toBe(false);
  });
});
