import type { Actor, AppContext } from '../src/app/context.ts';
import { createApiToken } from '../src/app/auth/auth.ts';
import { ensureDefaultCatalog } from '../src/app/seats/ensure-catalog.ts';
import type { Role } from '../src/domain/roles.ts';

export type TestOrg = Readonly<{
  orgId: string;
  departments: Readonly<Record<string, string>>;
  /** One person per role, each holding exactly that one role (dept_lead of Software), so role checks are exact. */
  people: Readonly<Record<Role, { id: string; email: string; token: string }>>;
  operator: Actor;
}>;

/** A small organization: two departments, one person per role with an API token, seats bought. */
export async function buildOrg(ctx: AppContext, options: { premiumSeats?: number; standardSeats?: number } = {}): Promise<TestOrg> {
  await ensureDefaultCatalog(ctx);
  const org = await ctx.repos.organizations.create({ name: 'Test Co', slug: `test-${Math.random().toString(36).slice(2, 8)}` });
  const operator: Actor = { kind: 'cli', orgId: org.id };
  const software = await ctx.repos.departments.create(org.id, 'Software');
  const hardware = await ctx.repos.departments.create(org.id, 'Hardware');
  const people = {} as Record<Role, { id: string; email: string; token: string }>;
  for (const role of ['primary_owner', 'owner', 'admin', 'dept_lead', 'member', 'auditor'] as const) {
    const email = `${role.replace('_', '.')}@test.example`;
    const id = await ctx.repos.people.insert(org.id, { email, name: `Test ${role}`, departmentId: software.id, jobFamily: 'software_engineer', employmentStartDate: '2020-01-01' });
    await ctx.repos.people.grantRole(org.id, id, role, role === 'dept_lead' ? software.id : null);
    const { token } = await createApiToken(ctx, operator, { name: 'test', personId: id });
    people[role] = { id, email, token };
  }
  await ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: options.premiumSeats ?? 2, commitmentEndsOn: null });
  await ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'standard', cadence: 'annual', seatsPurchased: options.standardSeats ?? 10, commitmentEndsOn: null });
  return { orgId: org.id, departments: { Software: software.id, Hardware: hardware.id }, people, operator };
}
