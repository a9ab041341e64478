import type { Database } from '../client.ts';

export function createFairnessRepository(_db: Database) {
  return {};
}
