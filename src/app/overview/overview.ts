import type { TierSummary } from '../../domain/seats.ts';
import type { DepartmentStats, Organization } from '../../db/repositories/types.ts';
import type { UsageTotals } from '../../db/repositories/usage.repository.ts';
import type { AppContext } from '../context.ts';
import { getSeatSummary } from '../seats/seat-summary.ts';

export type Overview = Readonly<{
  organization: Organization;
  asOf: Date;
  headcount: number;
  seats: readonly TierSummary[];
  monthlyCostCents: number;
  departments: readonly DepartmentStats[];
  usage: UsageTotals;
}>;

/** The organization at a glance: seats by tier, the monthly bill, departments and usage history. */
export async function getOverview(ctx: AppContext, organization: Organization): Promise<Overview> {
  const [seats, departments, usage] = await Promise.all([
    getSeatSummary(ctx, organization.id),
    ctx.repos.departments.listWithStats(organization.id, ctx.now()),
    ctx.repos.usage.totals(organization.id),
  ]);
  return {
    organization,
    asOf: ctx.now(),
    headcount: departments.reduce((n, d) => n + d.headcount, 0),
    seats,
    monthlyCostCents: seats.reduce((n, s) => n + s.monthlyCostCents, 0),
    departments,
    usage,
  };
}
