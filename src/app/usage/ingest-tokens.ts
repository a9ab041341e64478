import { isUuid } from '../../domain/ids.ts';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../errors.ts';
import type { IngestToken } from '../../db/repositories/otel.repository.ts';
import { hashToken } from '../auth/auth.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

/**
 * Ingest tokens authenticate telemetry senders (Claude Code on laptops) to the OpenTelemetry receiver.
 * They belong to the organization, not to a person, and can do nothing but send usage. The plain token
 * is shown once; only its SHA-256 hash is stored.
 */
export const INGEST_TOKEN_PREFIX = 'swi_';

export type { IngestToken };

export async function createIngestToken(ctx: AppContext, actor: Actor, input: { name: string }): Promise<{ token: string; entry: IngestToken }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError('VALIDATION_FAILED', { message: 'An ingest token needs a name of 1 to 100 characters', details: [{ path: 'name', message: 'must be 1 to 100 characters' }] });
  const token = `${INGEST_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const entry = await ctx.transaction(async (repos) => {
    const created = await repos.otel.insertIngestToken({ orgId: actor.orgId, name, tokenHash: hashToken(token), prefix: token.slice(0, 10) });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'ingest_token.created', entityType: 'ingest_token', entityId: created.id, after: { name: created.name, prefix: created.prefix } });
    return created;
  });
  return { token, entry };
}

export async function listIngestTokens(ctx: AppContext, orgId: string): Promise<IngestToken[]> {
  return ctx.repos.otel.listIngestTokens(orgId);
}


export async function revokeIngestToken(ctx: AppContext, actor: Actor, id: string): Promise<IngestToken> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', { message: `No live ingest token ${id}` });
  return ctx.transaction(async (repos) => {
    const revoked = await repos.otel.revokeIngestToken(actor.orgId, id);
    if (!revoked) throw new AppError('NOT_FOUND', { message: `No live ingest token ${id}` });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'ingest_token.revoked', entityType: 'ingest_token', entityId: id, before: { name: revoked.name, prefix: revoked.prefix } });
    return revoked;
  });
}

/** The organization a live ingest token sends for, or undefined for an unknown or revoked one. */
export async function authenticateIngestToken(ctx: AppContext, token: string): Promise<{ orgId: string; tokenId: string } | undefined> {
  if (!token.startsWith(INGEST_TOKEN_PREFIX) || token.length > 200) return undefined;
  const entry = await ctx.repos.otel.findLiveIngestToken(hashToken(token));
  return entry ? { orgId: entry.orgId, tokenId: entry.id } : undefined;
}
