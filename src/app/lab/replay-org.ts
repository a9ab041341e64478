import { addDays, daysBetween, dayToDate, toDay } from '../../domain/dates.ts';
import { findPriceOn } from '../../domain/seats.ts';
import { AppError, type FieldProblem } from '../../errors.ts';
import { summarize } from '../../sim/lab/lab.ts';
import type { LabResult, PolicyId } from '../../sim/lab/types.ts';
import { replayPolicies, worldFromHistory } from '../../sim/replay.ts';
import type { Actor, AppContext } from '../context.ts';
import { BASE_LINE, PREMIUM_LINE } from '../leases/pool-state.ts';
import { toCatalogPrice } from '../seats/seat-summary.ts';
import { tierLimitsOf } from '../usage/need.ts';
import { assertCanRunLab, MAX_SYNC_PERSON_DAYS } from './access.ts';
import { alignWindow, buildReplayHistory, lastWholeWeeks, type ReplayWindow } from './replay-history.ts';
import { policiesOf } from './simulate.ts';

export const DEFAULT_REPLAY_WEEKS = 13;
export const DEFAULT_WARMUP_WEEKS = 12;
export const MAX_REPLAY_WEEKS = 53;

/** What a replay used, so a reader can judge the answer. */
export type ReplayInputs = Readonly<{
  window: ReplayWindow;
  warmup: Readonly<{ from: string; weeks: number }>;
  people: number;
  usageRows: number;
  limitHitDays: number;
  sprints: number;
  /** Where the sprints came from: leases people asked for, or bursts inferred from usage. */
  calendar: 'leases' | 'bursts';
  premiumSeats: number;
  prices: Readonly<{ standardMonthCents: number; premiumMonthCents: number; enterpriseSeatMonthCents: number; paygCentsPerMessage: number }>;
  limits: Readonly<{ standardDailyMessages: number; premiumDailyMessages: number }>;
  notes: readonly string[];
}>;

/** auto: the leases people asked for, or usage bursts when nobody asked for a lease in the history. */
export type ReplayCalendar = 'auto' | 'leases' | 'bursts';

export type OrgReplay = Readonly<{ result: LabResult; inputs: ReplayInputs }>;

const invalid = (message: string, details: FieldProblem[]) => new AppError('VALIDATION_FAILED', { message, details });

/**
 * "What would P4 have cost us last quarter?": replays lab policies over the organization's own usage
 * history in a window (default: the last 13 whole weeks), with `warmupWeeks` of history before it for
 * need scores and pool sizing, today's premium seat count, catalog prices and the leases people asked
 * for as the project calendar. Read-only: nothing is written.
 */
export async function replayOrgHistory(ctx: AppContext, actor: Actor, input: { from?: string; to?: string; policies?: readonly PolicyId[]; warmupWeeks?: number; calendar?: ReplayCalendar }): Promise<OrgReplay> {
  assertCanRunLab(actor);
  const today = toDay(ctx.now());
  const window = resolveWindow(today, input.from, input.to);
  const warmupWeeks = input.warmupWeeks ?? DEFAULT_WARMUP_WEEKS;
  const historyStart = addDays(window.from, -7 * warmupWeeks);
  const repos = ctx.repos;
  const [orgName, people, usage, leases, premiumSeats, inventory, catalog] = await Promise.all([
    repos.organizations.findName(actor.orgId),
    repos.lab.listPeople(actor.orgId, historyStart),
    repos.usage.dailyForOrg(actor.orgId, historyStart, window.to),
    repos.lab.listWorkLeases(actor.orgId, dayToDate(historyStart), dayToDate(addDays(window.to, 1))),
    repos.lab.countSeatsPurchased(actor.orgId, PREMIUM_LINE),
    repos.seats.listInventory(actor.orgId),
    repos.seats.listCatalog({ vendor: PREMIUM_LINE.vendor }),
  ]);
  const personDays = people.length * (warmupWeeks + window.weeks) * 7;
  if (personDays > MAX_SYNC_PERSON_DAYS) throw invalid(`This replay is too big to answer synchronously: ${people.length} people × ${(warmupWeeks + window.weeks) * 7} days = ${personDays} person-days; the limit is ${MAX_SYNC_PERSON_DAYS}. Choose a shorter window.`, [{ path: 'body.from', message: 'window too long for this organization' }]);

  const notes: string[] = [];
  const cadenceOf = (tier: string) => inventory.find((i) => i.vendor === PREMIUM_LINE.vendor && i.plan === PREMIUM_LINE.plan && i.tier === tier)?.cadence ?? 'annual';
  const catalogPrices = catalog.map(toCatalogPrice);
  const priceCents = (line: { vendor: string; plan: string; tier: string }, cadence: 'annual' | 'monthly', fallback: number, label: string) => {
    const price = findPriceOn(catalogPrices, { ...line, cadence }, window.to);
    if (!price) notes.push(`No catalog price for ${label} on ${window.to}; the lab default $${fallback / 100} a month was used.`);
    return price ? price.pricePerSeatMonthCents : fallback;
  };
  const prices = {
    standardMonthCents: priceCents(BASE_LINE, cadenceOf(BASE_LINE.tier), 2500, 'the standard seat'),
    premiumMonthCents: priceCents(PREMIUM_LINE, cadenceOf(PREMIUM_LINE.tier), 10000, 'the premium seat'),
    enterpriseSeatMonthCents: priceCents({ vendor: 'anthropic', plan: 'enterprise', tier: 'enterprise' }, 'annual', 4000, 'the enterprise platform fee'),
    paygCentsPerMessage: 12,
  };
  notes.push('P6 prices every message at $0.12 (the lab’s assumption for agentic use); there is no per-message catalog price.');
  notes.push('There is no per-person survey in the database: P2’s survey ranking and P6’s survey-based budget see zero answers.');
  const tierLimits = tierLimitsOf(catalog);
  const limits = { standardDailyMessages: tierLimits.standard, premiumDailyMessages: tierLimits.premium };
  if (usage.every((u) => u.day >= window.from)) notes.push(`No usage before ${window.from}: the warm-up is empty, so need-based pool sizing (P5) sees no history.`);

  const rows = { window, warmupWeeks, premiumSeats, people, usage, leases, limits, prices };
  const asked = input.calendar === 'bursts' ? undefined : buildReplayHistory({ ...rows, calendar: 'leases' });
  const calendar = asked && (input.calendar === 'leases' || (asked.projects?.length ?? 0) > 0) ? 'leases' : 'bursts';
  const history = calendar === 'leases' ? asked! : buildReplayHistory({ ...rows, calendar: 'bursts' });
  if (calendar === 'bursts') notes.push(`${input.calendar === 'bursts' ? 'As asked, the' : 'Nobody asked for a lease in this history, so the'} project calendar is inferred from usage: weeks with at least twice a person’s median week and a limit hit. That is hindsight, so P3–P5’s sprint leases are an optimistic bound.`);
  else if ((history.projects?.length ?? 0) === 0) notes.push('Nobody asked for a lease in this history: P3 and P4 (sprint leases) receive no requests. Choose the calendar inferred from usage to compare them.');
  const policies = policiesOf(input.policies);
  const run = replayPolicies(history, policies);
  const scenario = worldFromHistory(history).scenario;
  const summary = summarize(scenario, policies, [run]);
  const result: LabResult = { ...summary, scenario: { ...summary.scenario, id: 'replay', name: `${orgName ?? 'Organization'} usage history, ${window.from} to ${window.to}` } };
  return {
    result,
    inputs: {
      window,
      warmup: { from: historyStart, weeks: warmupWeeks },
      people: history.people.length,
      usageRows: history.usage.length,
      limitHitDays: history.usage.filter((u) => (u.limitHits ?? 0) > 0).length,
      sprints: history.projects?.length ?? 0,
      calendar,
      premiumSeats,
      prices,
      limits,
      notes,
    },
  };
}

function resolveWindow(today: string, from: string | undefined, to: string | undefined): ReplayWindow {
  if (from === undefined && to === undefined) return lastWholeWeeks(today, DEFAULT_REPLAY_WEEKS);
  if (from === undefined || to === undefined) throw invalid('Give both from and to, or neither for the last 13 whole weeks', [{ path: from === undefined ? 'body.from' : 'body.to', message: 'required with the other bound' }]);
  if (to < from) throw invalid(`to (${to}) is before from (${from})`, [{ path: 'body.to', message: 'must not be before from' }]);
  if (to > today) throw invalid(`to (${to}) is after today (${today}): there is no usage history yet`, [{ path: 'body.to', message: 'must not be after today' }]);
  const window = alignWindow(from, to);
  if (window.weeks > MAX_REPLAY_WEEKS) throw invalid(`The window ${window.from} to ${window.to} spans ${window.weeks} weeks; replay at most ${MAX_REPLAY_WEEKS} weeks at a time`, [{ path: 'body.from', message: `window longer than ${MAX_REPLAY_WEEKS} weeks` }]);
  if (daysBetween(window.from, window.to) < 6) throw invalid('The window must span at least one week', [{ path: 'body.to', message: 'window shorter than a week' }]);
  return window;
}
