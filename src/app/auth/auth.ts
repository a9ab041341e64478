import { isUuid } from '../../domain/ids.ts';
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../errors.ts';
import type { ApiToken } from '../../db/repositories/types.ts';
import type { Role } from '../../domain/roles.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

const TOKEN_PREFIX = 'swt_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Resolves a person to an actor with their role grants; only active people can act. */
export async function resolvePersonActor(ctx: AppContext, personId: string): Promise<Actor | undefined> {
  if (!isUuid(personId)) return undefined;
  const identity = await ctx.repos.tokens.findIdentity(personId);
  return identity ? { kind: 'person', ...identity } : undefined;
}

/** Looks up a bearer token; undefined when unknown, revoked, expired or its owner has left. One query. */
export async function authenticateToken(ctx: AppContext, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const identity = await ctx.repos.tokens.findIdentityByHash(hashToken(token), ctx.now());
  return identity ? { kind: 'person', ...identity } : undefined;
}

/** Creates a personal API token. The plain token is returned once; only its hash is stored. */
export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; personId?: string; expiresAt?: Date | null },
): Promise<{ token: string; entry: ApiToken }> {
  const personId = input.personId ?? (actor.kind === 'person' ? actor.personId : undefined);
  if (!personId) throw new AppError('VALIDATION_FAILED', { message: 'A token belongs to a person: name one', details: [{ path: 'personId', message: 'is required' }] });
  if (input.expiresAt && input.expiresAt <= ctx.now()) {
    throw new AppError('VALIDATION_FAILED', { message: 'expiresAt must be in the future', details: [{ path: 'body.expiresAt', message: 'must be in the future' }] });
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const entry = await ctx.transaction(async (repos) => {
    const created = await repos.tokens.insert({ orgId: actor.orgId, personId, name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, 10), expiresAt: input.expiresAt ?? null });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'api_token.created', entityType: 'api_token', entityId: created.id, after: { name: created.name, prefix: created.prefix, personId } });
    return created;
  });
  return { token, entry };
}

export async function revokeApiToken(ctx: AppContext, actor: Actor & { kind: 'person' }, id: string): Promise<ApiToken> {
  return ctx.transaction(async (repos) => {
    const revoked = await repos.tokens.revoke(actor.orgId, actor.personId, id);
    if (!revoked) throw new AppError('NOT_FOUND', { message: `No live token ${id} of yours` });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'api_token.revoked', entityType: 'api_token', entityId: id });
    return revoked;
  });
}

export type DemoUser = Readonly<{ id: string; name: string; email: string; departmentName: string | null; jobFamily: string; roles: readonly Role[] }>;

/** People offered on the demo login page, people with more roles first so every role is one click away. */
export async function listDemoUsers(ctx: AppContext): Promise<DemoUser[]> {
  const org = await ctx.repos.organizations.findPrimary();
  if (!org) return [];
  const people = await ctx.repos.people.listWithRoles(org.id);
  return people
    .map((p) => ({ id: p.id, name: p.name, email: p.email, departmentName: p.departmentName, jobFamily: p.jobFamily, roles: p.roles }))
    .sort((a, b) => b.roles.length - a.roles.length || a.name.localeCompare(b.name));
}
