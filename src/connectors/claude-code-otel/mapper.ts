import { createHash } from 'node:crypto';
import { normalizeIdentity, ZERO_USAGE, type UsageMetrics, type UsageRecord } from '../../domain/usage.ts';
import type { AttributeValue, Attributes, OtlpLogsRequest, OtlpMetricsRequest } from './otlp.ts';

/**
 * Pure mapping of Claude Code telemetry to per-person, per-day usage increments: which metric feeds
 * which usage column, whose it is and on which day, and how cumulative series become increments.
 * The caller loads and stores the series state (`otel_series`); nothing here does I/O or reads a clock.
 */

export const CLAUDE_CODE_SOURCE = 'claude_code';

/** What a data point counts. `activeSeconds` becomes whole `activeMinutes` per person-day. */
export type UsageField = 'inputTokens' | 'outputTokens' | 'costUsd' | 'sessions' | 'activeSeconds' | 'linesAdded' | 'linesRemoved' | 'commits' | 'pullRequests' | 'messages';

/** The usage column a `claude_code.*` data point feeds, or undefined when Seatwise does not keep it. */
export function usageFieldOf(metricName: string, attributes: Attributes): UsageField | undefined {
  const type = attributes['type'];
  switch (metricName) {
    case 'claude_code.token.usage':
      // cacheRead and cacheCreation tokens are not counted as input (they are priced into cost.usage).
      return type === 'input' ? 'inputTokens' : type === 'output' ? 'outputTokens' : undefined;
    case 'claude_code.cost.usage':
      return 'costUsd';
    case 'claude_code.session.count':
      return 'sessions';
    case 'claude_code.lines_of_code.count':
      return type === 'added' ? 'linesAdded' : type === 'removed' ? 'linesRemoved' : undefined;
    case 'claude_code.commit.count':
      return 'commits';
    case 'claude_code.pull_request.count':
      return 'pullRequests';
    case 'claude_code.active_time.total':
      return 'activeSeconds';
    default:
      return undefined;
  }
}

const text = (v: AttributeValue | undefined): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Whose usage this is: `user.email` when present (on the point or the resource), else `user.account_id`. */
export function identityOf(attributes: Attributes, resource: Attributes): string | undefined {
  return text(attributes['user.email']) ?? text(resource['user.email']) ?? text(attributes['user.account_id']) ?? text(resource['user.account_id']);
}

/** The UTC day of a UNIX-nanosecond timestamp, or undefined for 0 (unset) and out-of-range values. */
export function utcDayOfNanos(nanos: string): string | undefined {
  const n = BigInt(nanos);
  if (n <= 0n) return undefined;
  const ms = Number(n / 1_000_000n);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 40);
const sortedEntries = (a: Attributes) => Object.keys(a).sort().map((k) => [k, a[k]]);

/** A series' identity: metric name, its point attributes, instrumentation scope and resource, sorted. */
export function seriesKeyOf(metricName: string, attributes: Attributes, scope: { name: string; version: string }, resource: Attributes): string {
  return `${metricName}:${hash([metricName, sortedEntries(attributes), scope.name, scope.version, sortedEntries(resource)])}`;
}

export type ClaudeCodePoint = Readonly<{
  seriesKey: string;
  field: UsageField;
  identity: string;
  day: string;
  temporality: 'delta' | 'cumulative';
  startTimeUnixNano: string;
  timeUnixNano: string;
  value: number;
}>;

export type Extracted<T> = Readonly<{ items: T[]; rejected: number; reasons: string[] }>;

function rejections() {
  const reasons = new Map<string, number>();
  return {
    add: (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1),
    count: () => [...reasons.values()].reduce((a, b) => a + b, 0),
    reasons: () => [...reasons.entries()].map(([r, n]) => `${n} ${r}`),
  };
}

/**
 * The `claude_code.*` sum points Seatwise keeps. Other metrics (and token types or kinds it does not
 * keep) are accepted and ignored; points it cannot attribute are rejected with a reason.
 */
export function extractClaudeCodePoints(request: OtlpMetricsRequest): Extracted<ClaudeCodePoint> {
  const items: ClaudeCodePoint[] = [];
  const rejected = rejections();
  for (const resource of request.resources) {
    for (const scope of resource.scopes) {
      for (const metric of scope.items) {
        if (!metric.name.startsWith('claude_code.')) continue;
        for (const point of metric.points) {
          const field = usageFieldOf(metric.name, point.attributes);
          if (!field || point.value === null) continue;
          if (metric.kind !== 'sum') {
            rejected.add(`data point(s) of ${metric.name} were not a sum`);
            continue;
          }
          if (metric.temporality === 'unspecified') {
            rejected.add('data point(s) had no aggregation temporality');
            continue;
          }
          const identity = identityOf(point.attributes, resource.attributes);
          if (!identity) {
            rejected.add('data point(s) had neither user.email nor user.account_id');
            continue;
          }
          const day = utcDayOfNanos(point.timeUnixNano);
          if (!day) {
            rejected.add('data point(s) had no time_unix_nano');
            continue;
          }
          if (!Number.isFinite(point.value) || point.value < 0) {
            rejected.add('data point(s) had a negative or non-finite value');
            continue;
          }
          items.push({
            seriesKey: seriesKeyOf(metric.name, point.attributes, scope, resource.attributes),
            field,
            identity,
            day,
            temporality: metric.temporality,
            startTimeUnixNano: point.startTimeUnixNano,
            timeUnixNano: point.timeUnixNano,
            value: point.value,
          });
        }
      }
    }
  }
  return { items, rejected: rejected.count(), reasons: rejected.reasons() };
}

/** The last point seen of a cumulative series (a row of `otel_series`). */
export type SeriesState = Readonly<{ startTimeUnixNano: string; lastTimeUnixNano: string; lastValue: number }>;

/** An amount to add to one usage field of one identity on one day. */
export type Increment = Readonly<{ identity: string; day: string; field: UsageField; amount: number }>;

const cmp = (a: string, b: string) => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * One cumulative point against what the series held before:
 * - never seen: the whole value is new;
 * - same start time, newer time: the difference is new (a smaller value means the counter was reset
 *   without a new start time, so the value itself is new);
 * - same start time, same or older time: a re-send, nothing is new;
 * - newer start time: the process restarted, the value itself is new;
 * - older start time: a late point of a run already superseded, nothing is new.
 */
export function cumulativeStep(previous: SeriesState | undefined, point: Pick<ClaudeCodePoint, 'startTimeUnixNano' | 'timeUnixNano' | 'value'>): { amount: number; next: SeriesState } {
  const current: SeriesState = { startTimeUnixNano: point.startTimeUnixNano, lastTimeUnixNano: point.timeUnixNano, lastValue: point.value };
  if (!previous) return { amount: point.value, next: current };
  const start = cmp(point.startTimeUnixNano, previous.startTimeUnixNano);
  if (start > 0) return { amount: point.value, next: current };
  if (start < 0) return { amount: 0, next: previous };
  if (cmp(point.timeUnixNano, previous.lastTimeUnixNano) <= 0) return { amount: 0, next: previous };
  if (point.value < previous.lastValue) return { amount: point.value, next: current };
  return { amount: point.value - previous.lastValue, next: current };
}

// ---------------------------------------------------------------------------------------------------
// Retention. `otel_series` keeps one row per series, running total and prompt stream; rows not updated
// for OTEL_SERIES_RETENTION_DAYS are pruned daily. A pruned cumulative series that sends again would
// look new and be counted whole a second time, so an unknown series whose run started before the
// baseline horizon is taken as a new baseline instead: its value is stored, not counted, and only its
// growth counts from then on. The horizon is a day later than the prune cutoff, so a sender's clock
// running up to a day ahead cannot bring a pruned series back under it.

/** Days an `otel_series` row is kept after its last update. */
export const OTEL_SERIES_RETENTION_DAYS = 35;
/** Margin between the prune cutoff and the baseline horizon (sender clock skew). */
export const BASELINE_MARGIN_DAYS = 1;

const DAY_MS = 86_400_000;

/**
 * For the time `now`: rows last updated before `pruneBefore` may be deleted; an unknown cumulative
 * series (or prompt stream) older than `baselineBeforeUnixNano` (`baselineBeforeDay`) is a baseline.
 */
export function retentionHorizon(now: Date): { pruneBefore: Date; baselineBeforeUnixNano: string; baselineBeforeDay: string } {
  const pruneBefore = new Date(now.getTime() - OTEL_SERIES_RETENTION_DAYS * DAY_MS);
  const baseline = new Date(now.getTime() - (OTEL_SERIES_RETENTION_DAYS - BASELINE_MARGIN_DAYS) * DAY_MS);
  return { pruneBefore, baselineBeforeUnixNano: (BigInt(baseline.getTime()) * 1_000_000n).toString(), baselineBeforeDay: baseline.toISOString().slice(0, 10) };
}

/** Whether a point of a series with no stored state must be a baseline rather than counted whole. */
export function isStaleUnknownSeries(point: Pick<ClaudeCodePoint, 'startTimeUnixNano'>, baselineBeforeUnixNano: string | undefined): boolean {
  // A start time of 0 (unset, against the OTLP spec) tells nothing about the run; it is counted as before.
  return baselineBeforeUnixNano !== undefined && point.startTimeUnixNano !== '0' && cmp(point.startTimeUnixNano, baselineBeforeUnixNano) < 0;
}

/**
 * Turns points into increments. Delta points are increments as they are. Cumulative points are
 * compared with their series' state (`known`), in time order within the request; `updates` holds the
 * new state of every series that changed, to be stored in the same transaction. With
 * `baselineBeforeUnixNano`, an unknown series that started before it is stored as a baseline and not
 * counted (`baselined`), so a series whose state was pruned is never counted twice.
 */
export function applyTemporality(
  points: readonly ClaudeCodePoint[],
  known: ReadonlyMap<string, SeriesState>,
  options: { baselineBeforeUnixNano?: string } = {},
): { increments: Increment[]; updates: Map<string, SeriesState>; resent: number; baselined: number } {
  const increments: Increment[] = [];
  const updates = new Map<string, SeriesState>();
  let resent = 0;
  let baselined = 0;
  const cumulative = points.filter((p) => p.temporality === 'cumulative').sort((a, b) => cmp(a.timeUnixNano, b.timeUnixNano));
  for (const p of points) if (p.temporality === 'delta' && p.value > 0) increments.push({ identity: p.identity, day: p.day, field: p.field, amount: p.value });
  for (const p of cumulative) {
    const previous = updates.get(p.seriesKey) ?? known.get(p.seriesKey);
    if (!previous && isStaleUnknownSeries(p, options.baselineBeforeUnixNano)) {
      updates.set(p.seriesKey, { startTimeUnixNano: p.startTimeUnixNano, lastTimeUnixNano: p.timeUnixNano, lastValue: p.value });
      baselined++;
      continue;
    }
    const { amount, next } = cumulativeStep(previous, p);
    if (next !== previous) updates.set(p.seriesKey, next);
    else resent++;
    if (amount > 0) increments.push({ identity: p.identity, day: p.day, field: p.field, amount });
  }
  return { increments, updates, resent, baselined };
}

/**
 * Fields kept with less precision than telemetry sends them (cost to 1/10,000 USD, active time in whole
 * minutes) are rounded on the running total of each person-day, not on each increment, so that many
 * small increments add up exactly: the stored amount grows by unit(total after) − unit(total before).
 */
const FRACTIONAL: Partial<Record<UsageField, (total: number) => number>> = {
  costUsd: (usd) => Math.round(usd * 10_000),
  activeSeconds: (seconds) => Math.round(seconds / 60),
};

/** The `otel_series` key of the running total of a fractional field for one person-day. */
export function carryKeyOf(field: UsageField, identity: string, day: string): string {
  return `carry:${field}:${hash([normalizeIdentity(identity), day])}`;
}

/** The carry keys `toUsageRecords` reads for these increments. */
export function carryKeysFor(items: ReadonlyArray<Pick<Increment, 'field' | 'identity' | 'day'>>): string[] {
  return [...new Set(items.filter((i) => FRACTIONAL[i.field]).map((i) => carryKeyOf(i.field, i.identity, i.day)))];
}

type MutableMetrics = { -readonly [K in keyof UsageMetrics]: UsageMetrics[K] };

/**
 * Sums increments into one usage record per identity and day (source `claude_code`). `carries` holds
 * the running totals of fractional fields before this request; `carryUpdates` the totals after it.
 * Records whose metrics are all zero are left out.
 */
export function toUsageRecords(increments: readonly Increment[], carries: ReadonlyMap<string, number>): { records: UsageRecord[]; carryUpdates: Map<string, number> } {
  const sums = new Map<string, { identity: string; day: string; field: UsageField; amount: number }>();
  for (const i of increments) {
    const key = `${normalizeIdentity(i.identity)}\u0000${i.day}\u0000${i.field}`;
    const prev = sums.get(key);
    if (prev) prev.amount += i.amount;
    else sums.set(key, { identity: normalizeIdentity(i.identity), day: i.day, field: i.field, amount: i.amount });
  }
  const byPersonDay = new Map<string, { identity: string; day: string; metrics: MutableMetrics; costUnits: number }>();
  const carryUpdates = new Map<string, number>();
  for (const s of sums.values()) {
    const key = `${s.identity}\u0000${s.day}`;
    let entry = byPersonDay.get(key);
    if (!entry) byPersonDay.set(key, (entry = { identity: s.identity, day: s.day, metrics: { ...ZERO_USAGE }, costUnits: 0 }));
    const unit = FRACTIONAL[s.field];
    let amount = Math.round(s.amount);
    if (unit) {
      const carryKey = carryKeyOf(s.field, s.identity, s.day);
      const before = carries.get(carryKey) ?? 0;
      const after = before + s.amount;
      carryUpdates.set(carryKey, after);
      amount = unit(after) - unit(before);
    }
    if (s.field === 'costUsd') entry.costUnits += amount;
    else if (s.field === 'activeSeconds') entry.metrics.activeMinutes += amount;
    else entry.metrics[s.field] += amount;
  }
  const records: UsageRecord[] = [];
  for (const e of byPersonDay.values()) {
    const metrics: UsageMetrics = { ...e.metrics, costUsd: (e.costUnits / 10_000).toFixed(4) };
    const isZero = e.costUnits === 0 && Object.entries(metrics).every(([k, v]) => k === 'costUsd' || v === 0);
    if (!isZero) records.push({ identity: e.identity, day: e.day, source: CLAUDE_CODE_SOURCE, metrics });
  }
  return { records, carryUpdates };
}

// ---------------------------------------------------------------------------------------------------
// Events (OTLP logs). Only `claude_code.user_prompt` is used: it counts `messages` (prompts), which the
// metrics do not carry. `claude_code.api_request` repeats what cost.usage and token.usage already count,
// so it is accepted and ignored (counting it too would double count).

export type PromptEvent = Readonly<{ identity: string; day: string; streamKey: string | undefined; sequence: number | undefined }>;

const USER_PROMPT_NAMES = new Set(['claude_code.user_prompt', 'user_prompt']);

/** True for a Claude Code user-prompt event, however the sender names it (event name, attribute or body). */
export function isUserPrompt(record: { eventName: string; body: AttributeValue; attributes: Attributes }): boolean {
  const attr = record.attributes['event.name'];
  return USER_PROMPT_NAMES.has(record.eventName) || (typeof attr === 'string' && USER_PROMPT_NAMES.has(attr)) || (typeof record.body === 'string' && USER_PROMPT_NAMES.has(record.body));
}

function eventDay(attributes: Attributes, timeUnixNano: string, observedTimeUnixNano: string): string | undefined {
  const ts = attributes['event.timestamp'];
  if (typeof ts === 'string') {
    const d = new Date(ts);
    if (!Number.isNaN(d.getTime())) return d.toISOString().slice(0, 10);
  }
  return utcDayOfNanos(timeUnixNano) ?? utcDayOfNanos(observedTimeUnixNano);
}

/** The `claude_code.user_prompt` events of a logs request, each with whose it is and its day. */
export function extractPromptEvents(request: OtlpLogsRequest): Extracted<PromptEvent> {
  const items: PromptEvent[] = [];
  const rejected = rejections();
  for (const resource of request.resources) {
    for (const scope of resource.scopes) {
      for (const record of scope.items) {
        if (!isUserPrompt(record)) continue;
        const identity = identityOf(record.attributes, resource.attributes);
        if (!identity) {
          rejected.add('user_prompt event(s) had neither user.email nor user.account_id');
          continue;
        }
        const day = eventDay(record.attributes, record.timeUnixNano, record.observedTimeUnixNano);
        if (!day) {
          rejected.add('user_prompt event(s) had no timestamp');
          continue;
        }
        const session = text(record.attributes['session.id']) ?? text(resource.attributes['session.id']);
        const seq = record.attributes['event.sequence'];
        const sequence = typeof seq === 'number' ? seq : typeof seq === 'string' && /^\d+$/.test(seq) ? Number(seq) : undefined;
        items.push({ identity, day, streamKey: session && sequence !== undefined ? `events:${hash([normalizeIdentity(identity), session])}` : undefined, sequence });
      }
    }
  }
  return { items, rejected: rejected.count(), reasons: rejected.reasons() };
}

/**
 * Counts prompts once: events that carry `session.id` and `event.sequence` (monotonic per session) are
 * counted only above the highest sequence already seen for that session (`known`), so a re-sent batch
 * adds nothing. Events without them are counted as they come. With `baselineBeforeDay`, events of a
 * session with no stored mark that are dated before that day only move the mark (`baselined`): the
 * session's mark may have been pruned, and they may have been counted before.
 */
export function countNewPrompts(
  events: readonly PromptEvent[],
  known: ReadonlyMap<string, number>,
  options: { baselineBeforeDay?: string } = {},
): { increments: Increment[]; updates: Map<string, number>; resent: number; baselined: number } {
  const increments: Increment[] = [];
  const updates = new Map<string, number>();
  let resent = 0;
  let baselined = 0;
  const sorted = [...events].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  for (const e of sorted) {
    if (e.streamKey !== undefined && e.sequence !== undefined) {
      const high = updates.get(e.streamKey) ?? known.get(e.streamKey);
      if (high !== undefined && e.sequence <= high) {
        resent++;
        continue;
      }
      updates.set(e.streamKey, e.sequence);
      if (!known.has(e.streamKey) && options.baselineBeforeDay !== undefined && e.day < options.baselineBeforeDay) {
        baselined++;
        continue;
      }
    }
    increments.push({ identity: e.identity, day: e.day, field: 'messages', amount: 1 });
  }
  return { increments, updates, resent, baselined };
}
