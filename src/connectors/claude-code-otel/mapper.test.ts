import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyTemporality,
  carryKeyOf,
  countNewPrompts,
  cumulativeStep,
  extractClaudeCodePoints,
  extractPromptEvents,
  identityOf,
  isStaleUnknownSeries,
  OTEL_SERIES_RETENTION_DAYS,
  retentionHorizon,
  toUsageRecords,
  usageFieldOf,
  utcDayOfNanos,
  type ClaudeCodePoint,
  type Increment,
  type SeriesState,
} from './mapper.ts';
import { decodeLogsRequest, decodeMetricsRequest } from './otlp.ts';

// Fixtures were recorded from the real OpenTelemetry JS exporters (OTLP/HTTP JSON) with the metrics and
// events Claude Code sends, for one person (dana@example.com) on 2026-11-27.
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const metrics = (name: string) => decodeMetricsRequest(fixture(name), 'json');
const DAY = '2026-11-27';

describe('usageFieldOf and identityOf', () => {
  it('maps each claude_code metric (and type) to one usage column, and nothing else', () => {
    expect(usageFieldOf('claude_code.token.usage', { type: 'input' })).toBe('inputTokens');
    expect(usageFieldOf('claude_code.token.usage', { type: 'output' })).toBe('outputTokens');
    expect(usageFieldOf('claude_code.token.usage', { type: 'cacheRead' })).toBeUndefined();
    expect(usageFieldOf('claude_code.token.usage', { type: 'cacheCreation' })).toBeUndefined();
    expect(usageFieldOf('claude_code.cost.usage', {})).toBe('costUsd');
    expect(usageFieldOf('claude_code.session.count', {})).toBe('sessions');
    expect(usageFieldOf('claude_code.lines_of_code.count', { type: 'added' })).toBe('linesAdded');
    expect(usageFieldOf('claude_code.lines_of_code.count', { type: 'removed' })).toBe('linesRemoved');
    expect(usageFieldOf('claude_code.commit.count', {})).toBe('commits');
    expect(usageFieldOf('claude_code.pull_request.count', {})).toBe('pullRequests');
    expect(usageFieldOf('claude_code.active_time.total', { type: 'user' })).toBe('activeSeconds');
    expect(usageFieldOf('claude_code.code_edit_tool.decision', {})).toBeUndefined();
  });

  it('prefers user.email, then user.account_id, on the point or else on the resource', () => {
    expect(identityOf({ 'user.email': 'a@x.example', 'user.account_id': 'user_1' }, {})).toBe('a@x.example');
    expect(identityOf({ 'user.account_id': 'user_1' }, { 'user.email': 'r@x.example' })).toBe('r@x.example');
    expect(identityOf({ 'user.account_id': 'user_1' }, {})).toBe('user_1');
    expect(identityOf({ 'user.email': '  ' }, {})).toBeUndefined();
  });

  it('takes the UTC day of a nanosecond timestamp', () => {
    expect(utcDayOfNanos('1767225599999999999')).toBe('2025-12-31');
    expect(utcDayOfNanos('1767225600000000000')).toBe('2026-01-01');
    expect(utcDayOfNanos('0')).toBeUndefined();
  });
});

describe('extractClaudeCodePoints (recorded fixtures)', () => {
  it('keeps the mapped claude_code sums of a cumulative export and ignores the rest', () => {
    const { items, rejected } = extractClaudeCodePoints(metrics('metrics-cumulative-1.json'));
    expect(rejected).toBe(0);
    // session, input, output, cost, lines added/removed, commit, PR, active user + cli; not cacheRead nor edit decisions.
    expect(items.map((p) => p.field).sort()).toEqual(['activeSeconds', 'activeSeconds', 'commits', 'costUsd', 'inputTokens', 'linesAdded', 'linesRemoved', 'outputTokens', 'pullRequests', 'sessions']);
    expect(items.every((p) => p.identity === 'dana@example.com' && p.day === DAY && p.temporality === 'cumulative')).toBe(true);
    expect(new Set(items.map((p) => p.seriesKey)).size).toBe(items.length);
  });

  it('falls back to user.account_id and rejects points it cannot attribute (delta export)', () => {
    const { items, rejected, reasons } = extractClaudeCodePoints(metrics('metrics-delta.json'));
    expect(items.map((p) => [p.field, p.identity, p.value])).toEqual(
      expect.arrayContaining([
        ['inputTokens', 'dana@example.com', 500],
        ['outputTokens', 'user_01DANA', 70],
        ['costUsd', 'dana@example.com', 0.013],
        ['activeSeconds', 'dana@example.com', 25],
      ]),
    );
    expect(items).toHaveLength(4);
    expect(rejected).toBe(1);
    expect(reasons).toEqual(['1 data point(s) had neither user.email nor user.account_id']);
  });

  it('gives a series the same key in every export and a different key per attribute set', () => {
    const first = extractClaudeCodePoints(metrics('metrics-cumulative-1.json')).items;
    const second = extractClaudeCodePoints(metrics('metrics-cumulative-2.json')).items;
    expect(second.map((p) => p.seriesKey).sort()).toEqual(first.map((p) => p.seriesKey).sort());
  });
});

describe('cumulativeStep', () => {
  const prev: SeriesState = { startTimeUnixNano: '1000', lastTimeUnixNano: '2000', lastValue: 10 };
  const at = (start: string, time: string, value: number) => ({ startTimeUnixNano: start, timeUnixNano: time, value });

  it('counts a new series whole', () => expect(cumulativeStep(undefined, at('1000', '2000', 10)).amount).toBe(10));
  it('counts only the growth of a known series', () => expect(cumulativeStep(prev, at('1000', '3000', 15))).toEqual({ amount: 5, next: { startTimeUnixNano: '1000', lastTimeUnixNano: '3000', lastValue: 15 } }));
  it('counts nothing for a re-sent point (same time)', () => expect(cumulativeStep(prev, at('1000', '2000', 10))).toEqual({ amount: 0, next: prev }));
  it('counts nothing for an older point', () => expect(cumulativeStep(prev, at('1000', '1500', 8))).toEqual({ amount: 0, next: prev }));
  it('counts nothing when a newer point has not grown', () => expect(cumulativeStep(prev, at('1000', '3000', 10)).amount).toBe(0));
  it('counts the whole value after a restart (newer start time)', () => expect(cumulativeStep(prev, at('5000', '6000', 3))).toEqual({ amount: 3, next: { startTimeUnixNano: '5000', lastTimeUnixNano: '6000', lastValue: 3 } }));
  it('ignores late points of a superseded run (older start time)', () => expect(cumulativeStep(prev, at('500', '9000', 99))).toEqual({ amount: 0, next: prev }));
  it('treats a smaller value with the same start as a reset', () => expect(cumulativeStep(prev, at('1000', '3000', 4)).amount).toBe(4));
});

describe('applyTemporality and toUsageRecords', () => {
  const sum = (incs: readonly Increment[], field: string) => incs.filter((i) => i.field === field).reduce((n, i) => n + i.amount, 0);

  it('counts two cumulative exports as the first totals plus the growth, and a re-send as nothing', () => {
    const one = applyTemporality(extractClaudeCodePoints(metrics('metrics-cumulative-1.json')).items, new Map());
    expect(sum(one.increments, 'inputTokens')).toBe(1200);
    const two = applyTemporality(extractClaudeCodePoints(metrics('metrics-cumulative-2.json')).items, one.updates);
    expect(sum(two.increments, 'inputTokens')).toBe(800);
    expect(sum(two.increments, 'costUsd')).toBeCloseTo(0.0107, 10);
    expect(sum(two.increments, 'activeSeconds')).toBe(20);
    expect(sum(two.increments, 'sessions')).toBe(0);
    const state = new Map([...one.updates, ...two.updates]);
    const again = applyTemporality(extractClaudeCodePoints(metrics('metrics-cumulative-2.json')).items, state);
    expect(again.increments).toEqual([]);
    expect(again.updates.size).toBe(0);
    expect(again.resent).toBe(10);
  });

  it('sums delta points as they are', () => {
    const { increments, updates } = applyTemporality(extractClaudeCodePoints(metrics('metrics-delta.json')).items, new Map());
    expect(updates.size).toBe(0);
    expect(sum(increments, 'inputTokens')).toBe(500);
  });

  it('builds one claude_code record per person-day with every column', () => {
    const { increments } = applyTemporality(extractClaudeCodePoints(metrics('metrics-cumulative-1.json')).items, new Map());
    const { records, carryUpdates } = toUsageRecords(increments, new Map());
    expect(records).toEqual([
      {
        identity: 'dana@example.com',
        day: DAY,
        source: 'claude_code',
        metrics: { messages: 0, inputTokens: 1200, outputTokens: 300, costUsd: '0.0421', limitHits: 0, activeMinutes: 1, sessions: 1, linesAdded: 10, linesRemoved: 2, commits: 1, pullRequests: 1 },
      },
    ]);
    expect(carryUpdates.get(carryKeyOf('activeSeconds', 'dana@example.com', DAY))).toBe(72.5);
    expect(carryUpdates.get(carryKeyOf('costUsd', 'DANA@example.com', DAY))).toBeCloseTo(0.0421, 10);
  });

  it('rounds cost and active time on the running total, so many small increments add up exactly', () => {
    let carries = new Map<string, number>();
    let minutes = 0;
    let costUnits = 0;
    for (let i = 0; i < 12; i++) {
      const { records, carryUpdates } = toUsageRecords(
        [
          { identity: 'a@x.example', day: DAY, field: 'activeSeconds', amount: 25 },
          { identity: 'a@x.example', day: DAY, field: 'costUsd', amount: 0.00004 },
        ],
        carries,
      );
      carries = new Map([...carries, ...carryUpdates]);
      minutes += records[0]?.metrics.activeMinutes ?? 0;
      costUnits += Math.round(Number(records[0]?.metrics.costUsd ?? 0) * 10_000);
    }
    expect(minutes).toBe(5); // 12 × 25 s = 300 s, although no single 25 s increment is a minute
    expect(costUnits).toBe(5); // 12 × $0.00004 = $0.00048 → $0.0005
  });

  it('leaves out person-days with nothing to add', () => {
    expect(toUsageRecords([{ identity: 'a@x.example', day: DAY, field: 'activeSeconds', amount: 5 }], new Map()).records).toEqual([]);
  });
});

describe('prompt events (logs)', () => {
  it('counts user_prompt events once per session sequence and ignores api_request (no double counting)', () => {
    const request = decodeLogsRequest(fixture('logs.json'), 'json');
    const { items, rejected } = extractPromptEvents(request);
    expect(rejected).toBe(0);
    expect(items.map((e) => [e.identity, e.day, e.sequence])).toEqual([
      ['dana@example.com', DAY, 0],
      ['dana@example.com', DAY, 2],
    ]);
    const first = countNewPrompts(items, new Map());
    expect(first.increments).toEqual([
      { identity: 'dana@example.com', day: DAY, field: 'messages', amount: 1 },
      { identity: 'dana@example.com', day: DAY, field: 'messages', amount: 1 },
    ]);
    const resent = countNewPrompts(items, first.updates);
    expect(resent.increments).toEqual([]);
    expect(resent.resent).toBe(2);
  });

  it('counts events without a session sequence as they come', () => {
    const events = [{ identity: 'a@x.example', day: DAY, streamKey: undefined, sequence: undefined }];
    expect(countNewPrompts([...events, ...events], new Map()).increments).toHaveLength(2);
  });
});

describe('retention: pruned series are never counted twice', () => {
  const NOW = new Date('2026-11-27T12:00:00Z');
  const nanos = (iso: string) => (BigInt(Date.parse(iso)) * 1_000_000n).toString();
  const point = (start: string, time: string, value: number): ClaudeCodePoint => ({
    seriesKey: 'claude_code.token.usage:s1', field: 'inputTokens', identity: 'a@x.example', day: time.slice(0, 10), temporality: 'cumulative', startTimeUnixNano: nanos(start), timeUnixNano: nanos(time), value,
  });

  it('prunes rows idle for 35 days and baselines unknown series started more than 34 days ago', () => {
    const h = retentionHorizon(NOW);
    expect(OTEL_SERIES_RETENTION_DAYS).toBe(35);
    expect(h.pruneBefore.toISOString()).toBe('2026-10-23T12:00:00.000Z');
    expect(h.baselineBeforeUnixNano).toBe(nanos('2026-10-24T12:00:00Z'));
    expect(h.baselineBeforeDay).toBe('2026-10-24');
    expect(isStaleUnknownSeries({ startTimeUnixNano: nanos('2026-10-24T11:59:59Z') }, h.baselineBeforeUnixNano)).toBe(true);
    expect(isStaleUnknownSeries({ startTimeUnixNano: nanos('2026-10-24T12:00:00Z') }, h.baselineBeforeUnixNano)).toBe(false);
    expect(isStaleUnknownSeries({ startTimeUnixNano: '0' }, h.baselineBeforeUnixNano)).toBe(false);
    expect(isStaleUnknownSeries({ startTimeUnixNano: nanos('2026-01-01T00:00:00Z') }, undefined)).toBe(false);
  });

  it('stores an old unknown series as a baseline, then counts only its growth', () => {
    const { baselineBeforeUnixNano } = retentionHorizon(NOW);
    const first = applyTemporality([point('2026-10-01T08:00:00Z', '2026-11-27T10:00:00Z', 5000)], new Map(), { baselineBeforeUnixNano });
    expect(first).toMatchObject({ increments: [], baselined: 1, resent: 0 });
    expect(first.updates.get('claude_code.token.usage:s1')).toEqual({ startTimeUnixNano: nanos('2026-10-01T08:00:00Z'), lastTimeUnixNano: nanos('2026-11-27T10:00:00Z'), lastValue: 5000 });
    const next = applyTemporality([point('2026-10-01T08:00:00Z', '2026-11-27T11:00:00Z', 5200)], first.updates, { baselineBeforeUnixNano });
    expect(next.increments).toEqual([{ identity: 'a@x.example', day: '2026-11-27', field: 'inputTokens', amount: 200 }]);
    expect(next.baselined).toBe(0);
  });

  it('still counts a known old series and a new recent one in full', () => {
    const { baselineBeforeUnixNano } = retentionHorizon(NOW);
    const known = new Map([['claude_code.token.usage:s1', { startTimeUnixNano: nanos('2026-10-01T08:00:00Z'), lastTimeUnixNano: nanos('2026-11-27T09:00:00Z'), lastValue: 4000 }]]);
    expect(applyTemporality([point('2026-10-01T08:00:00Z', '2026-11-27T10:00:00Z', 5000)], known, { baselineBeforeUnixNano }).increments[0]?.amount).toBe(1000);
    expect(applyTemporality([point('2026-11-27T08:00:00Z', '2026-11-27T10:00:00Z', 700)], new Map(), { baselineBeforeUnixNano }).increments[0]?.amount).toBe(700);
  });

  it('never counts more than the series really grew, whenever its state is pruned (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 30 }), (growth, pruneAt) => {
        // One long-running process exporting hourly; before export `pruneAt` it fell quiet for 40 days,
        // long enough for the daily prune to remove its state.
        const startMs = Date.parse('2026-09-01T00:00:00Z');
        let value = 0;
        let state = new Map<string, SeriesState>();
        let counted = 0;
        growth.forEach((g, i) => {
          value += g;
          if (i === pruneAt) state = new Map(); // the daily prune removed the series' row
          const timeMs = startMs + (i + 1) * 3_600_000 + (i >= pruneAt ? 40 * 86_400_000 : 0);
          const { baselineBeforeUnixNano } = retentionHorizon(new Date(timeMs + 60_000));
          const p = { ...point('2026-09-01T00:00:00Z', '2026-11-27T00:00:00Z', value), timeUnixNano: (BigInt(timeMs) * 1_000_000n).toString() };
          const r = applyTemporality([p], state, { baselineBeforeUnixNano });
          counted += r.increments.reduce((n, x) => n + x.amount, 0);
          state = new Map([...state, ...r.updates]);
        });
        // Without the prune the whole total is counted; with it, at most the total (never twice).
        if (pruneAt >= growth.length) expect(counted).toBe(value);
        else expect(counted).toBeLessThanOrEqual(value);
        expect(counted).toBeGreaterThanOrEqual(value - growth.slice(0, pruneAt + 1).reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('takes old prompt events of a session with no mark as a baseline', () => {
    const old = [0, 1, 2].map((sequence) => ({ identity: 'a@x.example', day: '2026-10-01', streamKey: 'events:s', sequence }));
    const r = countNewPrompts(old, new Map(), { baselineBeforeDay: '2026-10-24' });
    expect(r).toMatchObject({ increments: [], baselined: 3 });
    expect(r.updates.get('events:s')).toBe(2);
    const fresh = countNewPrompts([{ identity: 'a@x.example', day: DAY, streamKey: 'events:s', sequence: 3 }], r.updates, { baselineBeforeDay: '2026-10-24' });
    expect(fresh.increments).toHaveLength(1);
    // A recent session with no mark yet is counted as usual.
    expect(countNewPrompts([{ identity: 'a@x.example', day: DAY, streamKey: 'events:t', sequence: 0 }], new Map(), { baselineBeforeDay: '2026-10-24' }).increments).toHaveLength(1);
  });
});
