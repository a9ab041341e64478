import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequest, decodeMessage, decodeMetricsRequest, encodeLogsResponse, encodeMetricsResponse, encodeStatus, encodingOf, OtlpDecodeError } from './otlp.ts';

const fixture = (name: string) => fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name));
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeMetricsRequest', () => {
  it('turns OTLP/JSON into a plain shape', () => {
    const request = decodeMetricsRequest(fixture('metrics-cumulative-1.json'), 'json');
    const metric = request.resources[0]!.scopes[0]!.items.find((m) => m.name === 'claude_code.cost.usage')!;
    expect(request.resources[0]!.attributes['service.name']).toBe('claude-code');
    expect(request.resources[0]!.scopes[0]!.name).toBe('com.anthropic.claude_code');
    expect(metric).toMatchObject({ kind: 'sum', temporality: 'cumulative', isMonotonic: true, unit: 'USD' });
    expect(metric.points[0]).toMatchObject({ value: 0.0421, attributes: { 'user.email': 'dana@example.com', model: 'claude-sonnet-4-6' } });
    expect(metric.points[0]!.timeUnixNano).toMatch(/^\d{19}$/);
  });

  it('accepts the proto3 JSON variants: numbers or strings for 64-bit values, enum names, missing fields', () => {
    const request = decodeMetricsRequest(
      json({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  { name: 'claude_code.commit.count', sum: { aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA', dataPoints: [{ asInt: '3', timeUnixNano: 1767225660000000000, attributes: [{ key: 'n', value: { intValue: '7' } }, { key: 'list', value: { arrayValue: { values: [{ boolValue: true }] } } }] }] } },
                  { name: 'other.gauge', gauge: { dataPoints: [{ asDouble: 'NaN' }] } },
                  { name: 'other.histogram', histogram: { dataPoints: [{ count: '3' }] } },
                ],
              },
            ],
          },
        ],
      }),
      'json',
    );
    const [commit, gauge, histogram] = request.resources[0]!.scopes[0]!.items;
    expect(commit).toMatchObject({ kind: 'sum', temporality: 'delta', points: [{ value: 3, startTimeUnixNano: '0', timeUnixNano: '1767225660000000000', attributes: { n: 7, list: [true] } }] });
    expect(gauge!.kind).toBe('gauge');
    expect(Number.isNaN(gauge!.points[0]!.value)).toBe(true);
    expect(histogram).toMatchObject({ kind: 'histogram', points: [] });
    expect(decodeMetricsRequest(json({}), 'json')).toEqual({ resources: [] });
  });

  it('rejects what is not an ExportMetricsServiceRequest with a message naming the place', () => {
    expect(() => decodeMetricsRequest(Buffer.from('{"resourceMetrics": ['), 'json')).toThrow(/not valid JSON/);
    expect(() => decodeMetricsRequest(json({ resourceMetrics: {} }), 'json')).toThrow(/resourceMetrics: /);
    expect(() => decodeMetricsRequest(json({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'x', sum: { dataPoints: [{ timeUnixNano: 'yesterday' }] } }] }] }] }), 'json')).toThrow(
      /resourceMetrics\.0\.scopeMetrics\.0\.metrics\.0\.sum\.dataPoints\.0\.timeUnixNano: must be a decimal number of nanoseconds/,
    );
    expect(() => decodeMetricsRequest(Buffer.from([0x0a, 0xff, 0xff, 0xff]), 'protobuf')).toThrow(OtlpDecodeError);
  });
});

describe('decodeLogsRequest', () => {
  it('turns OTLP/JSON logs into a plain shape', () => {
    const records = decodeLogsRequest(fixture('logs.json'), 'json').resources[0]!.scopes[0]!.items;
    expect(records).toHaveLength(4);
    expect(records[0]).toMatchObject({ body: 'claude_code.user_prompt', attributes: { 'event.name': 'user_prompt', 'event.sequence': 0, prompt_length: 42 } });
  });
});

describe('responses', () => {
  it('answers an empty Export*ServiceResponse when everything was accepted', () => {
    expect(encodeMetricsResponse('json').toString()).toBe('{}');
    expect(encodeMetricsResponse('protobuf')).toHaveLength(0);
    expect(encodeLogsResponse('json').toString()).toBe('{}');
  });

  it('reports a partial success in either encoding', () => {
    expect(JSON.parse(encodeMetricsResponse('json', { rejected: 2, errorMessage: 'why' }).toString())).toEqual({ partialSuccess: { rejectedDataPoints: '2', errorMessage: 'why' } });
    expect(decodeMessage('metricsResponse', encodeMetricsResponse('protobuf', { rejected: 2, errorMessage: 'why' }))).toEqual({ partialSuccess: { rejectedDataPoints: 2, errorMessage: 'why' } });
    expect(decodeMessage('logsResponse', encodeLogsResponse('protobuf', { rejected: 1, errorMessage: 'no user' }))).toEqual({ partialSuccess: { rejectedLogRecords: 1, errorMessage: 'no user' } });
  });

  it('encodes error bodies as google.rpc.Status', () => {
    expect(JSON.parse(encodeStatus('json', 3, 'bad').toString())).toEqual({ code: 3, message: 'bad' });
    expect(decodeMessage('status', encodeStatus('protobuf', 16, 'who?'))).toEqual({ code: 16, message: 'who?' });
  });

  it('knows the two OTLP/HTTP content types', () => {
    expect(encodingOf('application/json; charset=utf-8')).toBe('json');
    expect(encodingOf('application/x-protobuf')).toBe('protobuf');
    expect(encodingOf('text/plain')).toBeUndefined();
    expect(encodingOf(undefined)).toBeUndefined();
  });
});
