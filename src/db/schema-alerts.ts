// Table types for the tables added by migration(s) of this area, until the next regeneration of schema.ts
// (npm run db:codegen) folds them in. Import column helpers from './schema.ts' (Generated, Timestamp, Json, Numeric).
import type { Generated, Json, Timestamp } from './schema.ts';

export interface AlertChannels {
  id: Generated<string>;
  orgId: string;
  name: string;
  kind: string;
  audience: string;
  departmentId: string | null;
  targetHint: string;
  secret: string;
  isEnabled: Generated<boolean>;
  createdBy: string | null;
  createdAt: Generated<Timestamp>;
}

export interface Alerts {
  id: Generated<string>;
  orgId: string;
  kind: string;
  severity: string;
  departmentId: string | null;
  dedupKey: string;
  title: string;
  body: string;
  period: string | null;
  details: Generated<Json>;
  escalationLevel: Generated<number>;
  createdAt: Timestamp;
  acknowledgedAt: Timestamp | null;
  acknowledgedBy: string | null;
  acknowledgeNote: string | null;
}

export interface AlertDeliveries {
  id: Generated<string>;
  alertId: string;
  channelId: string | null;
  target: string;
  level: number;
  status: string;
  attempts: Generated<number>;
  error: string | null;
  attemptedAt: Timestamp;
}

export interface GuardrailPauses {
  orgId: string;
  departmentId: string;
  period: string;
  startedAt: Timestamp;
  liftedAt: Timestamp | null;
  liftedBy: string | null;
}

export interface AlertTables {
  alertChannels: AlertChannels;
  alerts: Alerts;
  alertDeliveries: AlertDeliveries;
  guardrailPauses: GuardrailPauses;
}
