import { z } from 'zod';
import type { ApiToken } from '../../../db/repositories/types.ts';
import { iso, isoOrNull, IsoDateTime, RoleSchema } from '../../schemas.ts';

export const ApiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
  expiresAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
});

export function presentApiToken(t: ApiToken): z.infer<typeof ApiTokenSchema> {
  return { id: t.id, name: t.name, prefix: t.prefix, createdAt: iso(t.createdAt), lastUsedAt: isoOrNull(t.lastUsedAt), expiresAt: isoOrNull(t.expiresAt), revokedAt: isoOrNull(t.revokedAt) };
}

export const DemoUserSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  departmentName: z.string().nullable(),
  jobFamily: z.string(),
  roles: z.array(RoleSchema),
});

export const MeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  grants: z.array(z.object({ role: RoleSchema, departmentId: z.uuid().nullable() })),
  organization: z.object({ id: z.uuid(), name: z.string() }),
});
