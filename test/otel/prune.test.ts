import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestOtelLogs, ingestOtelMetrics, pruneOtelSeries } from '../../src/app/usage/ingest-otel.ts';
import type { OtlpLogsRequest, OtlpMetricsRequest } from '../../src/connectors/claude-code-otel/otlp.ts';
import { handleOtelPrune } from '../../src/jobs/otel-prune.job.ts';
import { createTestDatabase, type TestDatabase } from '../db.ts';
import { buildOrg, type TestOrg } from '../factories.ts';

// The retention of otel_series on real PostgreSQL: rows idle for 35 days go, fresh ones stay, and a
// series whose state went is taken as a baseline when it sends again, so nothing is counted twice.
const DAY_MS = 86_400_000;
const REAL_NOW = Date.now();
let clock = new Date(REAL_NOW);
let db: TestDatabase;
let org: TestOrg;

beforeAll(async () => {
  db = await createTestDatabase({ now: () => clock });
  org = await buildOrg(db.ctx);
});
afterAll(async () => db?.drop());

const nanos = (ms: number) => (BigInt(ms) * 1_000_000n).toString();

function tokens(email: string, session: string, startMs: number, timeMs: number, value: number): OtlpMetricsRequest {
  return {
    resources: [
      {
        attributes: { 'service.name': 'claude-code', 'session.id': session },
        scopes: [
          {
            name: 'com.anthropic.claude_code',
            version: '2.1.0',
            items: [{ name: 'claude_code.token.usage', unit: 'tokens', kind: 'sum', temporality: 'cumulative', isMonotonic: true, points: [{ attributes: { 'user.email': email, type: 'input' }, startTimeUnixNano: nanos(startMs), timeUnixNano: nanos(timeMs), value }] }],
          },
        ],
      },
    ],
  };
}

function prompts(email: string, session: string, timeMs: number, sequences: readonly number[]): OtlpLogsRequest {
  return {
    resources: [
      {
        attributes: { 'service.name': 'claude-code' },
        scopes: [
          {
            name: 'com.anthropic.claude_code.events',
            version: '2.1.0',
            items: sequences.map((sequence) => ({ eventName: 'claude_code.user_prompt', body: 'claude_code.user_prompt', attributes: { 'user.email': email, 'session.id': session, 'event.sequence': sequence }, timeUnixNano: nanos(timeMs), observedTimeUnixNano: nanos(timeMs) })),
          },
        ],
      },
    ],
  };
}

const totalOf = async (personId: string, column: 'input_tokens' | 'messages') =>
  Number((await sql<{ n: number }>`select coalesce(sum(${sql.ref(column)}), 0)::int as n from usage_daily where person_id = ${personId} and source = 'claude_code'`.execute(db.handle.db)).rows[0]!.n);
const seriesCount = async () => Number((await sql<{ n: number }>`select count(*)::int as n from otel_series where org_id = ${org.orgId}`.execute(db.handle.db)).rows[0]!.n);

describe('pruning otel_series', () => {
  const member = () => org.people.member;
  const oldStart = REAL_NOW - 40 * DAY_MS;

  it('deletes only rows not updated for 35 days, with an audit event', async () => {
    // Forty days ago: a session starts and exports (counted in full then), and sends two prompts.
    clock = new Date(oldStart + 2 * 3_600_000);
    await ingestOtelMetrics(db.ctx, org.orgId, tokens(member().email, 'old', oldStart, oldStart + 3_600_000, 1000));
    await ingestOtelLogs(db.ctx, org.orgId, prompts(member().email, 'old', oldStart + 3_600_000, [0, 1]));
    expect(await totalOf(member().id, 'input_tokens')).toBe(1000);
    expect(await totalOf(member().id, 'messages')).toBe(2);
    // The rows were written now (database clock); make them as old as the points.
    await sql`update otel_series set updated_at = now() - interval '40 days' where org_id = ${org.orgId}`.execute(db.handle.db);
    const oldRows = await seriesCount();
    expect(oldRows).toBe(2);

    // Today: another session, fresh.
    clock = new Date(REAL_NOW);
    await ingestOtelMetrics(db.ctx, org.orgId, tokens(member().email, 'new', REAL_NOW - 3_600_000, REAL_NOW - 60_000, 300));
    expect(await seriesCount()).toBe(3);

    const result = await pruneOtelSeries(db.ctx, org.orgId);
    expect(result.deleted).toBe(2);
    expect(result.before.getTime()).toBe(REAL_NOW - 35 * DAY_MS);
    expect(await seriesCount()).toBe(1);
    const audit = (await sql<{ after: { deleted: number; retentionDays: number } }>`select after from audit_events where org_id = ${org.orgId} and action = 'otel.series_pruned'`.execute(db.handle.db)).rows;
    expect(audit).toEqual([{ after: expect.objectContaining({ deleted: 2, retentionDays: 35 }) }]);
    // The job runs it too; nothing is left to delete.
    expect(await handleOtelPrune(db.ctx, { orgId: org.orgId })).toBe('skipped');
  });

  it('takes the pruned series as a new baseline when it sends again, reporting it, and counts only later growth', async () => {
    const before = await totalOf(member().id, 'input_tokens');
    const again = await ingestOtelMetrics(db.ctx, org.orgId, tokens(member().email, 'old', oldStart, REAL_NOW - 30_000, 1400));
    expect(again).toMatchObject({ accepted: 1, baselined: 1 });
    expect(again.partial).toEqual({ rejected: 0, errorMessage: expect.stringContaining('Taken as a new baseline, not counted: 1 cumulative point(s)') });
    // Without the rule, 1400 would have been added on top of the 1000 already counted.
    expect(await totalOf(member().id, 'input_tokens')).toBe(before);
    const growth = await ingestOtelMetrics(db.ctx, org.orgId, tokens(member().email, 'old', oldStart, REAL_NOW - 10_000, 1450));
    expect(growth).toMatchObject({ baselined: 0, partial: undefined });
    expect(await totalOf(member().id, 'input_tokens')).toBe(before + 50);
  });

  it('does not count re-sent old prompts of a session whose mark was pruned', async () => {
    const resent = await ingestOtelLogs(db.ctx, org.orgId, prompts(member().email, 'old', oldStart + 3_600_000, [0, 1]));
    expect(resent).toMatchObject({ baselined: 2, partial: { rejected: 0, errorMessage: expect.stringContaining('2 user_prompt event(s)') } });
    expect(await totalOf(member().id, 'messages')).toBe(2);
  });
});
