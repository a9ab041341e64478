import type { Database } from '../client.ts';

export function createPlanningRepository(_db: Database) {
  return {};
}
