import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { ingestOtelLogs, ingestOtelMetrics } from '../../../app/usage/ingest-otel.ts';
import { authenticateIngestToken, createIngestToken, listIngestTokens, revokeIngestToken, type IngestToken } from '../../../app/usage/ingest-tokens.ts';
import {
  CONTENT_TYPE,
  decodeLogsRequest,
  decodeMetricsRequest,
  encodeLogsResponse,
  encodeMetricsResponse,
  encodeStatus,
  encodingOf,
  OtlpDecodeError,
  STATUS_CODE,
  type OtlpEncoding,
} from '../../../connectors/claude-code-otel/otlp.ts';
import { ADMIN_ROLES } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, iso, isoOrNull, withProblems } from '../../schemas.ts';

/** Largest request body accepted as sent (compressed or not), and once decompressed. */
export const MAX_OTLP_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_OTLP_DECODED_BYTES = 32 * 1024 * 1024;

/** A refusal (401, 415) answered with a google.rpc.Status in the request's encoding. */
class OtlpHttpError extends Error {
  constructor(
    readonly status: number,
    readonly grpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** The organization of each authenticated OTLP request (set by its onRequest hook). */
const senderOrg = new WeakMap<FastifyRequest, string>();
const orgOf = (request: FastifyRequest): string => {
  const orgId = senderOrg.get(request);
  if (!orgId) throw new OtlpHttpError(401, STATUS_CODE.UNAUTHENTICATED, 'Send a Seatwise ingest token');
  return orgId;
};

function sendStatus(reply: FastifyReply, request: FastifyRequest, status: number, grpcCode: number, message: string) {
  // OTLP/HTTP: 4xx and 5xx bodies are a Status message in the encoding the client used (JSON when unknown).
  const encoding: OtlpEncoding = encodingOf(request.headers['content-type']) ?? 'json';
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.status(status).type(CONTENT_TYPE[encoding]).send(encodeStatus(encoding, grpcCode, message));
}

function decompress(body: Buffer, contentEncoding: string | undefined): Buffer {
  const coding = (contentEncoding ?? 'identity').trim().toLowerCase();
  const options = { maxOutputLength: MAX_OTLP_DECODED_BYTES };
  try {
    if (coding === 'identity' || coding === '') return body;
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.gunzipSync(body, options);
    if (coding === 'deflate') return zlib.inflateSync(body, options);
    if (coding === 'br') return zlib.brotliDecompressSync(body, options);
  } catch (error) {
    const tooBig = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new OtlpDecodeError(tooBig ? `The body is larger than ${MAX_OTLP_DECODED_BYTES} bytes once decompressed` : `The body is not valid ${coding} data`);
  }
  throw new OtlpHttpError(415, STATUS_CODE.INVALID_ARGUMENT, `Content-Encoding ${coding} is not supported; send gzip or none`);
}

const IngestTokenSchema = z.object({ id: z.uuid(), name: z.string(), prefix: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
const presentIngestToken = (t: IngestToken) => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: iso(t.createdAt), lastUsedAt: isoOrNull(t.lastUsedAt), revokedAt: isoOrNull(t.revokedAt) });

/**
 * Claude Code OpenTelemetry receiver: OTLP/HTTP `POST /v1/metrics` and `POST /v1/logs` (JSON or
 * protobuf, optionally gzip), authenticated by an organization's ingest token, plus the API that
 * manages those tokens. The two OTLP routes are public to user authentication and check the ingest
 * token themselves; they answer in the OTLP/HTTP way (Export*ServiceResponse or google.rpc.Status in
 * the request's encoding), not with problem documents.
 */
export const otelRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/ingest-tokens', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['usage'], summary: 'Ingest tokens of the OpenTelemetry receiver (hashes stay on the server)', response: withProblems({ 200: z.object({ items: z.array(IngestTokenSchema) }) }) },
  }, async (request) => ({ items: (await listIngestTokens(ctx, requireActor(request).orgId)).map(presentIngestToken) }));

  app.post('/api/ingest-tokens', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['usage'],
      summary: 'Create an ingest token for telemetry senders (the token is shown only in this response)',
      body: z.object({ name: z.string().trim().min(1).max(100) }),
      response: withProblems({ 201: IngestTokenSchema.extend({ token: z.string() }) }),
    },
  }, async (request, reply) => {
    const { token, entry } = await createIngestToken(ctx, requireActor(request), { name: request.body.name });
    return reply.status(201).send({ ...presentIngestToken(entry), token });
  });

  app.delete('/api/ingest-tokens/:id', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['usage'], summary: 'Revoke an ingest token (senders using it get 401 from then on)', params: IdParamsSchema, response: withProblems({ 200: IngestTokenSchema }) },
  }, async (request) => presentIngestToken(await revokeIngestToken(ctx, requireActor(request), request.params.id)));

  // The OTLP routes read their bodies raw whatever the content type; they decode them themselves.
  await app.register(async (otlp) => {
    otlp.removeAllContentTypeParsers();
    otlp.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_OTLP_BODY_BYTES }, (_request, body, done) => done(null, body));
    otlp.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      if (error instanceof OtlpHttpError) return sendStatus(reply, request, error.status, error.grpcCode, error.message);
      if (error instanceof OtlpDecodeError) return sendStatus(reply, request, 400, STATUS_CODE.INVALID_ARGUMENT, error.message);
      if (error.statusCode === 413) return sendStatus(reply, request, 413, STATUS_CODE.INVALID_ARGUMENT, `The body is larger than ${MAX_OTLP_BODY_BYTES} bytes`);
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return sendStatus(reply, request, error.statusCode, STATUS_CODE.INVALID_ARGUMENT, error.message);
      request.log.error({ err: error }, 'OpenTelemetry ingestion failed');
      // 503 lets OTLP exporters retry (they retry 429, 502, 503 and 504); nothing of the request was stored.
      return sendStatus(reply, request, 503, STATUS_CODE.UNAVAILABLE, 'Seatwise could not store this telemetry now; retry later');
    });

    // Runs before the body is read: unknown senders get 401 without their payload being parsed.
    const authenticate = async (request: FastifyRequest) => {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      const sender = match ? await authenticateIngestToken(ctx, match[1]!) : undefined;
      if (!sender) throw new OtlpHttpError(401, STATUS_CODE.UNAUTHENTICATED, 'Send a Seatwise ingest token: Authorization: Bearer swi_… (create one with `seatwise ingest-token create --name …`)');
      senderOrg.set(request, sender.orgId);
    };

    const readBody = (request: FastifyRequest): { encoding: OtlpEncoding; bytes: Buffer } => {
      const encoding = encodingOf(request.headers['content-type']);
      if (!encoding) throw new OtlpHttpError(415, STATUS_CODE.INVALID_ARGUMENT, `Content-Type ${request.headers['content-type'] ?? '(none)'} is not supported; send application/x-protobuf or application/json`);
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return { encoding, bytes: decompress(raw, request.headers['content-encoding']) };
    };

    const description = 'OTLP/HTTP receiver for Claude Code telemetry. Body: an Export*ServiceRequest as application/x-protobuf or application/json, optionally Content-Encoding: gzip. Authorization: Bearer <ingest token>. Answers 200 with an Export*ServiceResponse in the same encoding (partialSuccess lists what was not counted), 400 for a malformed body, 401 without a valid ingest token, 415 for another content type.';

    otlp.post('/v1/metrics', {
      config: { auth: 'public' },
      onRequest: authenticate,
      schema: { tags: ['usage'], summary: 'Receive Claude Code metrics (OTLP/HTTP)', description },
    }, async (request, reply) => {
      const { encoding, bytes } = readBody(request);
      const decoded = decodeMetricsRequest(bytes, encoding);
      const result = await ingestOtelMetrics(ctx, orgOf(request), decoded);
      return reply.status(200).type(CONTENT_TYPE[encoding]).send(encodeMetricsResponse(encoding, result.partial));
    });

    otlp.post('/v1/logs', {
      config: { auth: 'public' },
      onRequest: authenticate,
      schema: { tags: ['usage'], summary: 'Receive Claude Code events (OTLP/HTTP logs)', description },
    }, async (request, reply) => {
      const { encoding, bytes } = readBody(request);
      const decoded = decodeLogsRequest(bytes, encoding);
      const result = await ingestOtelLogs(ctx, orgOf(request), decoded);
      return reply.status(200).type(CONTENT_TYPE[encoding]).send(encodeLogsResponse(encoding, result.partial));
    });
  });
};
