import type { Database } from '../client.ts';

export function createAlertRepository(_db: Database) {
  return {};
}
