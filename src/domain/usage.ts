/** One day of usage from one source for one identity (an email, or a vendor login). */
export type UsageMetrics = Readonly<{
  messages: number;
  inputTokens: number;
  outputTokens: number;
  /** USD as a decimal string with up to 4 places (exact). */
  costUsd: string;
  limitHits: number;
  activeMinutes: number;
  sessions: number;
  linesAdded: number;
  linesRemoved: number;
  commits: number;
  pullRequests: number;
}>;

export const ZERO_USAGE: UsageMetrics = { messages: 0, inputTokens: 0, outputTokens: 0, costUsd: '0', limitHits: 0, activeMinutes: 0, sessions: 0, linesAdded: 0, linesRemoved: 0, commits: 0, pullRequests: 0 };

export type UsageRecord = Readonly<{ identity: string; day: string; source: string; metrics: UsageMetrics }>;

/**
 * How a record meets what is stored for the same (person, day, source):
 * - replace: the record is the whole truth for that day (CSV files, vendor reports re-fetched);
 * - add: the record is an increment (OpenTelemetry deltas).
 */
export type UsageWriteMode = 'replace' | 'add';

/** Normalizes an identity for matching: emails and logins are case-insensitive. */
export function normalizeIdentity(identity: string): string {
  return identity.trim().toLowerCase();
}

/** Sums usage records with the same identity, day and source (used before writing deltas). */
export function mergeUsage(records: readonly UsageRecord[]): UsageRecord[] {
  const merged = new Map<string, UsageRecord>();
  for (const r of records) {
    const key = `${normalizeIdentity(r.identity)}\u0000${r.day}\u0000${r.source}`;
    const prev = merged.get(key);
    merged.set(key, prev ? { ...prev, metrics: addMetrics(prev.metrics, r.metrics) } : { ...r, identity: normalizeIdentity(r.identity) });
  }
  return [...merged.values()];
}

/** Adds two days of metrics; money is added exactly in ten-thousandths of a dollar. */
export function addMetrics(a: UsageMetrics, b: UsageMetrics): UsageMetrics {
  const micro = (v: string) => Math.round(Number(v) * 10_000);
  return {
    messages: a.messages + b.messages,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: ((micro(a.costUsd) + micro(b.costUsd)) / 10_000).toFixed(4),
    limitHits: a.limitHits + b.limitHits,
    activeMinutes: a.activeMinutes + b.activeMinutes,
    sessions: a.sessions + b.sessions,
    linesAdded: a.linesAdded + b.linesAdded,
    linesRemoved: a.linesRemoved + b.linesRemoved,
    commits: a.commits + b.commits,
    pullRequests: a.pullRequests + b.pullRequests,
  };
}
