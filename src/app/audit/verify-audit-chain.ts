import { createChainVerifier, type ChainVerdict } from '../../domain/audit-chain.ts';
import type { AppContext } from '../context.ts';

const PAGE = 5000;

export type AuditVerification = ChainVerdict & Readonly<{ orgId: string; checkedAt: Date }>;

/**
 * Recomputes every content and link hash of the organization's audit chain from the stored fields and
 * reports the first broken entry (edited, deleted, reordered or inserted). Reads page by page, so memory
 * stays flat however long the log is; it writes nothing.
 */
export async function verifyAuditChain(ctx: AppContext, orgId: string): Promise<AuditVerification> {
  const verifier = createChainVerifier(orgId);
  let afterSeq = 0;
  for (;;) {
    const page = await ctx.repos.audit.listChain(orgId, afterSeq, PAGE);
    if (page.length === 0 || !verifier.push(page)) break;
    afterSeq = page[page.length - 1]!.seq;
  }
  const [unchained] = await ctx.repos.audit.findUnchainedEventIds(orgId, 1);
  if (unchained !== undefined) verifier.unchained(unchained);
  return { ...verifier.result(), orgId, checkedAt: ctx.now() };
}
