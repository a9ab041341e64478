import type { CatalogInsert } from '../../db/repositories/seat.repository.ts';

/**
 * List prices the catalog starts with. Anthropic Team: standard $25 annual / $30 monthly (1.25x Pro usage),
 * premium $100 annual / $125 monthly (6.25x Pro). Help-center copies differ on the premium price (one
 * shows $150); admins correct prices by adding a newer effective-dated entry, never by editing code.
 */
export const DEFAULT_CATALOG: readonly CatalogInsert[] = [
  { vendor: 'anthropic', plan: 'team', tier: 'standard', cadence: 'annual', pricePerSeatMonth: '25.00', usageMultiplier: '1.25', effectiveFrom: '2025-01-01', effectiveTo: null, source: 'support.claude.com/articles/9267289' },
  { vendor: 'anthropic', plan: 'team', tier: 'standard', cadence: 'monthly', pricePerSeatMonth: '30.00', usageMultiplier: '1.25', effectiveFrom: '2025-01-01', effectiveTo: null, source: 'support.claude.com/articles/9267289' },
  { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', pricePerSeatMonth: '100.00', usageMultiplier: '6.25', effectiveFrom: '2025-01-01', effectiveTo: null, source: 'Team premium list price, annual billing' },
  { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'monthly', pricePerSeatMonth: '125.00', usageMultiplier: '6.25', effectiveFrom: '2025-01-01', effectiveTo: null, source: 'Team premium list price, monthly billing' },
  { vendor: 'anthropic', plan: 'pro', tier: 'individual', cadence: 'monthly', pricePerSeatMonth: '20.00', usageMultiplier: '1.00', effectiveFrom: '2025-01-01', effectiveTo: null, source: 'Individual Pro plan: the usage multiplier reference' },
  { vendor: 'github', plan: 'copilot-business', tier: 'business', cadence: 'monthly', pricePerSeatMonth: '19.00', usageMultiplier: null, effectiveFrom: '2025-01-01', effectiveTo: null, source: 'GitHub Copilot Business list price' },
  { vendor: 'github', plan: 'copilot-enterprise', tier: 'enterprise', cadence: 'monthly', pricePerSeatMonth: '39.00', usageMultiplier: null, effectiveFrom: '2025-01-01', effectiveTo: null, source: 'GitHub Copilot Enterprise list price' },
];
