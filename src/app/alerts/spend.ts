import { computeBurn, periodOf, topContributors, type Burn } from '../../domain/guardrails/burn.ts';
import { guardrailSettings, type GuardrailSettings } from '../../domain/guardrails/settings.ts';
import { dailyTotals, seatCostByPersonDay } from '../../domain/guardrails/spend.ts';
import type { Contributor } from '../../domain/guardrails/alerts.ts';
import { addDays, toDay } from '../../domain/dates.ts';
import { decimalToCents, type Cents } from '../../domain/money.ts';
import { DEFAULT_POLICY, PolicyDocumentSchema } from '../../domain/policy.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import { BASE_LINE, loadSeatPrices, PREMIUM_LINE } from '../leases/pool-state.ts';

/** One budget (a department's, or the organization's) with its burn this month. */
export type BudgetScope = Readonly<{
  departmentId: string | null;
  name: string;
  ownerName: string;
  /** Seat chargeback (all seats) and metered usage, this month through today. */
  burn: Burn;
  contributors: readonly Contributor[];
}>;

export type SpendPicture = Readonly<{ period: string; today: string; settings: GuardrailSettings; organization: BudgetScope; departments: readonly BudgetScope[] }>;

const monthStart = (period: string) => new Date(`${period}-01T00:00:00.000Z`);

/** The active policy's guardrail settings (defaults when no policy or no section). */
export async function loadGuardrailSettings(repos: Repositories, orgId: string): Promise<GuardrailSettings> {
  const policy = await repos.allocation.findActivePolicy(orgId);
  return guardrailSettings(policy ? PolicyDocumentSchema.parse(policy.document) : DEFAULT_POLICY);
}

/**
 * Builds this month's spend per department and for the organization: each person's seat-days (Claude
 * Team, chargeback prices) plus their metered usage, summed by their department. Budgets are the
 * departments' monthly budgets; the organization's is the policy's or the sum of departments'.
 */
export async function loadSpendPicture(repos: Repositories, orgId: string, now: Date): Promise<SpendPicture> {
  const today = toDay(now);
  const period = periodOf(today);
  const settings = await loadGuardrailSettings(repos, orgId);
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const [quotas, departments, prices, holds, metered, owners, org] = await Promise.all([
    repos.allocation.listQuotas(orgId),
    repos.departments.listWithStats(orgId, now),
    loadSeatPrices(repos, now),
    repos.alerts.listSeatIntervals(orgId, { vendor: PREMIUM_LINE.vendor, plan: PREMIUM_LINE.plan }, monthStart(period), nextMonth),
    repos.alerts.listPersonDayCosts(orgId, `${period}-01`, today, settings.meteredSources),
    repos.people.listIdsWithRole(orgId, ['primary_owner']),
    repos.organizations.findName(orgId),
  ]);
  const seat = seatCostByPersonDay({
    holds: holds.map((h) => ({ personId: h.personId, tier: h.tier, from: h.validFrom.getTime(), to: h.validTo?.getTime() ?? null })),
    monthlyPriceCents: new Map([[PREMIUM_LINE.tier, prices.premium], [BASE_LINE.tier, prices.base]]),
    period,
    through: today,
  });
  const personInfo = new Map(holds.map((h) => [h.personId, { name: h.personName, departmentId: h.departmentId }]));
  for (const m of metered) personInfo.set(m.personId, { name: m.personName, departmentId: m.departmentId });
  const items = [...seat, ...metered.map((m) => ({ personId: m.personId, day: m.day, cents: decimalToCents(m.costUsd) }))];
  const byDepartment = new Map<string | null, Array<{ personId: string; day: string; cents: Cents }>>();
  for (const item of items) {
    const dept = personInfo.get(item.personId)?.departmentId ?? null;
    byDepartment.set(dept, [...(byDepartment.get(dept) ?? []), item]);
  }
  const ownerPerson = owners[0] ? await repos.people.findById(orgId, owners[0], now) : undefined;
  const ownerName = ownerPerson?.name ?? 'the owner';
  const scopes: BudgetScope[] = quotas.map((q) => {
    const stats = departments.find((d) => d.id === q.departmentId);
    const deptItems = byDepartment.get(q.departmentId) ?? [];
    const perPerson = new Map<string, Cents>();
    for (const i of deptItems) perPerson.set(i.personId, (perPerson.get(i.personId) ?? 0) + i.cents);
    return {
      departmentId: q.departmentId,
      name: q.departmentName,
      ownerName: stats?.leads.map((l) => l.name).join(', ') || ownerName,
      burn: computeBurn({ period, today, budgetCents: q.monthlyBudget ? decimalToCents(q.monthlyBudget) : null, daily: dailyTotals(deptItems) }),
      contributors: topContributors([...perPerson].map(([id, cents]) => ({ name: personInfo.get(id)?.name ?? 'unknown', cents }))),
    };
  });
  const budgets = scopes.map((s) => s.burn.budgetCents).filter((b): b is Cents => b !== null);
  const orgBudget = settings.orgMonthlyBudgetCents ?? (budgets.length ? budgets.reduce((a, b) => a + b, 0) : null);
  const organization: BudgetScope = {
    departmentId: null,
    name: org ?? 'Organization',
    ownerName,
    burn: computeBurn({ period, today, budgetCents: orgBudget, daily: dailyTotals(items) }),
    contributors: topContributors(scopes.map((s) => ({ name: s.name, cents: s.burn.spentCents }))),
  };
  return { period, today, settings, organization, departments: scopes };
}

/** Daily usage cost (every source) per department and for the organization over the last `days` days through today. */
export async function loadCostSeries(repos: Repositories, orgId: string, now: Date, days: number): Promise<{ days: string[]; byDepartment: Map<string | null, Map<string, Cents>>; total: Map<string, Cents> }> {
  const today = toDay(now);
  const from = addDays(today, -(days - 1));
  const rows = await repos.alerts.listDepartmentDayCosts(orgId, from, today);
  const byDepartment = new Map<string | null, Map<string, Cents>>();
  const total = new Map<string, Cents>();
  for (const r of rows) {
    const cents = decimalToCents(r.costUsd);
    const m = byDepartment.get(r.departmentId) ?? new Map<string, Cents>();
    m.set(r.day, (m.get(r.day) ?? 0) + cents);
    byDepartment.set(r.departmentId, m);
    total.set(r.day, (total.get(r.day) ?? 0) + cents);
  }
  return { days: Array.from({ length: days }, (_, i) => addDays(from, i)), byDepartment, total };
}
