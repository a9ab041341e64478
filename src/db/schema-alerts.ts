// Table types for the tables added by migration(s) of this area, until the next regeneration of schema.ts
// (npm run db:codegen) folds them in. Import column helpers from './schema.ts' (Generated, Timestamp, Json, Numeric).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AlertTables {}
