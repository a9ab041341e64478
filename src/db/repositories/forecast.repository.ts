import type { Database } from '../client.ts';

export function createForecastRepository(_db: Database) {
  return {};
}
