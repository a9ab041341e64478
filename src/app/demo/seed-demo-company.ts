import { AppError } from '../../errors.ts';
import { dayToDate, toDay } from '../../domain/dates.ts';
import { DEMO_INVENTORY, DEMO_ORG, DEMO_PLAN, generateDemoCompany, DEMO_DEPARTMENTS } from '../../sim/demo-company.ts';
import type { AppContext } from '../context.ts';
import { ensureDefaultCatalog } from '../seats/ensure-catalog.ts';

export type SeedDemoResult = Readonly<{ seeded: boolean; people: number; usageRows: number; orgId: string }>;

/**
 * Loads the demo company when the database holds no organization (or after a reset). A reset wipes all
 * data, so it refuses when the only organization is not the demo company.
 */
export async function seedDemoCompany(ctx: AppContext, options: { reset?: boolean } = {}): Promise<SeedDemoResult> {
  await ensureDefaultCatalog(ctx);
  const existing = await ctx.repos.organizations.findPrimary();
  if (existing && !options.reset) {
    return { seeded: false, people: await ctx.repos.people.count(existing.id), usageRows: 0, orgId: existing.id };
  }
  if (existing && (existing.slug !== DEMO_ORG.slug || (await ctx.repos.organizations.count()) > 1)) {
    throw new AppError('CONFLICT', { message: `Refusing to reset: this database holds a real organization (${existing.name}), not only the demo company.` });
  }
  const today = toDay(ctx.now());
  const company = generateDemoCompany({ today });
  return ctx.transaction(async (repos) => {
    if (existing) await repos.organizations.truncateAllData();
    const org = await repos.organizations.create(DEMO_ORG);
    const departmentIds = new Map<string, string>();
    for (const d of DEMO_DEPARTMENTS) departmentIds.set(d.name, (await repos.departments.create(org.id, d.name)).id);
    const personIds = await repos.people.insertMany(
      org.id,
      company.people.map((p) => ({ email: p.email, name: p.name, departmentId: departmentIds.get(p.department)!, jobFamily: p.jobFamily, employmentStartDate: p.employmentStartDate })),
    );
    for (const p of company.people) {
      for (const role of p.roles) await repos.people.grantRole(org.id, personIds[p.key]!, role, role === 'dept_lead' ? departmentIds.get(p.department)! : null);
    }
    for (const line of DEMO_INVENTORY) {
      await repos.seats.insertInventory(org.id, { ...line, commitmentEndsOn: `${Number(today.slice(0, 4)) + 1}-03-31` });
    }
    await repos.seats.insertAssignments(
      org.id,
      company.assignments.map((a) => ({
        personId: personIds[a.personKey]!,
        ...DEMO_PLAN,
        tier: a.tier,
        validFrom: dayToDate(a.validFrom),
        validTo: a.validTo ? dayToDate(a.validTo) : null,
        reason: a.reason,
        createdBy: null,
      })),
    );
    await repos.usage.insertMany(
      org.id,
      company.usage.map((u) => ({ ...u, personId: personIds[u.personKey]!, source: 'claude_ai', personKey: undefined })).map(({ personKey: _k, ...u }) => u),
    );
    await repos.audit.append({ orgId: org.id, actor: { kind: 'system' }, action: 'demo.seeded', entityType: 'organization', entityId: org.id, after: { people: company.people.length, usageRows: company.usage.length, today } });
    return { seeded: true, people: company.people.length, usageRows: company.usage.length, orgId: org.id };
  });
}
