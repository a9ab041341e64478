import { addDays, dayToDate, toDay } from '../../domain/dates.ts';
import { auditFairness, coveredDays, tenureBandOf, type FairnessReport, type FairnessRequest, type FairnessSubject } from '../../domain/fairness.ts';
import { computeNeedScore } from '../../domain/need.ts';
import { hasAnyRole, type Role } from '../../domain/roles.ts';
import { AppError } from '../../errors.ts';
import type { Actor, AppContext } from '../context.ts';
import { PREMIUM_LINE } from '../leases/pool-state.ts';
import { tierLimits } from '../usage/need.ts';

/** Who may run the fairness audit: it reads employment start dates, which leave the server nowhere else. */
export const FAIRNESS_ROLES: readonly Role[] = ['primary_owner', 'owner', 'auditor'];

export type FairnessAudit = FairnessReport & Readonly<{ asOf: string; from: string; days: number; generatedAt: Date }>;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The fairness audit over the last `days` days (to today): per tenure band, job family and department,
 * approval rates, waits, lease lengths, premium share against mean need, four-fifths ratios and Fisher /
 * chi-square tests. Owners and auditors only (the CLI operator too).
 */
export async function getFairnessAudit(ctx: AppContext, actor: Actor, options: { days?: number } = {}): Promise<FairnessAudit> {
  if (actor.kind === 'person' && !hasAnyRole(actor.grants, FAIRNESS_ROLES)) throw new AppError('FORBIDDEN', { message: 'Only owners and auditors run the fairness audit' });
  const days = options.days ?? 84;
  const now = ctx.now();
  const asOf = toDay(now);
  const from = addDays(asOf, -(days - 1));
  const windowEnd = addDays(asOf, 1);
  const repos = ctx.repos;
  const [people, premium, leases, usage, limits] = await Promise.all([
    repos.fairness.listPeople(actor.orgId, from),
    repos.fairness.listTierIntervals(actor.orgId, PREMIUM_LINE, dayToDate(from), dayToDate(windowEnd)),
    repos.fairness.listLeases(actor.orgId, dayToDate(from)),
    repos.usage.dailyForOrg(actor.orgId, addDays(asOf, -83), asOf),
    tierLimits(repos),
  ]);
  const premiumByPerson = groupBy(premium, (p) => p.personId);
  const usageByPerson = groupBy(usage, (u) => u.personId);
  const horizon = now.getTime() + 14 * DAY_MS;
  const subjects: FairnessSubject[] = people.map((p) => {
    const intervals = (premiumByPerson.get(p.id) ?? []).map((i) => ({ from: toDay(i.validFrom), to: i.validTo ? toDay(new Date(i.validTo.getTime() + DAY_MS - 1)) : null }));
    const start = p.employmentStartDate && p.employmentStartDate > from ? p.employmentStartDate : from;
    const end = p.leftOn && p.leftOn < windowEnd ? p.leftOn : windowEnd;
    const observed = { from: start, to: end > start ? end : start };
    const isPremiumOn = (day: string) => intervals.some((i) => i.from <= day && (i.to === null || i.to > day));
    const need = computeNeedScore({
      asOf,
      usage: usageByPerson.get(p.id) ?? [],
      limitOn: (day) => (isPremiumOn(day) ? limits.premium : limits.standard),
      hasScheduledWork: leases.some((l) => l.personId === p.id && l.startsAt.getTime() < horizon && ['scheduled', 'active'].includes(l.status)),
    });
    return {
      personId: p.id,
      groups: { tenureBand: tenureBandOf(p.employmentStartDate, asOf), jobFamily: p.jobFamily, department: p.departmentName ?? 'No department' },
      needScore: need.score,
      premiumDays: coveredDays(intervals, observed),
      observedDays: Math.max(0, Math.round((dayToDate(observed.to).getTime() - dayToDate(observed.from).getTime()) / DAY_MS)),
    };
  });
  const fromTime = dayToDate(from).getTime();
  const requests: FairnessRequest[] = leases
    .filter((l) => l.requestedAt.getTime() >= fromTime && l.status !== 'cancelled')
    .map((l) => {
      const outcome = l.status === 'denied' ? 'denied' : ['scheduled', 'active', 'ended'].includes(l.status) ? 'approved' : 'pending';
      const start = l.startedAt ?? l.startsAt;
      const end = l.endedAt ?? l.endsAt;
      return {
        personId: l.personId,
        outcome,
        waitHours: l.decidedAt && outcome !== 'pending' ? Math.max(0, (l.decidedAt.getTime() - l.requestedAt.getTime()) / HOUR_MS) : null,
        leaseDays: outcome === 'approved' ? Math.max(0, (end.getTime() - start.getTime()) / DAY_MS) : null,
      };
    });
  return { ...auditFairness({ subjects, requests }), asOf, from, days, generatedAt: now };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
