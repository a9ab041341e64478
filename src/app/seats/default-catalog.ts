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
  // Metered lines for forecasting and plan comparison. `usageMultiplier` on a metered line is the
  // price per USD of usage at standard API list rates (1.00 = billed at API rates); the seat price is 0.
  { vendor: 'anthropic', plan: 'team', tier: 'extra-usage', cadence: 'monthly', pricePerSeatMonth: '0.00', usageMultiplier: '1.00', effectiveFrom: '2025-01-01', effectiveTo: null, source: 'Team extra usage beyond seat limits, billed at standard API rates (support.claude.com, extra usage for Team and Enterprise)' },
  // Enterprise (usage-based): a seat fee billed annually that includes no usage, plus every token at
  // standard API rates; minimum 20 seats (support.claude.com/articles/11526368 and 13393991). The seat
  // price is sales-quoted and not published: $20 is a planning placeholder; add the quoted price as a
  // newer catalog entry.
  { vendor: 'anthropic', plan: 'enterprise', tier: 'enterprise', cadence: 'annual', pricePerSeatMonth: '20.00', usageMultiplier: null, effectiveFrom: '2025-01-01', effectiveTo: null, source: 'Enterprise seat fee, planning placeholder (sales-quoted; support.claude.com/articles/11526368)' },
  { vendor: 'anthropic', plan: 'enterprise', tier: 'usage', cadence: 'monthly', pricePerSeatMonth: '0.00', usageMultiplier: '1.00', effectiveFrom: '2025-01-01', effectiveTo: null, source: 'Enterprise usage at standard API rates (support.claude.com/articles/11526368)' },
];
