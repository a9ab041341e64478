// Table types for the tables added by migration(s) of this area, until the next regeneration of schema.ts
// (npm run db:codegen) folds them in. Import column helpers from './schema.ts' (Generated, Timestamp, Json, Numeric).
import type { Generated, Json, Numeric, Timestamp } from './schema.ts';

export interface QuotaProposals {
  adjustedAt: Timestamp | null;
  adjustedBy: string | null;
  adjustReason: string | null;
  afterBudget: Numeric | null;
  afterNominal: number | null;
  beforeBudget: Numeric | null;
  beforeNominal: number;
  computedBudget: Numeric;
  computedNominal: number;
  createdAt: Generated<Timestamp>;
  createdBy: string | null;
  decidedAt: Timestamp | null;
  decidedBy: string | null;
  decisionNote: string | null;
  departmentId: string;
  id: Generated<string>;
  inputs: Json;
  orgId: string;
  proposedBudget: Numeric;
  proposedNominal: number;
  quarterStart: string;
  reasons: Json;
  status: Generated<string>;
}

export interface PlanningTables {
  quotaProposals: QuotaProposals;
}
