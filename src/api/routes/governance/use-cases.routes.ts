import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { getUseCase, listUseCases, listUseCaseTags, type UseCase } from '../../../app/use-cases/list-use-cases.ts';
import { shareUseCase } from '../../../app/use-cases/share-use-case.ts';
import { unvoteUseCase, voteUseCase } from '../../../app/use-cases/vote-use-case.ts';
import { ANY_ROLE, MEMBER_ROLES } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, iso, PageQuerySchema, pageSchema, withProblems } from '../../schemas.ts';

export const UseCaseSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  task: z.string(),
  workflow: z.string(),
  tools: z.array(z.string()),
  tags: z.array(z.string()),
  links: z.array(z.string()),
  minutesSavedPerWeek: z.number().int().nullable(),
  author: z.object({ id: z.uuid(), name: z.string() }),
  department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  upvotes: z.number().int(),
  users: z.number().int().describe('People who said "I use this too"'),
  hasUpvoted: z.boolean(),
  isUsing: z.boolean(),
  createdAt: z.string(),
});

export function presentUseCase(u: UseCase): z.infer<typeof UseCaseSchema> {
  return {
    id: u.id,
    title: u.title,
    task: u.task,
    workflow: u.workflow,
    tools: u.tools,
    tags: u.tags,
    links: u.links,
    minutesSavedPerWeek: u.minutesSavedPerWeek,
    author: { id: u.authorId, name: u.authorName },
    department: u.departmentId && u.departmentName ? { id: u.departmentId, name: u.departmentName } : null,
    upvotes: u.upvotes,
    users: u.users,
    hasUpvoted: u.hasUpvoted,
    isUsing: u.isUsing,
    createdAt: iso(u.createdAt),
  };
}

const VoteKindSchema = z.enum(['upvote', 'uses'], { error: 'must be "upvote" or "uses"' });
const text = (max: number) => z.string().max(max, { error: `must be at most ${max} characters` });

export const useCaseRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/use-cases', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['use-cases'],
      summary: 'The use-case library: search, filter by tag, department or author',
      querystring: PageQuerySchema.extend({
        q: z.string().max(200).optional().describe('Words to find in title, task, workflow, tags or tools (each as a prefix)'),
        tag: z.string().max(40).optional(),
        departmentId: z.uuid().optional(),
        authorId: z.uuid().optional(),
        sort: z.enum(['top', 'new']).default('top'),
      }),
      response: withProblems({ 200: pageSchema(UseCaseSchema) }),
    },
  }, async (request) => {
    const { q, limit, offset, tag, departmentId, authorId, sort } = request.query;
    const page = await listUseCases(ctx, requireActor(request), { limit, offset, sort, ...(q ? { search: q } : {}), ...(tag ? { tag } : {}), ...(departmentId ? { departmentId } : {}), ...(authorId ? { authorId } : {}) });
    return { ...page, items: page.items.map(presentUseCase) };
  });

  app.get('/api/use-cases/tags', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['use-cases'], summary: 'Tags in use, most used first', response: withProblems({ 200: z.object({ items: z.array(z.object({ tag: z.string(), count: z.number().int() })) }) }) },
  }, async (request) => ({ items: await listUseCaseTags(ctx, requireActor(request)) }));

  app.get('/api/use-cases/:id', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['use-cases'], summary: 'One use case', params: IdParamsSchema, response: withProblems({ 200: UseCaseSchema }) },
  }, async (request) => presentUseCase(await getUseCase(ctx, requireActor(request), request.params.id)));

  app.post('/api/use-cases', {
    config: { auth: MEMBER_ROLES },
    schema: {
      tags: ['use-cases'],
      summary: 'Share a use case (it belongs to your department unless you name another)',
      body: z.object({
        title: text(200),
        task: text(2000),
        workflow: text(10_000).default('').describe('Prompts or workflow description'),
        tools: z.array(text(60)).max(20).default([]),
        tags: z.array(text(60)).max(20).default([]),
        links: z.array(text(500)).max(20).default([]),
        minutesSavedPerWeek: z.number({ error: 'must be a number of minutes' }).int({ error: 'must be whole minutes' }).nullable().default(null),
        departmentId: z.uuid({ error: 'must be a department id' }).nullable().optional(),
        authorId: z.uuid().optional().describe('Only for the CLI operator'),
      }),
      response: withProblems({ 201: UseCaseSchema }),
    },
  }, async (request, reply) => reply.status(201).send(presentUseCase(await shareUseCase(ctx, requireActor(request), request.body))));

  app.put('/api/use-cases/:id/votes/:kind', {
    config: { auth: MEMBER_ROLES },
    schema: { tags: ['use-cases'], summary: 'Upvote, or say "I use this too" (kind = uses). Idempotent', params: IdParamsSchema.extend({ kind: VoteKindSchema }), response: withProblems({ 200: UseCaseSchema }) },
  }, async (request) => presentUseCase(await voteUseCase(ctx, requireActor(request), { useCaseId: request.params.id, kind: request.params.kind })));

  app.delete('/api/use-cases/:id/votes/:kind', {
    config: { auth: MEMBER_ROLES },
    schema: { tags: ['use-cases'], summary: 'Take back an upvote or "I use this too". Idempotent', params: IdParamsSchema.extend({ kind: VoteKindSchema }), response: withProblems({ 200: UseCaseSchema }) },
  }, async (request) => presentUseCase(await unvoteUseCase(ctx, requireActor(request), { useCaseId: request.params.id, kind: request.params.kind })));
};
