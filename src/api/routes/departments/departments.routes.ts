import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../app/context.ts';
import { createDepartment, getDepartment, listDepartments, renameDepartment } from '../../../app/departments/departments.ts';
import type { DepartmentStats } from '../../../db/repositories/types.ts';
import { ADMIN_ROLES, ANY_ROLE } from '../../../domain/roles.ts';
import { requireActor } from '../../plugins/auth.ts';
import { IdParamsSchema, iso, withProblems } from '../../schemas.ts';

export const DepartmentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  headcount: z.number().int(),
  premiumSeats: z.number().int(),
  leads: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function presentDepartment(d: DepartmentStats): z.infer<typeof DepartmentSchema> {
  return { id: d.id, name: d.name, headcount: d.headcount, premiumSeats: d.premiumSeats, leads: d.leads.map((l) => ({ id: l.id, name: l.name, email: l.email })), createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt) };
}

const NameBody = z.object({ name: z.string().trim().min(1).max(100) });

export const departmentRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/api/departments', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['departments'], summary: 'List departments with headcount, premium seats and leads', response: withProblems({ 200: z.object({ items: z.array(DepartmentSchema) }) }) },
  }, async (request) => ({ items: (await listDepartments(ctx, requireActor(request).orgId)).map(presentDepartment) }));

  app.get('/api/departments/:id', {
    config: { auth: ANY_ROLE },
    schema: { tags: ['departments'], summary: 'Get a department', params: IdParamsSchema, response: withProblems({ 200: DepartmentSchema }) },
  }, async (request) => presentDepartment(await getDepartment(ctx, requireActor(request).orgId, request.params.id)));

  app.post('/api/departments', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['departments'], summary: 'Create a department', body: NameBody, response: withProblems({ 201: DepartmentSchema }) },
  }, async (request, reply) => reply.status(201).send(presentDepartment(await createDepartment(ctx, requireActor(request), request.body.name))));

  app.patch('/api/departments/:id', {
    config: { auth: ADMIN_ROLES },
    schema: { tags: ['departments'], summary: 'Rename a department', params: IdParamsSchema, body: NameBody, response: withProblems({ 200: DepartmentSchema }) },
  }, async (request) => presentDepartment(await renameDepartment(ctx, requireActor(request), request.params.id, request.body.name)));
};
