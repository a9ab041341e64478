import type { Migration } from 'kysely';
import * as m202611271500 from './202611271500_core_schema.ts';
import * as m202611271600 from './202611271600_allocation.ts';
import * as m202611271700 from './202611271700_usage_ingestion.ts';
import * as m202611271800 from './202611271800_seat_reviews.ts';
import * as m202611271900 from './202611271900_allocation_indexes.ts';
import * as m202611272000 from './202611272000_shared_planning_inputs.ts';
import * as m202611272010 from './202611272010_alerts.ts';
import * as m202611272020 from './202611272020_audit_chain.ts';
import * as m202611272030 from './202611272030_surveys_compliance.ts';
import * as m202611272040 from './202611272040_planning.ts';
import * as m202611272050 from './202611272050_usage_connectors.ts';
import * as m202611272060 from './202611272060_calendar.ts';
import * as m202611272065 from './202611272065_quota_history.ts';
import * as m202611272070 from './202611272070_usage_daily_day_major.ts';

/** Every migration, in order. Add new files here; names sort by timestamp. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '202611271500_core_schema': m202611271500,
  '202611271600_allocation': m202611271600,
  '202611271700_usage_ingestion': m202611271700,
  '202611271800_seat_reviews': m202611271800,
  '202611271900_allocation_indexes': m202611271900,
  '202611272000_shared_planning_inputs': m202611272000,
  '202611272010_alerts': m202611272010,
  '202611272020_audit_chain': m202611272020,
  '202611272030_surveys_compliance': m202611272030,
  '202611272040_planning': m202611272040,
  '202611272050_usage_connectors': m202611272050,
  '202611272060_calendar': m202611272060,
  '202611272065_quota_history': m202611272065,
  '202611272070_usage_daily_day_major': m202611272070,
};
