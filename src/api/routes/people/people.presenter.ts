import { z } from 'zod';
import type { PersonWithSeat } from '../../../db/repositories/types.ts';
import { iso, RoleSchema } from '../../schemas.ts';

export const PersonSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  jobFamily: z.string(),
  title: z.string().nullable(),
  status: z.enum(['active', 'left']),
  leftOn: z.string().nullable(),
  currentTier: z.string().nullable().describe('Claude tier held now, derived from assignment history'),
  roles: z.array(RoleSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Employment start date is deliberately absent: it exists for fairness audits only. */
export function presentPerson(p: PersonWithSeat): z.infer<typeof PersonSchema> {
  return {
    id: p.id,
    email: p.email,
    name: p.name,
    departmentId: p.departmentId,
    departmentName: p.departmentName,
    jobFamily: p.jobFamily,
    title: p.title,
    status: p.status,
    leftOn: p.leftOn,
    currentTier: p.currentTier,
    roles: [...p.roles],
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}
