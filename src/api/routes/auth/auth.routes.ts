import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiToken, listDemoUsers, resolvePersonActor, revokeApiToken } from '../../../app/auth/auth.ts';
import type { AppContext } from '../../../app/context.ts';
import { getPrimaryOrganization } from '../../../app/org.ts';
import { getPerson } from '../../../app/people/people.ts';
import { ANY_ROLE } from '../../../domain/roles.ts';
import { AppError } from '../../../errors.ts';
import { requirePerson, SESSION_COOKIE, SESSION_TTL_SECONDS } from '../../plugins/auth.ts';
import { IdParamsSchema, IsoDateTime, withProblems } from '../../schemas.ts';
import { ApiTokenSchema, DemoUserSchema, MeSchema, presentApiToken } from './auth.presenter.ts';

export const authRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; isDemoLoginEnabled: boolean }> = async (app, { ctx, isDemoLoginEnabled }) => {
  const assertDemo = () => {
    if (!isDemoLoginEnabled) throw new AppError('DEMO_LOGIN_DISABLED', { message: 'Demo login is turned off on this server' });
  };

  app.get('/api/auth/demo-users', {
    config: { auth: 'public' },
    schema: { tags: ['auth'], summary: 'People offered by the demo login (demo mode only)', response: withProblems({ 200: z.object({ items: z.array(DemoUserSchema) }) }) },
  }, async () => {
    assertDemo();
    return { items: (await listDemoUsers(ctx)).map((u) => ({ ...u, roles: [...u.roles] })) };
  });

  app.post('/api/auth/demo-login', {
    config: { auth: 'public' },
    schema: { tags: ['auth'], summary: 'Sign in as a demo person (demo mode only)', body: z.object({ personId: z.uuid() }), response: withProblems({ 200: z.object({ ok: z.literal(true) }) }) },
  }, async (request, reply) => {
    assertDemo();
    const actor = await resolvePersonActor(ctx, request.body.personId);
    if (!actor) throw new AppError('NOT_FOUND', { message: 'No active person with that id', details: [{ path: 'body.personId', message: 'no such person' }] });
    const expires = Math.floor(ctx.now().getTime() / 1000) + SESSION_TTL_SECONDS;
    reply.setCookie(SESSION_COOKIE, `${request.body.personId}.${expires}`, { signed: true, httpOnly: true, sameSite: 'lax', path: '/', maxAge: SESSION_TTL_SECONDS });
    return { ok: true as const };
  });

  app.post('/api/auth/logout', {
    config: { auth: 'public' },
    schema: { tags: ['auth'], summary: 'Sign out', response: { 200: z.object({ ok: z.literal(true) }) } },
  }, async (_request, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/me', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['auth'], summary: 'The signed-in person and their roles', response: withProblems({ 200: MeSchema }) },
  }, async (request) => {
    const actor = requirePerson(request);
    const [person, org] = await Promise.all([getPerson(ctx, actor.orgId, actor.personId), getPrimaryOrganization(ctx)]);
    return { id: person.id, name: person.name, email: person.email, departmentId: person.departmentId, departmentName: person.departmentName, grants: [...actor.grants], organization: { id: org.id, name: org.name } };
  });

  app.get('/api/tokens', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['auth'], summary: 'My API tokens', response: withProblems({ 200: z.object({ items: z.array(ApiTokenSchema) }) }) },
  }, async (request) => {
    const actor = requirePerson(request);
    return { items: (await ctx.repos.tokens.listByPerson(actor.orgId, actor.personId)).map(presentApiToken) };
  });

  app.post('/api/tokens', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['auth'],
      summary: 'Create a personal API token (the token is shown only in this response)',
      body: z.object({ name: z.string().trim().min(1).max(100), expiresAt: IsoDateTime.optional() }),
      response: withProblems({ 201: ApiTokenSchema.extend({ token: z.string() }) }),
    },
  }, async (request, reply) => {
    const actor = requirePerson(request);
    const { token, entry } = await createApiToken(ctx, actor, { name: request.body.name, expiresAt: request.body.expiresAt ? new Date(request.body.expiresAt) : null });
    return reply.status(201).send({ ...presentApiToken(entry), token });
  });

  app.delete('/api/tokens/:id', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['auth'], summary: 'Revoke one of my API tokens', params: IdParamsSchema, response: withProblems({ 200: ApiTokenSchema }) },
  }, async (request) => presentApiToken(await revokeApiToken(ctx, requirePerson(request), request.params.id)));
};
