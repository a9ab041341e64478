import type { Database } from '../client.ts';

export function createGovernanceRepository(_db: Database) {
  return {};
}
