import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { importPeople } from '../../../app/people/import-people.ts';
import { createPerson, getPerson, listPeople, updatePerson } from '../../../app/people/people.ts';
import { ADMIN_ROLES, ANY_ROLE } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, IsoDate, PageQuerySchema, pageSchema, RoleSchema, withProblems } from '../../schemas.ts';
import { PersonSchema, presentPerson } from './people.presenter.ts';

const PersonBodySchema = z.object({
  email: z.email({ error: 'must be an email address' }).max(320),
  name: z.string().trim().min(1).max(200),
  departmentId: z.uuid().nullable(),
  jobFamily: z.string().trim().min(1).max(100),
  employmentStartDate: IsoDate.nullable().default(null).describe('Kept only for fairness audits'),
  title: z.string().trim().max(200).nullable().optional().describe('Job title: shown, never an input to a decision'),
});

export const peopleRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/people', {
    config: { auth: ANY_ROLE },
    schema: {
      tags: ['people'],
      summary: 'List people',
      querystring: PageQuerySchema.extend({
        q: z.string().trim().max(200).optional().describe('Search in name and email'),
        departmentId: z.uuid().optional(),
        status: z.enum(['active', 'left']).optional(),
        tier: z.string().max(50).optional().describe('Current Claude tier'),
      }),
      response: withProblems({ 200: pageSchema(PersonSchema) }),
    },
  }, async (request) => {
    const actor = requireActor(request);
    const { limit, offset, q, ...filter } = request.query;
    const page = await listPeople(ctx, actor.orgId, { ...filter, ...(q ? { search: q } : {}) }, { limit, offset });
    return { ...page, items: page.items.map(presentPerson) };
  });

  app.get('/api/people/:id', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['people'], summary: 'Get a person', params: IdParamsSchema, response: withProblems({ 200: PersonSchema }) },
  }, async (request) => presentPerson(await getPerson(ctx, requireActor(request).orgId, request.params.id)));

  app.post('/api/people', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['people'],
      summary: 'Add a person',
      body: PersonBodySchema.extend({ roles: z.array(RoleSchema.exclude(['primary_owner'])).default([]) }),
      response: withProblems({ 201: PersonSchema }),
    },
  }, async (request, reply) => reply.status(201).send(presentPerson(await createPerson(ctx, requireActor(request), request.body))));

  app.patch('/api/people/:id', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['people'],
      summary: 'Change a person (including marking them as left)',
      params: IdParamsSchema,
      body: PersonBodySchema.partial().extend({ status: z.enum(['active', 'left']).optional(), leftOn: IsoDate.nullable().optional() }),
      response: withProblems({ 200: PersonSchema }),
    },
  }, async (request) => presentPerson(await updatePerson(ctx, requireActor(request), request.params.id, request.body)));

  app.post('/api/people/import', {
    config: { auth: ADMIN_ROLES },
    schema: {
      tags: ['people'],
      summary: 'Import people from CSV (email,name,department,job_family,start_date,role); all or nothing, idempotent by email',
      consumes: ['text/csv'],
      response: withProblems({ 200: z.object({ rows: z.number().int(), inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }) }),
    },
  }, async (request) => importPeople(ctx, requireActor(request), request.body as Buffer));
};
