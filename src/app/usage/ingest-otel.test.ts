import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attributes, OtlpLogsRequest, OtlpMetricsRequest, Temporality } from '../../connectors/claude-code-otel/otlp.ts';
import type { Database } from '../../db/client.ts';
import { buildOrg, type TestOrg } from '../../../test/factories.ts';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { ingestOtelLogs, ingestOtelMetrics } from './ingest-otel.ts';

let db: TestDatabase;
let org: TestOrg;
// The clock is pinned near the points' day: unknown cumulative series older than the retention horizon
// would otherwise be taken as baselines once the calendar moves on.
const NOW = new Date('2026-11-21T00:00:00Z');
beforeAll(async () => {
  db = await createTestDatabase({ now: () => NOW });
  org = await buildOrg(db.ctx);
});
afterAll(async () => db?.drop());

const DAY = '2026-11-20';
const T0 = BigInt(Date.UTC(2026, 10, 20, 9, 0, 0)) * 1_000_000n;
const t = (seconds: number) => (T0 + BigInt(seconds) * 1_000_000_000n).toString();

type Point = { name: string; value: number; attributes?: Attributes; start?: number; time: number };
function request(temporality: Temporality, email: string, points: readonly Point[], session = 'session-1'): OtlpMetricsRequest {
  return {
    resources: [
      {
        attributes: { 'service.name': 'claude-code' },
        scopes: [
          {
            name: 'com.anthropic.claude_code',
            version: '2.1.0',
            items: points.map((p) => ({
              name: p.name,
              unit: '',
              kind: 'sum' as const,
              temporality,
              isMonotonic: true,
              points: [{ attributes: { 'user.email': email, 'session.id': session, ...p.attributes }, startTimeUnixNano: t(p.start ?? 0), timeUnixNano: t(p.time), value: p.value }],
            })),
          },
        ],
      },
    ],
  };
}

async function usageOf(database: Database, personId: string) {
  const rows = await sql<{ inputTokens: number; outputTokens: number; costUsd: string; sessions: number; activeMinutes: number; messages: number }>`
    select input_tokens, output_tokens, cost_usd, sessions, active_minutes, messages from usage_daily where person_id = ${personId} and day = ${DAY} and source = 'claude_code'`.execute(database);
  return rows.rows[0];
}

describe('ingestOtelMetrics: cumulative series', () => {
  it('counts each export once: growth only, re-sends never, restarts from the new value', async () => {
    const person = org.people.member;
    const input = (value: number, time: number, start = 0) => request('cumulative', person.email, [{ name: 'claude_code.token.usage', value, time, start, attributes: { type: 'input' } }]);

    await ingestOtelMetrics(db.ctx, org.orgId, input(100, 60));
    expect((await usageOf(db.handle.db, person.id))?.inputTokens).toBe(100);

    const resent = await ingestOtelMetrics(db.ctx, org.orgId, input(100, 60));
    expect(resent.resent).toBe(1);
    await ingestOtelMetrics(db.ctx, org.orgId, input(100, 120)); // newer, no growth
    expect((await usageOf(db.handle.db, person.id))?.inputTokens).toBe(100);

    await ingestOtelMetrics(db.ctx, org.orgId, input(250, 180));
    expect((await usageOf(db.handle.db, person.id))?.inputTokens).toBe(250);

    await ingestOtelMetrics(db.ctx, org.orgId, input(40, 300, 240)); // the process restarted: new start time
    expect((await usageOf(db.handle.db, person.id))?.inputTokens).toBe(290);

    await ingestOtelMetrics(db.ctx, org.orgId, input(260, 200, 0)); // a late point of the old run
    expect((await usageOf(db.handle.db, person.id))?.inputTokens).toBe(290);
  });

  it('counts a series once when the same export arrives several times at once', async () => {
    const person = org.people.auditor;
    const payload = request('cumulative', person.email, [{ name: 'claude_code.token.usage', value: 700, time: 60, attributes: { type: 'output' } }, { name: 'claude_code.cost.usage', value: 0.25, time: 60 }]);
    await Promise.all(Array.from({ length: 6 }, () => ingestOtelMetrics(db.ctx, org.orgId, payload)));
    expect(await usageOf(db.handle.db, person.id)).toMatchObject({ outputTokens: 700, costUsd: '0.2500' });
  });
});

describe('ingestOtelMetrics: a request with many series (a collector forwarding a fleet)', () => {
  it('locks the organization instead of each series and still counts once', async () => {
    const person = org.people.primary_owner;
    const many: OtlpMetricsRequest = {
      resources: Array.from({ length: 250 }, (_, i) => request('cumulative', person.email, [{ name: 'claude_code.session.count', value: 1, time: 60 }], `s-${i}`).resources[0]!),
    };
    await Promise.all([ingestOtelMetrics(db.ctx, org.orgId, many), ingestOtelMetrics(db.ctx, org.orgId, many), ingestOtelMetrics(db.ctx, org.orgId, request('cumulative', person.email, [{ name: 'claude_code.session.count', value: 1, time: 60 }], 's-7'))]);
    expect((await usageOf(db.handle.db, person.id))?.sessions).toBe(250);
  });
});

describe('ingestOtelMetrics: delta series', () => {
  it('adds every point, and rounds cost and active time on the day total', async () => {
    const person = org.people.dept_lead;
    for (let i = 1; i <= 6; i++) {
      await ingestOtelMetrics(db.ctx, org.orgId, request('delta', person.email, [
        { name: 'claude_code.active_time.total', value: 20, start: 60 * (i - 1), time: 60 * i, attributes: { type: 'user' } },
        { name: 'claude_code.cost.usage', value: 0.00003, start: 60 * (i - 1), time: 60 * i },
        { name: 'claude_code.session.count', value: 1, start: 60 * (i - 1), time: 60 * i },
      ]));
    }
    // 6 × 20 s = 2 minutes; 6 × $0.00003 = $0.00018 → $0.0002; every session counted.
    expect(await usageOf(db.handle.db, person.id)).toMatchObject({ activeMinutes: 2, costUsd: '0.0002', sessions: 6 });
  });
});

describe('ingestOtelMetrics: identities', () => {
  it('keeps usage of unknown identities as unmatched (source claude_code) and reports points it cannot attribute', async () => {
    const unknown = request('delta', 'stranger@elsewhere.example', [{ name: 'claude_code.token.usage', value: 42, time: 60, attributes: { type: 'input' } }]);
    const nobody: OtlpMetricsRequest = { resources: [{ attributes: {}, scopes: [{ name: '', version: '', items: [{ name: 'claude_code.commit.count', unit: '', kind: 'sum', temporality: 'delta', isMonotonic: true, points: [{ attributes: {}, startTimeUnixNano: t(0), timeUnixNano: t(60), value: 1 }] }] }] }] };
    const result = await ingestOtelMetrics(db.ctx, org.orgId, { resources: [...unknown.resources, ...nobody.resources] });
    expect(result.usage).toMatchObject({ unmatched: 1 });
    expect(result.partial).toEqual({ rejected: 1, errorMessage: 'Not counted: 1 data point(s) had neither user.email nor user.account_id' });
    const rows = await sql<{ source: string; metrics: { inputTokens: number } }>`
      select i.source, u.metrics from unmatched_identities i join usage_unmatched_daily u on u.identity_id = i.id where i.identity = 'stranger@elsewhere.example'`.execute(db.handle.db);
    expect(rows.rows).toEqual([{ source: 'claude_code', metrics: expect.objectContaining({ inputTokens: 42 }) }]);
  });
});

describe('ingestOtelLogs', () => {
  it('counts user prompts as messages once, whatever else the events say', async () => {
    const person = org.people.owner;
    const record = (name: string, sequence: number, extra: Attributes = {}) => ({
      timeUnixNano: t(sequence),
      observedTimeUnixNano: t(sequence),
      eventName: '',
      body: `claude_code.${name}`,
      attributes: { 'user.email': person.email, 'session.id': 's-9', 'event.name': name, 'event.sequence': sequence, ...extra },
    });
    const logs: OtlpLogsRequest = { resources: [{ attributes: {}, scopes: [{ name: 'claude_code', version: '', items: [record('user_prompt', 1), record('api_request', 2, { cost_usd: 1.5, input_tokens: 999 }), record('user_prompt', 3)] }] }] };
    await ingestOtelLogs(db.ctx, org.orgId, logs);
    await ingestOtelLogs(db.ctx, org.orgId, logs); // re-sent batch
    expect(await usageOf(db.handle.db, person.id)).toMatchObject({ messages: 2, inputTokens: 0, costUsd: '0.0000' });
  });
});

describe('on PGlite', () => {
  it('ingests with the same locks and results', async () => {
    const lite = await createPgliteDatabase({ now: () => NOW });
    try {
      const liteOrg = await buildOrg(lite.ctx);
      const person = liteOrg.people.member;
      const payload = request('cumulative', person.email, [{ name: 'claude_code.token.usage', value: 10, time: 60, attributes: { type: 'input' } }]);
      await ingestOtelMetrics(lite.ctx, liteOrg.orgId, payload);
      await ingestOtelMetrics(lite.ctx, liteOrg.orgId, payload);
      expect((await usageOf(lite.handle.db, person.id))?.inputTokens).toBe(10);
    } finally {
      await lite.drop();
    }
  }, 90_000);
});
