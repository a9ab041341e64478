import type { DayRange } from '../../connectors/anthropic/client.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import { normalizeIdentity, type UsageRecord } from '../../domain/usage.ts';

/** What one replace-mode report covered: its usage source and the days fetched. */
export type FetchedReport = Readonly<{ source: string; range: DayRange }>;

/**
 * A vendor report is the whole truth for the days it covers: once a re-fetched range is written, usage
 * of the same source on those days that the report no longer carries (a person dropped by a revision)
 * is removed, matched or not (`people`: the identity map the records were matched with). Runs in the
 * caller's transaction, after the write. Returns the rows removed per source (sources with nothing
 * removed are left out) and records one audit event when anything was removed.
 */
export async function removeVanishedUsage(
  repos: Repositories,
  input: { orgId: string; importId: string; connector: string; createdBy: string | null; records: readonly UsageRecord[]; reports: readonly FetchedReport[]; people: ReadonlyMap<string, string> },
): Promise<Record<string, number>> {
  const { people } = input;
  const removed: Record<string, number> = {};
  for (const { source, range } of input.reports) {
    if (range.from > range.to) continue;
    const keepPeople: Array<{ personId: string; day: string }> = [];
    const keepIdentities: Array<{ identity: string; day: string }> = [];
    for (const r of input.records) {
      if (r.source !== source || r.day < range.from || r.day > range.to) continue;
      const identity = normalizeIdentity(r.identity);
      const personId = people.get(identity);
      if (personId) keepPeople.push({ personId, day: r.day });
      else keepIdentities.push({ identity, day: r.day });
    }
    const n = await repos.connectors.deleteVanishedUsage(input.orgId, { source, from: range.from, to: range.to, keepPeople, keepIdentities });
    if (n > 0) removed[source] = n;
  }
  if (Object.keys(removed).length > 0) {
    await repos.audit.append({
      orgId: input.orgId,
      actor: input.createdBy ? { kind: 'person', personId: input.createdBy } : { kind: 'system' },
      action: 'usage.vanished_removed',
      entityType: 'usage_import',
      entityId: input.importId,
      // Sources are values, not keys: readers that camel-case JSON keys must not rename them.
      after: { connector: input.connector, removed: input.reports.filter((r) => removed[r.source]).map((r) => ({ source: r.source, from: r.range.from, to: r.range.to, rows: removed[r.source] })) },
      reason: 'The re-fetched vendor report no longer lists this usage',
    });
  }
  return removed;
}
