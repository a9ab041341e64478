import { isEmail } from '../domain/people-import.ts';
import { AppError, type FieldProblem } from '../errors.ts';
import type { AppContext } from './context.ts';
import type { Organization } from '../db/repositories/types.ts';

/** The organization this installation serves; NOT_FOUND until one exists. */
export async function getPrimaryOrganization(ctx: AppContext): Promise<Organization> {
  const org = await ctx.repos.organizations.findPrimary();
  if (!org) {
    throw new AppError('NOT_FOUND', { message: 'No organization exists yet. Run `seatwise org create --name … --owner-email … --owner-name …` for your company, or `seatwise demo` to load the demo company.' });
  }
  return org;
}

export type CreateOrganizationInput = Readonly<{
  name: string;
  slug?: string | undefined;
  owner: Readonly<{ email: string; name: string }>;
  departments: readonly string[];
}>;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** A URL-safe identifier from a company name: `Kestrel Devices GmbH` → `kestrel-devices-gmbh`. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
}

/**
 * Sets up a real installation: the organization, its departments and its primary owner (who can then
 * be given an API token and import everyone else). One organization per installation: refused when one
 * exists. One transaction, with an audit event.
 */
export async function createOrganization(ctx: AppContext, input: CreateOrganizationInput): Promise<{ organization: Organization; ownerId: string; departments: Array<{ id: string; name: string }> }> {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  const slug = (input.slug ?? slugOf(name)).trim();
  const email = input.owner.email.trim();
  const ownerName = input.owner.name.trim();
  const departments = input.departments.map((d) => d.trim()).filter((d) => d.length > 0);
  if (!name) problems.push({ path: 'name', message: 'is required' });
  if (!SLUG.test(slug)) problems.push({ path: 'slug', message: `"${slug}" must be lowercase letters, digits and dashes (at most 64)` });
  if (!isEmail(email)) problems.push({ path: 'owner.email', message: `"${input.owner.email}" is not a valid email address` });
  if (!ownerName) problems.push({ path: 'owner.name', message: 'is required' });
  const seen = new Set<string>();
  for (const d of departments) {
    if (seen.has(d.toLowerCase())) problems.push({ path: 'departments', message: `"${d}" is named twice` });
    seen.add(d.toLowerCase());
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', { message: `Cannot create the organization: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, details: problems });

  return ctx.transaction(async (repos) => {
    await repos.organizations.lockInstallation();
    const existing = await repos.organizations.findPrimary();
    if (existing) throw new AppError('CONFLICT', { message: `This installation already serves ${existing.name}; Seatwise runs one organization per installation.` });
    const organization = await repos.organizations.create({ name, slug });
    const created = [];
    for (const d of departments) created.push(await repos.departments.create(organization.id, d));
    const ownerId = await repos.people.insert(organization.id, { email, name: ownerName, departmentId: null, jobFamily: 'operations', employmentStartDate: null });
    await repos.people.grantRole(organization.id, ownerId, 'primary_owner', null);
    await repos.audit.append({ orgId: organization.id, actor: { kind: 'cli' }, action: 'organization.created', entityType: 'organization', entityId: organization.id, after: { name, slug, owner: { id: ownerId, email, name: ownerName }, departments } });
    return { organization, ownerId, departments: created.map((d) => ({ id: d.id, name: d.name })) };
  });
}
