import path from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { z } from 'zod';

/**
 * OTLP/HTTP payloads (JSON and binary protobuf) decoded into one plain shape, and the response bodies
 * the protocol asks for. Both encodings go through the same validation: protobuf is decoded with the
 * schema in `proto/` and turned into the proto3 JSON shape first.
 */

export type OtlpEncoding = 'json' | 'protobuf';

export type AttributeValue = string | number | boolean | null | readonly AttributeValue[] | { readonly [key: string]: AttributeValue };
export type Attributes = Readonly<Record<string, AttributeValue>>;

export type Temporality = 'delta' | 'cumulative' | 'unspecified';
export type MetricKind = 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary' | 'none';

/** A number data point; times are UNIX nanoseconds as decimal strings ('0' when unset). */
export type NumberPoint = Readonly<{ attributes: Attributes; startTimeUnixNano: string; timeUnixNano: string; value: number | null }>;
export type OtlpMetric = Readonly<{ name: string; unit: string; kind: MetricKind; temporality: Temporality; isMonotonic: boolean; points: readonly NumberPoint[] }>;
export type OtlpScope<T> = Readonly<{ name: string; version: string; items: readonly T[] }>;
export type OtlpResource<T> = Readonly<{ attributes: Attributes; scopes: ReadonlyArray<OtlpScope<T>> }>;
export type OtlpMetricsRequest = Readonly<{ resources: ReadonlyArray<OtlpResource<OtlpMetric>> }>;

export type OtlpLogRecord = Readonly<{ timeUnixNano: string; observedTimeUnixNano: string; eventName: string; body: AttributeValue; attributes: Attributes }>;
export type OtlpLogsRequest = Readonly<{ resources: ReadonlyArray<OtlpResource<OtlpLogRecord>> }>;

/** The payload cannot be decoded or does not have the OTLP shape (answered with 400). */
export class OtlpDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OtlpDecodeError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Schema (protobufjs), loaded once from the vendored .proto files.

const PROTO_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'proto');
let schema: { metricsRequest: protobuf.Type; metricsResponse: protobuf.Type; logsRequest: protobuf.Type; logsResponse: protobuf.Type; status: protobuf.Type } | undefined;

function protoSchema() {
  if (schema) return schema;
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(PROTO_DIR, target));
  root.loadSync(['opentelemetry/proto/collector/metrics/v1/metrics_service.proto', 'opentelemetry/proto/collector/logs/v1/logs_service.proto', 'google/rpc/status.proto']);
  root.resolveAll();
  schema = {
    metricsRequest: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'),
    metricsResponse: root.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse'),
    logsRequest: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'),
    logsResponse: root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse'),
    status: root.lookupType('google.rpc.Status'),
  };
  return schema;
}

const TO_JSON_SHAPE: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: false, arrays: true, oneofs: false };

function parseBody(body: Uint8Array, encoding: OtlpEncoding, type: protobuf.Type): unknown {
  if (encoding === 'json') {
    try {
      return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    } catch (error) {
      throw new OtlpDecodeError(`The body is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  try {
    return type.toObject(type.decode(body), TO_JSON_SHAPE);
  } catch (error) {
    throw new OtlpDecodeError(`The body is not a valid protobuf ${type.name}: ${(error as Error).message}`, { cause: error });
  }
}

// ---------------------------------------------------------------------------------------------------
// Validation of the proto3 JSON shape (OTLP/JSON): lowerCamelCase keys, unknown keys ignored, 64-bit
// integers as decimal strings or numbers, enums as integers (names accepted too).

const Nanos = z
  .union([z.string().regex(/^\d{1,20}$/, { error: 'must be a decimal number of nanoseconds' }), z.number().nonnegative()])
  .optional()
  .transform((v) => (v === undefined ? '0' : typeof v === 'number' ? BigInt(Math.trunc(v)).toString() : BigInt(v).toString()));
const Int64 = z.union([z.string().regex(/^-?\d{1,20}$/, { error: 'must be an integer' }), z.number()]).transform((v) => Number(v));
const Double = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]).transform((v) => Number(v));

type RawAnyValue = {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  intValue?: number | undefined;
  doubleValue?: number | undefined;
  arrayValue?: { values?: RawAnyValue[] | undefined } | undefined;
  kvlistValue?: { values?: Array<{ key: string; value?: RawAnyValue | undefined }> | undefined } | undefined;
  bytesValue?: string | undefined;
};
const AnyValueSchema: z.ZodType<RawAnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: Int64.optional(),
    doubleValue: Double.optional(),
    arrayValue: z.object({ values: z.array(AnyValueSchema).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(z.object({ key: z.string(), value: AnyValueSchema.optional() })).optional() }).optional(),
    bytesValue: z.string().optional(),
  }),
) as z.ZodType<RawAnyValue>;
const KeyValues = z.array(z.object({ key: z.string(), value: AnyValueSchema.optional() })).optional();

function plainValue(v: RawAnyValue | undefined): AttributeValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return v.intValue;
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(plainValue);
  if (v.kvlistValue) return plainAttributes(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return v.bytesValue;
  return null;
}

function plainAttributes(kvs: ReadonlyArray<{ key: string; value?: RawAnyValue | undefined }> | undefined): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const kv of kvs ?? []) out[kv.key] = plainValue(kv.value);
  return out;
}

const TEMPORALITY_BY_NAME: Record<string, number> = { AGGREGATION_TEMPORALITY_UNSPECIFIED: 0, AGGREGATION_TEMPORALITY_DELTA: 1, AGGREGATION_TEMPORALITY_CUMULATIVE: 2 };
const TemporalitySchema = z
  .union([z.number().int(), z.string()])
  .optional()
  .transform((v, c): Temporality => {
    const n = typeof v === 'string' ? TEMPORALITY_BY_NAME[v] : (v ?? 0);
    if (n === 1) return 'delta';
    if (n === 2) return 'cumulative';
    if (n === 0) return 'unspecified';
    c.addIssue({ code: 'custom', message: `unknown aggregation temporality ${String(v)}` });
    return z.NEVER;
  });

const NumberPointSchema = z
  .object({ attributes: KeyValues, startTimeUnixNano: Nanos, timeUnixNano: Nanos, asDouble: Double.optional(), asInt: Int64.optional(), flags: z.number().int().optional() })
  .transform(
    (p): NumberPoint => ({
      attributes: plainAttributes(p.attributes),
      startTimeUnixNano: p.startTimeUnixNano,
      timeUnixNano: p.timeUnixNano,
      // Flag bit 1: no recorded value (a staleness marker), not a zero.
      value: (p.flags ?? 0) & 1 ? null : (p.asDouble ?? p.asInt ?? null),
    }),
  );
const PointsSchema = z.array(NumberPointSchema).optional();

const MetricSchema = z
  .object({
    name: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
    unit: z.string().optional(),
    sum: z.object({ dataPoints: PointsSchema, aggregationTemporality: TemporalitySchema, isMonotonic: z.boolean().optional() }).optional(),
    gauge: z.object({ dataPoints: PointsSchema }).optional(),
    histogram: z.object({}).optional(),
    exponentialHistogram: z.object({}).optional(),
    summary: z.object({}).optional(),
  })
  .transform((m): OtlpMetric => {
    const base = { name: m.name, unit: m.unit ?? '' };
    if (m.sum) return { ...base, kind: 'sum', temporality: m.sum.aggregationTemporality, isMonotonic: m.sum.isMonotonic ?? false, points: m.sum.dataPoints ?? [] };
    if (m.gauge) return { ...base, kind: 'gauge', temporality: 'unspecified', isMonotonic: false, points: m.gauge.dataPoints ?? [] };
    const kind: MetricKind = m.histogram ? 'histogram' : m.exponentialHistogram ? 'exponentialHistogram' : m.summary ? 'summary' : 'none';
    return { ...base, kind, temporality: 'unspecified', isMonotonic: false, points: [] };
  });

const Scope = z.object({ name: z.string().optional(), version: z.string().optional() }).optional();
const Resource = z.object({ attributes: KeyValues }).optional();

const MetricsRequestSchema = z
  .object({ resourceMetrics: z.array(z.object({ resource: Resource, scopeMetrics: z.array(z.object({ scope: Scope, metrics: z.array(MetricSchema).optional() })).optional() })).optional() })
  .transform(
    (r): OtlpMetricsRequest => ({
      resources: (r.resourceMetrics ?? []).map((rm) => ({
        attributes: plainAttributes(rm.resource?.attributes),
        scopes: (rm.scopeMetrics ?? []).map((sm) => ({ name: sm.scope?.name ?? '', version: sm.scope?.version ?? '', items: sm.metrics ?? [] })),
      })),
    }),
  );

const LogRecordSchema = z
  .object({ timeUnixNano: Nanos, observedTimeUnixNano: Nanos, eventName: z.string().optional(), body: AnyValueSchema.optional(), attributes: KeyValues })
  .transform((l): OtlpLogRecord => ({ timeUnixNano: l.timeUnixNano, observedTimeUnixNano: l.observedTimeUnixNano, eventName: l.eventName ?? '', body: plainValue(l.body), attributes: plainAttributes(l.attributes) }));

const LogsRequestSchema = z
  .object({ resourceLogs: z.array(z.object({ resource: Resource, scopeLogs: z.array(z.object({ scope: Scope, logRecords: z.array(LogRecordSchema).optional() })).optional() })).optional() })
  .transform(
    (r): OtlpLogsRequest => ({
      resources: (r.resourceLogs ?? []).map((rl) => ({
        attributes: plainAttributes(rl.resource?.attributes),
        scopes: (rl.scopeLogs ?? []).map((sl) => ({ name: sl.scope?.name ?? '', version: sl.scope?.version ?? '', items: sl.logRecords ?? [] })),
      })),
    }),
  );

function validate<T>(schemaOf: z.ZodType<T>, raw: unknown, what: string): T {
  const parsed = schemaOf.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : '';
  throw new OtlpDecodeError(`The body is not a valid ${what}: ${issues.join('; ')}${more}`);
}

/** Decodes an ExportMetricsServiceRequest (JSON or protobuf). Throws OtlpDecodeError on bad input. */
export function decodeMetricsRequest(body: Uint8Array, encoding: OtlpEncoding): OtlpMetricsRequest {
  return validate(MetricsRequestSchema, parseBody(body, encoding, protoSchema().metricsRequest), 'ExportMetricsServiceRequest');
}

/** Decodes an ExportLogsServiceRequest (JSON or protobuf). Throws OtlpDecodeError on bad input. */
export function decodeLogsRequest(body: Uint8Array, encoding: OtlpEncoding): OtlpLogsRequest {
  return validate(LogsRequestSchema, parseBody(body, encoding, protoSchema().logsRequest), 'ExportLogsServiceRequest');
}

// ---------------------------------------------------------------------------------------------------
// Responses.

/** Set only when something was rejected, or to pass a warning with `rejected` 0 (OTLP partial success). */
export type PartialSuccess = Readonly<{ rejected: number; errorMessage: string }>;

function encodeMessage(type: protobuf.Type, value: Record<string, unknown>, encoding: OtlpEncoding): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify(value));
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

/** An ExportMetricsServiceResponse: `{}` (or an empty protobuf message) when everything was accepted. */
export function encodeMetricsResponse(encoding: OtlpEncoding, partial?: PartialSuccess): Buffer {
  const value = partial ? { partialSuccess: { rejectedDataPoints: String(partial.rejected), errorMessage: partial.errorMessage } } : {};
  return encodeMessage(protoSchema().metricsResponse, value, encoding);
}

/** An ExportLogsServiceResponse: `{}` (or an empty protobuf message) when everything was accepted. */
export function encodeLogsResponse(encoding: OtlpEncoding, partial?: PartialSuccess): Buffer {
  const value = partial ? { partialSuccess: { rejectedLogRecords: String(partial.rejected), errorMessage: partial.errorMessage } } : {};
  return encodeMessage(protoSchema().logsResponse, value, encoding);
}

/** gRPC status codes used in error bodies (OTLP clients only log them). */
export const STATUS_CODE = { INVALID_ARGUMENT: 3, UNAUTHENTICATED: 16, INTERNAL: 13, UNAVAILABLE: 14 } as const;

/** A google.rpc.Status error body, the OTLP/HTTP answer to every 4xx and 5xx. */
export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  return encodeMessage(protoSchema().status, { code, message }, encoding);
}

/** Decodes a response or status body (tests, and a client that wants to read one). */
export function decodeMessage(kind: 'metricsResponse' | 'logsResponse' | 'status', body: Uint8Array): Record<string, unknown> {
  const type = protoSchema()[kind];
  return type.toObject(type.decode(body), { longs: Number, enums: Number, defaults: false }) as Record<string, unknown>;
}

export const CONTENT_TYPE: Readonly<Record<OtlpEncoding, string>> = { json: 'application/json', protobuf: 'application/x-protobuf' };

/** The encoding of a Content-Type header value, or undefined when OTLP/HTTP does not define it. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/json') return 'json';
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  return undefined;
}
