// Table types for the tables added by migration(s) of this area, until the next regeneration of schema.ts
// (npm run db:codegen) folds them in. Import column helpers from './schema.ts' (Generated, Timestamp, Json, Numeric).

/** One link of an organization's audit hash chain (written only by the audit_chain_link trigger). */
export interface AuditChain {
  eventId: number;
  hash: string;
  orgId: string;
  prevHash: string;
  seq: number;
}

export interface AuditChainTables {
  auditChain: AuditChain;
}
