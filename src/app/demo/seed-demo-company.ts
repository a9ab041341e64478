import { AppError } from '../../errors.ts';
import { dayToDate, toDay } from '../../domain/dates.ts';
import { DEMO_INVENTORY, DEMO_ORG, DEMO_PLAN, generateDemoCompany, DEMO_DEPARTMENTS } from '../../sim/demo-company.ts';
import type { AppContext } from '../context.ts';
import { ensureDefaultCatalog } from '../seats/ensure-catalog.ts';
import { assignTier } from '../seats/assignments.ts';
import { apportionQuotas, setQuota } from '../quotas/quotas.ts';
import { requestLease } from '../leases/request-lease.ts';
import { addDays as addDay } from '../../domain/dates.ts';
import type { Actor } from '../context.ts';
import { seedGovernanceDemo } from '../governance/demo.ts';
import { seedAlertsDemo } from '../alerts/demo.ts';
import { DEMO_IMPORTED_DAYS, seedUsageImportsDemo } from '../usage/demo.ts';

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
  const importedFrom = addDay(today, -DEMO_IMPORTED_DAYS);
  const seeded = await ctx.transaction(async (repos) => {
    // Another process may have seeded (or reset) since the look above: decide again under the lock.
    await repos.organizations.lockInstallation();
    const current = await repos.organizations.findPrimary();
    if (current && current.id !== existing?.id) return { seeded: false as const, orgId: current.id };
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
    // The last week arrives through the CSV importer below, as the IT admin's weekly export.
    await repos.usage.insertMany(
      org.id,
      company.usage.filter((u) => u.day < importedFrom).map(({ personKey, ...u }) => ({ ...u, personId: personIds[personKey]!, source: 'claude_ai' })),
    );
    await repos.audit.append({ orgId: org.id, actor: { kind: 'system' }, action: 'demo.seeded', entityType: 'organization', entityId: org.id, after: { people: company.people.length, usageRows: company.usage.length, today } });
    return { seeded: true, people: company.people.length, usageRows: company.usage.length, orgId: org.id, personIds };
  });
  if (!seeded.seeded) return { seeded: false, people: await ctx.repos.people.count(seeded.orgId), usageRows: 0, orgId: seeded.orgId };
  const people = company.people.map((p, i) => ({ ...p, id: seeded.personIds[i]! }));
  await seedUsageImportsDemo(ctx, seeded.orgId, { people, usage: company.usage, today });
  await adoptSeatwise(ctx, seeded.orgId, people, today);
  await seedGovernanceDemo(ctx, seeded.orgId);
  await seedAlertsDemo(ctx, seeded.orgId);
  return { seeded: true, people: seeded.people, usageRows: seeded.usageRows, orgId: seeded.orgId };
}

/**
 * Adoption day, through the real engine: four manager-approved premium seats go back to a lease pool
 * (four extra standard seats are bought, monthly, for their holders), department quotas are apportioned
 * by headcount, and a few people ask for sprint leases, so every page has something to show.
 */
async function adoptSeatwise(ctx: AppContext, orgId: string, people: ReadonlyArray<{ id: string; department: string; isLead: boolean; email: string }>, today: string) {
  const operator: Actor = { kind: 'cli', orgId };
  await ctx.repos.seats.insertInventory(orgId, { ...DEMO_PLAN, tier: 'standard', cadence: 'monthly', seatsPurchased: 4, commitmentEndsOn: null });
  const premium = await ctx.repos.people.list(orgId, { tier: 'premium' }, { limit: 100, offset: 0 }, ctx.now());
  const returned = premium.items.filter((p) => !p.roles.includes('dept_lead')).slice(0, 4);
  for (const p of returned) {
    await assignTier(ctx, operator, { personId: p.id, ...DEMO_PLAN, tier: 'standard', reason: 'Premium seat returned to the lease pool when Seatwise was adopted' });
  }
  const { changes } = await apportionQuotas(ctx, operator, { method: 'huntington-hill', apply: true, reason: 'Adoption: quotas by headcount' });
  for (const c of changes) {
    const budget = Math.round((c.weight * 25 + c.after * 75) * 1.15);
    await setQuota(ctx, operator, c.departmentId, { nominalPremium: c.after, borrowingLimit: 2, lendingLimit: null, monthlyBudget: `${budget}.00`, reason: 'Adoption: chargeback budget with 15% headroom' });
  }
  const standardHolders = new Set((await ctx.repos.people.list(orgId, { tier: 'standard' }, { limit: 200, offset: 0 }, ctx.now())).items.map((p) => p.id));
  const pick = (department: string, n: number) => people.filter((p) => p.department === department && !p.isLead && standardHolders.has(p.id))[n]!;
  const asks: Array<{ who: { id: string }; from: number; days: number; reason: string; project: string | null; deadline?: number }> = [
    { who: pick('Software', 0), from: 0, days: 14, reason: 'Sprint 48: OTA update service, heavy refactoring', project: 'OTA-2' },
    { who: pick('Embedded', 0), from: 3, days: 14, reason: 'Bootloader port to the new MCU', project: 'MCU-NEXT', deadline: 20 },
    { who: pick('Electronics', 0), from: 7, days: 42, reason: 'EMC redesign: test plans and analysis scripts', project: 'EMC-R3' },
    { who: pick('Systems', 0), from: 1, days: 10, reason: 'Requirements trace for the customer audit', project: 'AUDIT-Q1', deadline: 12 },
    { who: pick('Project Management', 0), from: 2, days: 14, reason: 'Tender documents for the rail project', project: 'RAIL-T' },
    { who: pick('Software', 1), from: 1, days: 14, reason: 'Test automation for sprint 48', project: 'OTA-2' },
  ];
  for (const a of asks) {
    const startsAt = dayToDate(addDay(today, a.from));
    await requestLease(ctx, operator, {
      personId: a.who.id,
      startsAt: a.from === 0 ? ctx.now() : startsAt,
      endsAt: dayToDate(addDay(today, a.from + a.days)),
      reason: a.reason,
      project: a.project,
      deadline: a.deadline === undefined ? null : addDay(today, a.deadline),
    });
  }
}
