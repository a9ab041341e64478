// Table types for the tables added by migration(s) of this area, until the next regeneration of schema.ts
// (npm run db:codegen) folds them in. Import column helpers from './schema.ts' (Generated, Timestamp, Json, Numeric).
import type { Generated, Json, Numeric, Timestamp } from './schema.ts';

export interface SurveyCampaigns {
  id: Generated<string>;
  orgId: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  status: Generated<string>;
  usdPerHour: Numeric;
  rateSource: string;
  openedBy: string | null;
  openedAt: Generated<Timestamp>;
  closedAt: Timestamp | null;
}

export interface SurveyQuestions {
  id: Generated<string>;
  campaignId: string;
  position: number;
  key: string;
  prompt: string;
  kind: string;
  options: Generated<string[]>;
  isRequired: Generated<boolean>;
}

export interface SurveyResponses {
  id: Generated<string>;
  campaignId: string;
  personId: string;
  departmentId: string | null;
  answers: Json;
  weeklyHours: Numeric;
  submittedAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ParticipationRules {
  id: Generated<string>;
  orgId: string;
  kind: string;
  appliesTo: string;
  isEnabled: Generated<boolean>;
  requiredCount: number;
  windowDays: number;
  graceDays: number;
  effectiveFrom: string;
  updatedBy: string | null;
  updatedAt: Generated<Timestamp>;
}

export interface ComplianceExemptions {
  id: Generated<string>;
  orgId: string;
  ruleId: string;
  personId: string;
  reason: string;
  validUntil: string | null;
  grantedBy: string | null;
  createdAt: Generated<Timestamp>;
  revokedAt: Timestamp | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export interface SurveyComplianceTables {
  surveyCampaigns: SurveyCampaigns;
  surveyQuestions: SurveyQuestions;
  surveyResponses: SurveyResponses;
  participationRules: ParticipationRules;
  complianceExemptions: ComplianceExemptions;
}
