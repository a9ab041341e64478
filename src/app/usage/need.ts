import { addDays, dayToDate, toDay } from '../../domain/dates.ts';
import { canSeeDepartmentPeople, discloseAggregate } from '../../domain/privacy.ts';
import { computeNeedScore, type NeedScore } from '../../domain/need.ts';
import { recommendTier, type Recommendation } from '../../domain/rightsizing.ts';
import { hasAnyRole, ORG_READER_ROLES } from '../../domain/roles.ts';
import type { UsageMetrics } from '../../domain/usage.ts';
import { AppError } from '../../errors.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { CatalogEntry } from '../../db/repositories/types.ts';
import type { DailyUsageRow } from '../../db/repositories/usage.repository.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { BASE_LINE, loadSeatPrices, PREMIUM_LINE } from '../leases/pool-state.ts';

/**
 * Daily messages an individual Pro plan allows, approximately; tiers scale it by their catalog usage
 * multiplier (Team standard 1.25× → 45, premium 6.25× → 225). An estimate the vendor does not publish.
 */
export const PRO_DAILY_MESSAGES = 36;

/** Daily message limits of the Team tiers: by tier, and standard and premium (45 and 225 without a catalog multiplier). */
export type TierLimits = Readonly<{ byTier: ReadonlyMap<string, number>; standard: number; premium: number }>;

/** Each Team tier's daily message limit from the catalog's usage multipliers (a tier's last catalog entry wins). */
export function tierLimitsOf(catalog: readonly CatalogEntry[]): TierLimits {
  const byTier = new Map<string, number>();
  for (const c of catalog) if (c.vendor === PREMIUM_LINE.vendor && c.plan === PREMIUM_LINE.plan && c.usageMultiplier) byTier.set(c.tier, Math.round(PRO_DAILY_MESSAGES * Number(c.usageMultiplier)));
  return { byTier, standard: byTier.get(BASE_LINE.tier) ?? 45, premium: byTier.get(PREMIUM_LINE.tier) ?? 225 };
}

/** The Team tiers' daily message limits from the stored catalog (`tierLimitsOf`). */
export async function tierLimits(repos: Repositories): Promise<TierLimits> {
  return tierLimitsOf(await repos.seats.listCatalog({ vendor: PREMIUM_LINE.vendor }));
}

type PersonNeedContext = Readonly<{ usage: DailyUsageRow[]; limitOn: (day: string) => number; hasScheduledWork: boolean; tierOnDay: (day: string) => string | null }>;

async function loadPersonContext(repos: Repositories, orgId: string, personId: string, asOf: string, days: number, now?: Date): Promise<PersonNeedContext> {
  const [usage, history, limits, leases] = await Promise.all([
    repos.usage.dailyForPerson(orgId, personId, addDays(asOf, -(days - 1)), asOf),
    repos.seats.listPersonHistory(orgId, personId, PREMIUM_LINE.vendor),
    tierLimits(repos),
    repos.leases.listAll(orgId, { personId, statuses: ['requested', 'waitlisted', 'scheduled', 'active'] }),
  ]);
  // Past days: the tier held at midday. Today: the tier held now.
  const tierOnDay = (day: string) => {
    const t = now && day === asOf ? now.getTime() : dayToDate(day).getTime() + 12 * 3_600_000;
    return history.find((a) => a.validFrom.getTime() <= t && (a.validTo === null || a.validTo.getTime() > t))?.tier ?? null;
  };
  const horizon = dayToDate(addDays(asOf, 14));
  return {
    usage,
    tierOnDay,
    limitOn: (day) => limits.byTier.get(tierOnDay(day) ?? BASE_LINE.tier) ?? limits.standard,
    hasScheduledWork: leases.some((l) => l.startsAt < horizon && (l.project !== null || l.status === 'active' || l.status === 'scheduled')),
  };
}

/** A person's need score today, with its explained components. */
export async function getNeedScore(repos: Repositories, orgId: string, personId: string, asOf: string): Promise<NeedScore> {
  const c = await loadPersonContext(repos, orgId, personId, asOf, 84);
  return computeNeedScore({ asOf, usage: c.usage, limitOn: c.limitOn, hasScheduledWork: c.hasScheduledWork });
}

/** Who may see one person's usage: themselves, their department's lead, admins, owners and auditors. */
export async function assertCanSeePerson(repos: Repositories, actor: Actor, personId: string): Promise<void> {
  if (actor.kind === 'cli' || (actor.kind === 'person' && actor.personId === personId)) return;
  const person = await repos.people.findById(actor.orgId, personId, new Date());
  if (!person) throw new AppError('NOT_FOUND', { message: `No person ${personId}` });
  if (hasAnyRole(actor.grants, ORG_READER_ROLES)) return;
  if (person.departmentId && actor.grants.some((g) => g.role === 'dept_lead' && g.departmentId === person.departmentId)) return;
  throw new AppError('FORBIDDEN', { message: "Only the person, their department's lead, admins, owners and auditors see individual usage" });
}

export type PersonUsage = Readonly<{ days: ReadonlyArray<DailyUsageRow & { tier: string | null; limit: number }>; need: NeedScore }>;

/** "My usage": daily usage against the limit of the tier held that day, and the need score with why. */
export async function getPersonUsage(ctx: AppContext, actor: Actor, personId: string, days: number): Promise<PersonUsage> {
  await assertCanSeePerson(ctx.repos, actor, personId);
  const asOf = toDay(ctx.now());
  const c = await loadPersonContext(ctx.repos, actor.orgId, personId, asOf, Math.max(days, 84), ctx.now());
  const byDay = new Map(c.usage.map((u) => [u.day, u]));
  const series = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = addDays(asOf, -i);
    const u = byDay.get(day) ?? { day, messages: 0, limitHits: 0, activeMinutes: 0, costUsd: '0', inputTokens: 0, outputTokens: 0 };
    series.push({ ...u, tier: c.tierOnDay(day), limit: c.limitOn(day) });
  }
  return { days: series, need: computeNeedScore({ asOf, usage: c.usage, limitOn: c.limitOn, hasScheduledWork: c.hasScheduledWork }) };
}

export type PersonRecommendation = Readonly<{ personId: string; personName: string; departmentName: string | null; tier: string | null; need: NeedScore; recommendation: Recommendation | null; graceReason: string | null }>;

/** Need and rightsizing for everyone active (optionally one department). */
export async function listRecommendations(ctx: AppContext, orgId: string, options: { departmentId?: string } = {}): Promise<PersonRecommendation[]> {
  const asOf = toDay(ctx.now());
  const people = await ctx.repos.people.list(orgId, { status: 'active', ...(options.departmentId ? { departmentId: options.departmentId } : {}) }, { limit: 100_000, offset: 0 }, ctx.now());
  const prices = await loadSeatPrices(ctx.repos, ctx.now());
  const limits = await tierLimits(ctx.repos);
  const [dismissed, onLeave, openReviews] = await Promise.all([ctx.repos.reviews.activeDismissals(orgId, asOf), ctx.repos.reviews.peopleOnLeave(orgId, asOf), ctx.repos.reviews.list(orgId, { status: 'asked' })]);
  const asked = new Set(openReviews.map((r) => r.personId));
  const out: PersonRecommendation[] = [];
  for (const p of people.items) {
    const c = await loadPersonContext(ctx.repos, orgId, p.id, asOf, 84);
    const history = await ctx.repos.seats.listPersonHistory(orgId, p.id, PREMIUM_LINE.vendor);
    const current = history.find((a) => a.validTo === null || a.validTo > ctx.now());
    const need = computeNeedScore({ asOf, usage: c.usage, limitOn: c.limitOn, hasScheduledWork: c.hasScheduledWork });
    const tier = p.currentTier === 'premium' ? 'premium' : 'standard';
    const result = recommendTier({
      asOf,
      tier,
      isPermanent: tier === 'premium' && current !== undefined && current.leaseId === null,
      usage: c.usage,
      standardDailyLimit: limits.standard,
      premiumDailyLimit: limits.premium,
      hasScheduledWork: c.hasScheduledWork,
      // Joined = the first seat Seatwise knows of (or the record's creation), never the employment start date.
      joinedOn: history[0] && history[0].validFrom < p.createdAt ? toDay(history[0].validFrom) : toDay(p.createdAt),
      tierSince: current ? toDay(current.validFrom) : toDay(p.createdAt),
      isOnLeave: onLeave.has(p.id),
      prices: { premiumMonthCents: prices.premium, standardMonthCents: prices.base },
    });
    // A dismissed recommendation stays quiet for its period; someone already asked is not asked twice.
    const isQuiet = result.recommendation && (dismissed.has(`${p.id}:${result.recommendation.kind}`) || asked.has(p.id));
    out.push({ personId: p.id, personName: p.name, departmentName: p.departmentName, tier: p.currentTier, need, ...(isQuiet ? { recommendation: null, graceReason: asked.has(p.id) ? 'already asked in an open seat review' : null } : result) });
  }
  return out;
}

/** Links an unmatched identity to a person and moves its kept usage onto them (replace by day and source). */
export async function linkUnmatchedIdentity(ctx: AppContext, actor: Actor, id: string, personId: string): Promise<{ movedDays: number }> {
  return ctx.transaction(async (repos) => {
    const identity = await repos.usage.findUnmatched(actor.orgId, id);
    if (!identity) throw new AppError('NOT_FOUND', { message: `No unmatched identity ${id}` });
    const person = await repos.people.findById(actor.orgId, personId, ctx.now());
    if (!person) throw new AppError('VALIDATION_FAILED', { message: `No person ${personId}`, details: [{ path: 'body.personId', message: 'no such person' }] });
    const kept = await repos.usage.takeUnmatchedUsage(actor.orgId, id);
    await repos.usage.writeRows(actor.orgId, kept.map((k) => ({ personId, day: k.day, source: k.source, ...(k.metrics as UsageMetrics), importId: null })), 'replace');
    await repos.usage.resolveUnmatched(actor.orgId, id, { status: 'linked', personId, resolvedBy: actor.kind === 'person' ? actor.personId : null });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'identity.linked', entityType: 'unmatched_identity', entityId: id, before: { status: identity.status }, after: { status: 'linked', personId, movedDays: kept.length } });
    return { movedDays: kept.length };
  });
}

/** Marks an unmatched identity as not a person of ours (a bot, a contractor); its usage stays kept. */
export async function ignoreUnmatchedIdentity(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.transaction(async (repos) => {
    const identity = await repos.usage.findUnmatched(actor.orgId, id);
    if (!identity) throw new AppError('NOT_FOUND', { message: `No unmatched identity ${id}` });
    await repos.usage.resolveUnmatched(actor.orgId, id, { status: 'ignored', personId: null, resolvedBy: actor.kind === 'person' ? actor.personId : null });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'identity.ignored', entityType: 'unmatched_identity', entityId: id, before: { status: identity.status }, after: { status: 'ignored' } });
  });
}

export type DepartmentUsage = Readonly<{
  isPerPerson: boolean;
  /** True when the viewer may not see the department's people and it has fewer than K_ANONYMITY_MIN users (days is then empty). */
  isSuppressed: boolean;
  days: ReadonlyArray<{ day: string; messages: number; limitHits: number; activePeople: number }>;
  people: ReadonlyArray<{ personId: string; personName: string; messages: number; limitHitDays: number; costUsd: string; busiestDay: number }> | null;
}>;

/**
 * A department's usage: daily totals for everyone; per person only for the department's lead and for
 * admins, owners and auditors (others see aggregates, withheld when fewer than 5 people contribute).
 */
export async function getDepartmentUsage(ctx: AppContext, actor: Actor, departmentId: string, days: number): Promise<DepartmentUsage> {
  const department = await ctx.repos.departments.findById(actor.orgId, departmentId);
  if (!department) throw new AppError('NOT_FOUND', { message: `No department ${departmentId}` });
  const isPerPerson = canSeeDepartmentPeople(actor, departmentId);
  const to = toDay(ctx.now());
  const from = addDays(to, -(days - 1));
  const rows = await ctx.repos.usage.dailyForDepartment(actor.orgId, departmentId, from, to);
  const byDay = new Map<string, { messages: number; limitHits: number; people: Set<string> }>();
  const byPerson = new Map<string, { personName: string; messages: number; limitHitDays: number; costMicro: number; busiestDay: number }>();
  for (const r of rows) {
    const d = byDay.get(r.day) ?? { messages: 0, limitHits: 0, people: new Set<string>() };
    d.messages += r.messages;
    d.limitHits += r.limitHits;
    if (r.messages > 0) d.people.add(r.personId);
    byDay.set(r.day, d);
    const p = byPerson.get(r.personId) ?? { personName: r.personName, messages: 0, limitHitDays: 0, costMicro: 0, busiestDay: 0 };
    p.messages += r.messages;
    p.limitHitDays += r.limitHits > 0 ? 1 : 0;
    p.costMicro += Math.round(Number(r.costUsd) * 10_000);
    p.busiestDay = Math.max(p.busiestDay, r.messages);
    byPerson.set(r.personId, p);
  }
  const series = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    const d = byDay.get(day);
    series.push({ day, messages: d?.messages ?? 0, limitHits: d?.limitHits ?? 0, activePeople: d?.people.size ?? 0 });
  }
  // k-anonymity: a total over fewer than 5 people is nearly a personal figure (docs/privacy.md).
  const contributors = [...byPerson.values()].filter((p) => p.messages > 0).length;
  const shown = discloseAggregate({ value: series, groupSize: contributors, isEntitled: isPerPerson });
  return {
    isPerPerson,
    isSuppressed: shown.isSuppressed,
    days: shown.value ?? [],
    people: isPerPerson
      ? [...byPerson].map(([personId, p]) => ({ personId, personName: p.personName, messages: p.messages, limitHitDays: p.limitHitDays, costUsd: (p.costMicro / 10_000).toFixed(2), busiestDay: p.busiestDay })).sort((a, b) => b.messages - a.messages)
      : null,
  };
}
