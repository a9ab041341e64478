import { addMetrics, mergeUsage, normalizeIdentity, type UsageMetrics, type UsageRecord, type UsageWriteMode } from '../../domain/usage.ts';
import type { Repositories } from '../../db/repositories/index.ts';

export type RecordUsageResult = Readonly<{ rows: number; inserted: number; updated: number; unchanged: number; unmatched: number }>;

/**
 * Writes usage records from any source inside the caller's transaction. Identities match people by
 * email (case-insensitive) or by a link an admin made; anything unmatched is kept in the unmatched
 * list with its usage, never dropped. Idempotent by (person, day, source) in replace mode.
 * `unmatched` counts records whose identity matched nobody (ignored identities included: their usage
 * is kept but not counted for anyone).
 */
export async function recordUsage(
  repos: Repositories,
  input: { orgId: string; records: readonly UsageRecord[]; mode: UsageWriteMode; importId: string | null },
): Promise<RecordUsageResult> {
  const records = input.mode === 'add' ? mergeUsage(input.records) : input.records;
  const people = await repos.usage.identityMap(input.orgId);
  const matched: Parameters<Repositories['usage']['writeRows']>[1][number][] = [];
  const unmatchedByIdentity = new Map<string, UsageRecord[]>();
  for (const r of records) {
    const personId = people.get(normalizeIdentity(r.identity));
    if (personId) matched.push({ personId, day: r.day, source: r.source, ...r.metrics, importId: input.importId });
    else {
      const key = `${r.source}\u0000${normalizeIdentity(r.identity)}`;
      unmatchedByIdentity.set(key, [...(unmatchedByIdentity.get(key) ?? []), r]);
    }
  }
  // Unmatched identities are noted (and their rows locked) first. One linked since the map was read
  // (the link held the row until it committed) goes to its person like any linked identity: the link
  // moved only the usage kept when it ran, so rows kept now would be stranded.
  let unmatched = 0;
  for (const group of unmatchedByIdentity.values()) {
    const first = group[0]!;
    // Sightings are counted below, by the rows that were new or changed: the same file again adds none.
    const identity = await repos.usage.noteUnmatched(input.orgId, first.source, normalizeIdentity(first.identity), 0);
    if (identity.status === 'linked' && identity.personId) {
      for (const r of group) matched.push({ personId: identity.personId, day: r.day, source: r.source, ...r.metrics, importId: input.importId });
      continue;
    }
    const rows = [];
    for (const r of group) {
      let metrics: UsageMetrics = r.metrics;
      if (input.mode === 'add') {
        const existing = (await repos.usage.findUnmatchedMetrics(identity.id, r.day, r.source)) as UsageMetrics | undefined;
        if (existing) metrics = addMetrics(existing, r.metrics);
      }
      rows.push({ identityId: identity.id, day: r.day, source: r.source, metrics, importId: input.importId });
    }
    await repos.usage.countUnmatchedSightings(identity.id, await repos.usage.writeUnmatched(input.orgId, rows));
    unmatched += group.length;
  }
  // Two identities of one person (an email and a linked alias) on the same day and source are one row.
  const merged = new Map<string, (typeof matched)[number]>();
  for (const row of matched) {
    const key = `${row.personId}\u0000${row.day}\u0000${row.source}`;
    const prev = merged.get(key);
    merged.set(key, prev ? { ...prev, ...addMetrics(prev, row) } : row);
  }
  const rowsToWrite = [...merged.values()];
  const { inserted, updated } = await repos.usage.writeRows(input.orgId, rowsToWrite, input.mode);
  return { rows: records.length, inserted, updated, unchanged: rowsToWrite.length - inserted - updated, unmatched };
}
