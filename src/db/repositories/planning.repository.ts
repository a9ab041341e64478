import type { Database } from '../client.ts';

export type ProposalStatus = 'proposed' | 'approved' | 'rejected';

export type QuotaProposalRow = Readonly<{
  id: string;
  orgId: string;
  departmentId: string;
  departmentName: string;
  quarterStart: string;
  status: ProposalStatus;
  computedNominal: number;
  computedBudget: string;
  proposedNominal: number;
  proposedBudget: string;
  inputs: unknown;
  reasons: unknown;
  adjustedBy: string | null;
  adjustedByName: string | null;
  adjustedAt: Date | null;
  adjustReason: string | null;
  beforeNominal: number;
  beforeBudget: string | null;
  afterNominal: number | null;
  afterBudget: string | null;
  createdBy: string | null;
  createdAt: Date;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}>;

export type ProposalInsert = Readonly<{
  departmentId: string;
  quarterStart: string;
  computedNominal: number;
  computedBudget: string;
  proposedNominal: number;
  proposedBudget: string;
  inputs: unknown;
  reasons: unknown;
  beforeNominal: number;
  beforeBudget: string | null;
  createdBy: string | null;
}>;

export type UseCaseSummary = Readonly<{ id: string; title: string; task: string; authorName: string; minutesSavedPerWeek: number | null; tags: string[]; createdAt: Date; votes: number }>;

/** Quota proposals, and the reads a department's planning view puts together. */
export function createPlanningRepository(db: Database) {
  const base = (orgId: string) =>
    db
      .selectFrom('quotaProposals as qp')
      .innerJoin('departments as d', 'd.id', 'qp.departmentId')
      .leftJoin('people as adj', 'adj.id', 'qp.adjustedBy')
      .leftJoin('people as dec', 'dec.id', 'qp.decidedBy')
      .selectAll('qp')
      .select(['d.name as departmentName', 'adj.name as adjustedByName', 'dec.name as decidedByName'])
      .where('qp.orgId', '=', orgId);

  return {
    async listProposals(orgId: string, filter: { quarterStart?: string; departmentId?: string; status?: ProposalStatus } = {}): Promise<QuotaProposalRow[]> {
      let q = base(orgId);
      if (filter.quarterStart) q = q.where('qp.quarterStart', '=', filter.quarterStart);
      if (filter.departmentId) q = q.where('qp.departmentId', '=', filter.departmentId);
      if (filter.status) q = q.where('qp.status', '=', filter.status);
      return q.orderBy('d.name').orderBy('qp.createdAt', 'desc').execute() as Promise<QuotaProposalRow[]>;
    },
    async findProposal(orgId: string, id: string): Promise<QuotaProposalRow | undefined> {
      return base(orgId).where('qp.id', '=', id).executeTakeFirst() as Promise<QuotaProposalRow | undefined>;
    },
    /** Locks the open proposals of a quarter (approval runs one at a time). */
    async lockOpenProposals(orgId: string, quarterStart: string): Promise<void> {
      await db.selectFrom('quotaProposals').select('id').where('orgId', '=', orgId).where('quarterStart', '=', quarterStart).where('status', '=', 'proposed').forUpdate().execute();
    },
    /** Inserts the open proposal of a department and quarter, or replaces the engine's figures of the open one. */
    async upsertOpenProposal(orgId: string, p: ProposalInsert): Promise<string> {
      const existing = await db.selectFrom('quotaProposals').select(['id', 'adjustedAt']).where('orgId', '=', orgId).where('departmentId', '=', p.departmentId).where('quarterStart', '=', p.quarterStart).where('status', '=', 'proposed').forUpdate().executeTakeFirst();
      const values = { ...p, inputs: JSON.stringify(p.inputs), reasons: JSON.stringify(p.reasons) };
      if (existing) {
        // A lead's adjustment survives a recomputation; only the engine's own figures are refreshed.
        const { proposedNominal, proposedBudget, createdBy: _c, ...engine } = values;
        await db.updateTable('quotaProposals').set({ ...engine, ...(existing.adjustedAt ? {} : { proposedNominal, proposedBudget }) }).where('id', '=', existing.id).execute();
        return existing.id;
      }
      const row = await db.insertInto('quotaProposals').values({ orgId, ...values }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
    async adjustProposal(orgId: string, id: string, patch: { proposedNominal: number; proposedBudget: string; adjustedBy: string | null; adjustedAt: Date; adjustReason: string }): Promise<void> {
      await db.updateTable('quotaProposals').set(patch).where('orgId', '=', orgId).where('id', '=', id).where('status', '=', 'proposed').execute();
    },
    async decideProposal(orgId: string, id: string, patch: { status: 'approved' | 'rejected'; decidedBy: string | null; decidedAt: Date; decisionNote: string | null; afterNominal: number | null; afterBudget: string | null; beforeNominal: number; beforeBudget: string | null }): Promise<void> {
      await db.updateTable('quotaProposals').set(patch).where('orgId', '=', orgId).where('id', '=', id).where('status', '=', 'proposed').execute();
    },
  };
}
