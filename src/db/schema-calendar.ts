// Table types for the tables added by migration 202611272060_calendar, until the next regeneration of
// schema.ts (npm run db:codegen) folds them in.
import type { Generated, Timestamp } from './schema.ts';

export interface OrgHolidays {
  createdAt: Generated<Timestamp>;
  day: string;
  name: string;
  orgId: string;
}

export interface CalendarTables {
  orgHolidays: OrgHolidays;
}
