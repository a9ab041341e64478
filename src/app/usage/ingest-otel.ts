import {
  applyTemporality,
  carryKeysFor,
  countNewPrompts,
  extractClaudeCodePoints,
  extractPromptEvents,
  OTEL_SERIES_RETENTION_DAYS,
  retentionHorizon,
  toUsageRecords,
  type Increment,
  type SeriesState,
} from '../../connectors/claude-code-otel/mapper.ts';
import type { OtlpLogsRequest, OtlpMetricsRequest, PartialSuccess } from '../../connectors/claude-code-otel/otlp.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { AppContext } from '../context.ts';
import { recordUsage, type RecordUsageResult } from './record-usage.ts';

export type OtelIngestResult = Readonly<{
  /** Points (or prompt events) Seatwise kept, before temporality. */
  accepted: number;
  /** Cumulative points (or events) already counted by an earlier request. */
  resent: number;
  /**
   * Cumulative points of series Seatwise holds no state for that started before the retention
   * horizon (or prompt events of such sessions): stored as a new baseline, not counted.
   */
  baselined: number;
  /** Data Seatwise could not attribute (reported back as an OTLP partial success). */
  partial: PartialSuccess | undefined;
  usage: RecordUsageResult | undefined;
}>;

/**
 * The OTLP partial success: rejected data with its reasons, plus a warning (rejected stays the number
 * of data actually rejected) when points were taken as a baseline instead of being counted.
 */
function partialOf(rejected: number, reasons: readonly string[], baselined = 0, what = 'cumulative point(s)'): PartialSuccess | undefined {
  const messages = [
    ...(rejected > 0 ? [`Not counted: ${reasons.join('; ')}`] : []),
    ...(baselined > 0
      ? [`Taken as a new baseline, not counted: ${baselined} ${what} of series Seatwise keeps no state for that started more than ${OTEL_SERIES_RETENTION_DAYS - 1} days ago (state is kept ${OTEL_SERIES_RETENTION_DAYS} days after a series' last point; only later growth counts)`]
      : []),
  ];
  return messages.length > 0 ? { rejected, errorMessage: messages.join('. ') } : undefined;
}

/**
 * Applies increments to usage in the caller's transaction: running totals of fractional fields are
 * read and written under the same locks as the series, then usage is added (source `claude_code`).
 */
async function addIncrements(repos: Repositories, orgId: string, increments: readonly Increment[], stateUpdates: ReadonlyArray<{ key: string; state: SeriesState }>) {
  const carryKeys = carryKeysFor(increments);
  const carries = await repos.otel.loadSeries(orgId, carryKeys);
  const { records, carryUpdates } = toUsageRecords(increments, new Map([...carries].map(([k, v]) => [k, v.lastValue])));
  await repos.otel.saveSeries(orgId, [
    ...stateUpdates.map(({ key, state }) => ({ seriesKey: key, ...state })),
    // A running total has no time series of its own: its start and last times stay '0'.
    ...[...carryUpdates].map(([seriesKey, total]) => ({ seriesKey, startTimeUnixNano: '0', lastTimeUnixNano: '0', lastValue: total })),
  ]);
  return records.length ? recordUsage(repos, { orgId, records, mode: 'add', importId: null }) : undefined;
}

/**
 * Counts the `claude_code.*` metrics of one OTLP request once, in one transaction: delta points are
 * added as they are; cumulative points add only what is new since the series' last point (see
 * `cumulativeStep`), so re-sent points are never counted twice.
 */
export async function ingestOtelMetrics(ctx: AppContext, orgId: string, request: OtlpMetricsRequest): Promise<OtelIngestResult> {
  const extracted = extractClaudeCodePoints(request);
  if (extracted.items.length === 0) return { accepted: 0, resent: 0, baselined: 0, partial: partialOf(extracted.rejected, extracted.reasons), usage: undefined };
  const { baselineBeforeUnixNano } = retentionHorizon(ctx.now());
  return ctx.transaction(async (repos) => {
    const seriesKeys = [...new Set(extracted.items.filter((p) => p.temporality === 'cumulative').map((p) => p.seriesKey))];
    await repos.otel.lockSeries(orgId, [...seriesKeys, ...carryKeysFor(extracted.items)]);
    const known = await repos.otel.loadSeries(orgId, seriesKeys);
    const { increments, updates, resent, baselined } = applyTemporality(extracted.items, known, { baselineBeforeUnixNano });
    const usage = await addIncrements(repos, orgId, increments, [...updates].map(([key, state]) => ({ key, state })));
    return { accepted: extracted.items.length, resent, baselined, partial: partialOf(extracted.rejected, extracted.reasons, baselined), usage };
  });
}

/**
 * Counts `claude_code.user_prompt` events as messages (prompts) per person-day, once per session
 * sequence number; every other event is accepted and ignored (metrics already carry cost and tokens).
 */
export async function ingestOtelLogs(ctx: AppContext, orgId: string, request: OtlpLogsRequest): Promise<OtelIngestResult> {
  const extracted = extractPromptEvents(request);
  if (extracted.items.length === 0) return { accepted: 0, resent: 0, baselined: 0, partial: partialOf(extracted.rejected, extracted.reasons), usage: undefined };
  const { baselineBeforeDay } = retentionHorizon(ctx.now());
  return ctx.transaction(async (repos) => {
    const streamKeys = [...new Set(extracted.items.flatMap((e) => (e.streamKey ? [e.streamKey] : [])))];
    await repos.otel.lockSeries(orgId, streamKeys);
    const known = await repos.otel.loadSeries(orgId, streamKeys);
    const { increments, updates, resent, baselined } = countNewPrompts(extracted.items, new Map([...known].map(([k, v]) => [k, v.lastValue])), { baselineBeforeDay });
    // A session's high-water mark: last_value is the highest event.sequence counted.
    const states = [...updates].map(([key, sequence]) => ({ key, state: { startTimeUnixNano: '0', lastTimeUnixNano: '0', lastValue: sequence } }));
    const usage = await addIncrements(repos, orgId, increments, states);
    return { accepted: extracted.items.length, resent, baselined, partial: partialOf(extracted.rejected, extracted.reasons, baselined, 'user_prompt event(s)'), usage };
  });
}

/**
 * Deletes the organization's `otel_series` rows (cumulative series state, running totals, prompt
 * stream marks) not updated for OTEL_SERIES_RETENTION_DAYS, in one transaction with an audit event when
 * any went. Safe with ingestion running: a series that sends again after its state went is taken as a
 * baseline (see `applyTemporality`), never counted twice. Returns the rows deleted.
 */
export async function pruneOtelSeries(ctx: AppContext, orgId: string): Promise<{ deleted: number; before: Date }> {
  const { pruneBefore } = retentionHorizon(ctx.now());
  return ctx.transaction(async (repos) => {
    const deleted = await repos.otel.pruneSeries(orgId, pruneBefore);
    if (deleted > 0) {
      await repos.audit.append({ orgId, actor: { kind: 'system' }, action: 'otel.series_pruned', entityType: 'otel_series', entityId: null, after: { deleted, updatedBefore: pruneBefore.toISOString(), retentionDays: OTEL_SERIES_RETENTION_DAYS } });
    }
    return { deleted, before: pruneBefore };
  });
}
