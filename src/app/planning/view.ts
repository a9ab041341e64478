import { addDays, dayToDate, daysBetween, toDay } from '../../domain/dates.ts';
import { decimalToCents, centsToDecimal } from '../../domain/money.ts';
import { computeNeedScore, type UsageDay } from '../../domain/need.ts';
import { HIGH_NEED, nextQuarterStart, proposeQuota, quarterLabel, type PlanningInputs, type QuotaProposal } from '../../domain/planning.ts';
import { hasAnyRole, ORG_READER_ROLES, type Role } from '../../domain/roles.ts';
import { AppError } from '../../errors.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { SurveyEstimate } from '../../db/repositories/forecast.repository.ts';
import type { QuotaProposalRow, UseCaseSummary } from '../../db/repositories/planning.repository.ts';
import type { Actor, AppContext } from '../context.ts';
import { loadSeatPrices, PREMIUM_LINE } from '../leases/pool-state.ts';
import { tierLimits } from '../usage/need.ts';
import { listUseCases } from '../use-cases/list-use-cases.ts';
import { forecastFromData } from '../forecast/forecast.ts';
import { loadForecastData } from '../forecast/load.ts';

/** Who sees planning: leads (their department in full, others in aggregate), admins, owners, auditors. */
export const PLANNING_ROLES: readonly Role[] = ['primary_owner', 'owner', 'admin', 'dept_lead', 'auditor'];
const FULL_VIEW_ROLES = ORG_READER_ROLES;

export function assertCanViewPlanning(actor: Actor): void {
  if (actor.kind === 'person' && !hasAnyRole(actor.grants, PLANNING_ROLES)) throw new AppError('FORBIDDEN', { message: 'Planning is for department leads, admins, owners and auditors' });
}

/** True when the actor sees a department's per-person planning data (names in requests and waitlist). */
export function seesPeopleOf(actor: Actor, departmentId: string): boolean {
  return actor.kind === 'cli' || hasAnyRole(actor.grants, FULL_VIEW_ROLES) || actor.grants.some((g) => g.role === 'dept_lead' && g.departmentId === departmentId);
}

export type PlanningRequest = Readonly<{ id: string; personName: string | null; status: string; startsAt: Date; endsAt: Date; requestedAt: Date; project: string | null; decisionRule: string | null }>;

export type DepartmentPlanning = Readonly<{
  department: { id: string; name: string; headcount: number };
  quarterStart: string;
  quarterLabel: string;
  isPerPerson: boolean;
  quota: { nominalPremium: number; monthlyBudget: string | null };
  weeks: ReadonlyArray<{ weekStart: string; messages: number; limitHits: number; activePeople: number }>;
  need: { highNeedPeople: number; meanNeed: number; levels: { high: number; medium: number; low: number } };
  requests: { open: number; waitlisted: number; deniedLastQuarter: number; items: readonly PlanningRequest[] };
  useCases: readonly UseCaseSummary[];
  surveys: { rows: ReadonlyArray<Pick<SurveyEstimate, 'periodStart' | 'periodEnd' | 'estimatedMonthlyUsd' | 'estimatedWeeklyHours' | 'respondents' | 'source'>>; nextQuarterMonthlyUsd: string | null; correction: number | null };
  forecast: { monthlyUsd: string } | null;
  inputs: PlanningInputs;
  draft: QuotaProposal;
  proposal: QuotaProposalRow | null;
}>;

const WEEKS = 26;

/**
 * Need scores of the department's people from its usage rows (loaded once for the whole view; the
 * scores read their last 84 days), each person's rows found by a lookup.
 */
async function needScores(repos: Repositories, orgId: string, personIds: readonly string[], usage: ReadonlyArray<UsageDay & { personId: string }>, now: Date): Promise<number[]> {
  const asOf = toDay(now);
  const [limits, premium, leases] = await Promise.all([
    tierLimits(repos),
    repos.fairness.listTierIntervals(orgId, PREMIUM_LINE, dayToDate(addDays(asOf, -83)), dayToDate(addDays(asOf, 1))),
    repos.fairness.listLeases(orgId, dayToDate(asOf)),
  ]);
  const usageOf = groupByPerson(usage);
  const premiumOf = groupByPerson(premium);
  const horizon = now.getTime() + 14 * 86_400_000;
  const withScheduledWork = new Set(leases.filter((l) => l.startsAt.getTime() < horizon && ['scheduled', 'active'].includes(l.status)).map((l) => l.personId));
  return personIds.map((personId) => {
    const held = premiumOf.get(personId) ?? [];
    const isPremium = (day: string) => {
      const t = dayToDate(day).getTime() + 12 * 3_600_000;
      return held.some((h) => h.validFrom.getTime() <= t && (h.validTo === null || h.validTo.getTime() > t));
    };
    return computeNeedScore({
      asOf,
      usage: usageOf.get(personId) ?? [],
      limitOn: (day) => (isPremium(day) ? limits.premium : limits.standard),
      hasScheduledWork: withScheduledWork.has(personId),
    }).score;
  });
}

function groupByPerson<T extends { personId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.personId);
    if (list) list.push(r);
    else out.set(r.personId, [r]);
  }
  return out;
}

export type DepartmentForecast = Readonly<{ monthlyCents: number | null; surveyCorrection: number | null }>;
/** What the forecast knows, per department (one forecast serves every department of a planning round). */
export type PlanningForecast = (department: { id: string; name: string }) => DepartmentForecast;

/**
 * What the forecast knows about each department: its median monthly usage spend above the seats'
 * allowances (extra usage) over the next three months, and the survey correction it learnt (the
 * department's actual ÷ surveyed, else the organization's). Both null when there is no forecast (too
 * little history, or it fails).
 */
export async function loadPlanningForecast(ctx: AppContext, orgId: string): Promise<PlanningForecast> {
  try {
    const data = await loadForecastData(ctx, orgId, { months: 3 });
    const forecast = forecastFromData(data, { months: 3, paths: 200 });
    return (department) => {
      const surveyCorrection = data.survey.departments.find((d) => d.departmentId === department.id)?.ratio ?? data.survey.orgRatio;
      const months = forecast.months.map((m) => m.departments[department.name]?.extraUsage.p50).filter((v): v is number => typeof v === 'number');
      return { monthlyCents: months.length === 0 ? null : Math.round((months.reduce((a, b) => a + b, 0) / months.length) * 100), surveyCorrection };
    };
  } catch {
    // Planning still works without a forecast; the view says "not available".
    return () => ({ monthlyCents: null, surveyCorrection: null });
  }
}

/** Next quarter's survey estimate (a survey over a manual entry). */
async function surveyInputs(repos: Repositories, orgId: string, departmentId: string, quarterStart: string) {
  const rows = (await repos.forecast.listSurveyEstimates(orgId, { departmentId })).map(({ periodStart, periodEnd, estimatedMonthlyUsd, estimatedWeeklyHours, respondents, source }) => ({ periodStart, periodEnd, estimatedMonthlyUsd, estimatedWeeklyHours, respondents, source }));
  const next = rows.filter((r) => r.periodStart <= quarterStart && r.periodEnd > quarterStart).sort((a, b) => (a.source === 'survey' ? -1 : b.source === 'survey' ? 1 : 0))[0];
  return { rows, next: next ? decimalToCents(next.estimatedMonthlyUsd) : null };
}

/**
 * A department's quarterly planning view: usage and need trends, open and denied requests, the
 * waitlist, use cases, survey answers (corrected), the forecast when there is one, the engine's draft
 * proposal for next quarter and the stored proposal. Other departments' leads get aggregates only.
 */
export async function getDepartmentPlanning(ctx: AppContext, actor: Actor, departmentId: string, options: { forecast?: PlanningForecast } = {}): Promise<DepartmentPlanning> {
  assertCanViewPlanning(actor);
  const now = ctx.now();
  const repos = ctx.repos;
  const department = await repos.departments.findWithStats(actor.orgId, departmentId, now);
  if (!department) throw new AppError('NOT_FOUND', { message: `No department ${departmentId}` });
  const today = toDay(now);
  const quarterStart = nextQuarterStart(today);
  const isPerPerson = seesPeopleOf(actor, departmentId);

  const firstWeek = addDays(today, -(WEEKS * 7 - 1));
  const [quotas, people, usage, leases, useCases, prices, proposals, surveys] = await Promise.all([
    repos.allocation.listQuotas(actor.orgId),
    repos.people.list(actor.orgId, { status: 'active', departmentId }, { limit: 100_000, offset: 0 }, now),
    repos.usage.dailyForDepartment(actor.orgId, departmentId, firstWeek, today),
    repos.leases.listAll(actor.orgId, { departmentId }),
    listUseCases(ctx, actor, { departmentId, sort: 'new', limit: 50 }).then((page) => page.items.map((u): UseCaseSummary => ({ id: u.id, title: u.title, task: u.task, authorName: u.authorName, minutesSavedPerWeek: u.minutesSavedPerWeek, tags: [...u.tags], createdAt: u.createdAt, votes: u.upvotes + u.users }))),
    loadSeatPrices(repos, now),
    repos.planning.listProposals(actor.orgId, { departmentId, quarterStart }),
    surveyInputs(repos, actor.orgId, departmentId, quarterStart),
  ]);
  const quota = quotas.find((q) => q.departmentId === departmentId);
  const forecast = (options.forecast ?? (await loadPlanningForecast(ctx, actor.orgId)))(department);
  const forecastCents = forecast.monthlyCents;
  const scores = await needScores(repos, actor.orgId, people.items.map((p) => p.id), usage, now);

  const weeks = Array.from({ length: WEEKS }, (_, i) => ({ weekStart: addDays(firstWeek, i * 7), messages: 0, limitHits: 0, people: new Set<string>() }));
  for (const u of usage) {
    const w = weeks[Math.floor(daysBetween(firstWeek, u.day) / 7)];
    if (!w) continue;
    w.messages += u.messages;
    w.limitHits += u.limitHits;
    if (u.messages > 0) w.people.add(u.personId);
  }
  const half = WEEKS / 2;
  const sum = (ws: typeof weeks) => ws.reduce((n, w) => n + w.messages, 0);
  const quarterAgo = now.getTime() - 91 * 86_400_000;
  const open = leases.filter((l) => l.status === 'requested');
  const waitlisted = leases.filter((l) => l.status === 'waitlisted');
  const denied = leases.filter((l) => l.status === 'denied' && (l.decidedAt ?? l.requestedAt).getTime() >= quarterAgo);
  const highNeedPeople = scores.filter((s) => s >= HIGH_NEED).length;
  const meanNeed = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0;
  const inputs: PlanningInputs = {
    headcount: department.headcount,
    currentNominal: quota?.nominalPremium ?? 0,
    currentBudgetCents: quota?.monthlyBudget ? decimalToCents(quota.monthlyBudget) : null,
    highNeedPeople,
    meanNeed,
    openRequests: open.length,
    waitlisted: waitlisted.length,
    deniedLastQuarter: denied.length,
    usageLastQuarter: sum(weeks.slice(half)),
    usagePreviousQuarter: sum(weeks.slice(0, half)),
    useCases: useCases.length,
    surveyMonthlyCents: surveys.next,
    surveyCorrection: forecast.surveyCorrection,
    forecastMonthlyCents: forecastCents,
    prices: { premiumMonthCents: prices.premium, standardMonthCents: prices.base },
  };
  const draft = proposeQuota(inputs);
  const present = (l: (typeof leases)[number]): PlanningRequest => ({ id: l.id, personName: isPerPerson ? l.personName : null, status: l.status, startsAt: l.startsAt, endsAt: l.endsAt, requestedAt: l.requestedAt, project: l.project, decisionRule: l.decisionRule });
  return {
    department: { id: department.id, name: department.name, headcount: department.headcount },
    quarterStart,
    quarterLabel: quarterLabel(quarterStart),
    isPerPerson,
    quota: { nominalPremium: quota?.nominalPremium ?? 0, monthlyBudget: quota?.monthlyBudget ?? null },
    weeks: weeks.map((w) => ({ weekStart: w.weekStart, messages: w.messages, limitHits: w.limitHits, activePeople: w.people.size })),
    need: { highNeedPeople, meanNeed, levels: { high: highNeedPeople, medium: scores.filter((s) => s >= 0.35 && s < HIGH_NEED).length, low: scores.filter((s) => s < 0.35).length } },
    requests: { open: open.length, waitlisted: waitlisted.length, deniedLastQuarter: denied.length, items: [...open, ...waitlisted, ...denied].map(present) },
    useCases,
    surveys: { rows: surveys.rows, nextQuarterMonthlyUsd: surveys.next === null ? null : centsToDecimal(surveys.next), correction: draft.surveyCorrection },
    forecast: forecastCents === null ? null : { monthlyUsd: centsToDecimal(forecastCents) },
    inputs,
    draft,
    proposal: proposals.find((p) => p.status === 'proposed') ?? proposals[0] ?? null,
  };
}
