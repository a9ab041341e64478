import { AppError } from '../errors.ts';
import type { AppContext } from './context.ts';
import type { Organization } from '../db/repositories/types.ts';

/** The organization this installation serves; NOT_FOUND until one exists (run `seatwise demo`). */
export async function getPrimaryOrganization(ctx: AppContext): Promise<Organization> {
  const org = await ctx.repos.organizations.findPrimary();
  if (!org) {
    throw new AppError('NOT_FOUND', { message: 'No organization exists yet. Run `seatwise demo` to load the demo company, or `seatwise org create`.' });
  }
  return org;
}
