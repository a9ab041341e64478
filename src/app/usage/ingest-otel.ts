import {
  applyTemporality,
  carryKeysFor,
  countNewPrompts,
  extractClaudeCodePoints,
  extractPromptEvents,
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
  /** Data Seatwise could not attribute (reported back as an OTLP partial success). */
  partial: PartialSuccess | undefined;
  usage: RecordUsageResult | undefined;
}>;

const partialOf = (rejected: number, reasons: readonly string[]): PartialSuccess | undefined => (rejected > 0 ? { rejected, errorMessage: `Not counted: ${reasons.join('; ')}` } : undefined);

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
  const partial = partialOf(extracted.rejected, extracted.reasons);
  if (extracted.items.length === 0) return { accepted: 0, resent: 0, partial, usage: undefined };
  return ctx.transaction(async (repos) => {
    const seriesKeys = [...new Set(extracted.items.filter((p) => p.temporality === 'cumulative').map((p) => p.seriesKey))];
    await repos.otel.lockSeries(orgId, [...seriesKeys, ...carryKeysFor(extracted.items)]);
    const known = await repos.otel.loadSeries(orgId, seriesKeys);
    const { increments, updates, resent } = applyTemporality(extracted.items, known);
    const usage = await addIncrements(repos, orgId, increments, [...updates].map(([key, state]) => ({ key, state })));
    return { accepted: extracted.items.length, resent, partial, usage };
  });
}

/**
 * Counts `claude_code.user_prompt` events as messages (prompts) per person-day, once per session
 * sequence number; every other event is accepted and ignored (metrics already carry cost and tokens).
 */
export async function ingestOtelLogs(ctx: AppContext, orgId: string, request: OtlpLogsRequest): Promise<OtelIngestResult> {
  const extracted = extractPromptEvents(request);
  const partial = partialOf(extracted.rejected, extracted.reasons);
  if (extracted.items.length === 0) return { accepted: 0, resent: 0, partial, usage: undefined };
  return ctx.transaction(async (repos) => {
    const streamKeys = [...new Set(extracted.items.flatMap((e) => (e.streamKey ? [e.streamKey] : [])))];
    await repos.otel.lockSeries(orgId, streamKeys);
    const known = await repos.otel.loadSeries(orgId, streamKeys);
    const { increments, updates, resent } = countNewPrompts(extracted.items, new Map([...known].map(([k, v]) => [k, v.lastValue])));
    // A session's high-water mark: last_value is the highest event.sequence counted.
    const states = [...updates].map(([key, sequence]) => ({ key, state: { startTimeUnixNano: '0', lastTimeUnixNano: '0', lastValue: sequence } }));
    const usage = await addIncrements(repos, orgId, increments, states);
    return { accepted: extracted.items.length, resent, partial, usage };
  });
}
