import { composePauseAlert, composeResetAlert, composeSurgeAlert, composeThresholdAlert, escalationLevelAt, type AlertDraft } from '../../domain/guardrails/alerts.ts';
import { DAILY_DETECTOR, detectSurges } from '../../domain/guardrails/detector.ts';
import { topContributors } from '../../domain/guardrails/burn.ts';
import { stepBudgetWatch } from '../../domain/guardrails/thresholds.ts';
import { addDays, dayToDate } from '../../domain/dates.ts';
import { decimalToCents } from '../../domain/money.ts';
import type { AlertRow } from '../../db/repositories/alert.repository.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { AppContext } from '../context.ts';
import { deliverAlert, type DeliveryDeps, type DeliveryResult } from './deliver.ts';
import { loadCostSeries, loadSpendPicture, type BudgetScope, type SpendPicture } from './spend.ts';

/** Days of daily cost the detector reads: its six-week baseline plus two weeks of spread. */
const SERIES_DAYS = 7 * 8 + 14;
/** Surges detected on these last days raise alerts; older ones are history, not news. */
const FRESH_SURGE_DAYS = 3;
/** The smallest daily excess over the usual that is worth an alert. */
const MIN_SURGE_USD = 5;
/** Unacknowledged alerts younger than this are (re)delivered: escalations and retries of failed sends. */
const DELIVERY_WINDOW_DAYS = 7;

export type GuardrailRun = Readonly<{
  period: string;
  raised: readonly AlertRow[];
  escalated: number;
  paused: readonly string[];
  deliveries: readonly DeliveryResult[];
}>;

const previousPeriod = (period: string) => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * Evaluates the guardrails of an organization now: budget thresholds (each once per period, with a
 * reset notice when a period begins), cost surges on daily usage cost (today's partial day included,
 * a lower bound, so it can only alarm early), the auto-approval pause of departments that exhausted
 * their budget, escalation of unacknowledged alerts; then delivers. Idempotent: alerts are keyed.
 */
export async function runGuardrails(ctx: AppContext, orgId: string, deps: DeliveryDeps): Promise<GuardrailRun> {
  const now = ctx.now();
  const picture = await loadSpendPicture(ctx.repos, orgId, now);
  const surges = await detectFreshSurges(ctx, orgId);
  const { raised, paused } = await ctx.transaction(async (repos) => {
    const raised: AlertRow[] = [];
    const paused: string[] = [];
    const raise = async (draft: AlertDraft) => {
      const { alert, isNew } = await repos.alerts.insertIfNew(orgId, draft, now);
      if (!isNew) return;
      raised.push(alert);
      await repos.audit.append({ orgId, actor: { kind: 'system' }, action: 'alert.raised', entityType: 'alert', entityId: alert.id, after: { kind: draft.kind, severity: draft.severity, title: draft.title, departmentId: draft.departmentId, dedupKey: draft.dedupKey } });
    };
    for (const scope of [picture.organization, ...picture.departments]) {
      for (const draft of await budgetDrafts(repos, orgId, picture, scope)) await raise(draft);
      const burn = scope.burn;
      if (scope.departmentId && burn.budgetCents !== null && burn.spentCents >= burn.budgetCents && picture.settings.onBudgetExhausted === 'pause_auto_approval') {
        if (await repos.alerts.startPause(orgId, scope.departmentId, picture.period, now)) {
          paused.push(scope.name);
          await repos.audit.append({ orgId, actor: { kind: 'system' }, action: 'guardrail.paused', entityType: 'department', entityId: scope.departmentId, after: { period: picture.period, spendCents: burn.spentCents, budgetCents: burn.budgetCents }, reason: 'Monthly budget exhausted: new lease requests go to the lead' });
          await raise(composePauseAlert({ departmentId: scope.departmentId, departmentName: scope.name, period: picture.period, spendCents: burn.spentCents, budgetCents: burn.budgetCents }));
        }
      }
    }
    for (const draft of surges) await raise(draft);
    return { raised, paused };
  });
  const escalated = await escalate(ctx, orgId, picture.settings.escalateAfterHours);
  const deliveries: DeliveryResult[] = [];
  const open = await ctx.repos.alerts.listAlerts(orgId, { status: 'open' }, { limit: 500, offset: 0 });
  const since = now.getTime() - DELIVERY_WINDOW_DAYS * 86_400_000;
  for (const alert of open.items.filter((a) => a.createdAt.getTime() >= since || raised.some((r) => r.id === a.id))) {
    if (alert.kind === 'test') continue;
    deliveries.push(...(await deliverAlert(ctx, alert, alert.escalationLevel, deps)));
  }
  return { period: picture.period, raised, escalated, paused, deliveries };
}

/** Threshold alerts not yet fired this period, and the reset notice when a period begins. */
async function budgetDrafts(repos: Repositories, orgId: string, picture: SpendPicture, scope: BudgetScope): Promise<AlertDraft[]> {
  const { burn } = scope;
  if (burn.budgetCents === null) return [];
  const key = scope.departmentId ?? 'org';
  const previous = previousPeriod(picture.period);
  const fired = await repos.alerts.listFiredThresholds(orgId, key, picture.period);
  // A reset notice is news when the budget was watched last period, or in the first days of a period.
  const isNewPeriod = !(await repos.alerts.hasDedupKey(orgId, `budget-reset:${key}:${picture.period}`)) && ((await repos.alerts.listFiredThresholds(orgId, key, previous)).length > 0 || Number(picture.today.slice(8, 10)) <= 3);
  const state = isNewPeriod ? { period: previous, fired: [] } : { period: picture.period, fired };
  const { events } = stepBudgetWatch(state, { period: picture.period, spendCents: burn.spentCents, budgetCents: burn.budgetCents }, picture.settings.thresholds);
  return events
    .map((event) =>
      event.kind === 'period_reset'
        ? composeResetAlert({ departmentId: scope.departmentId, budgetName: scope.name, ownerName: scope.ownerName, period: event.period, previousPeriod: event.previousPeriod, budgetCents: burn.budgetCents!, previousSpendCents: null })
        : composeThresholdAlert({ departmentId: scope.departmentId, budgetName: scope.name, ownerName: scope.ownerName, period: event.period, percent: event.percent, spendCents: event.spendCents, budgetCents: event.budgetCents, contributors: scope.contributors }),
    )
    .filter((draft) => draft.kind !== 'budget_threshold' || !fired.includes(Number(draft.dedupKey.split(':').at(-1))));
}

/** Runs the surge detector on every department's and the organization's daily usage cost. */
async function detectFreshSurges(ctx: AppContext, orgId: string): Promise<AlertDraft[]> {
  const now = ctx.now();
  const series = await loadCostSeries(ctx.repos, orgId, now, SERIES_DAYS);
  const today = series.days.at(-1)!;
  const freshFrom = dayToDate(addDays(today, -(FRESH_SURGE_DAYS - 1))).getTime();
  const names = new Map([...(await ctx.repos.departments.listNames(orgId))].map(([name, id]) => [id, name]));
  const orgName = (await ctx.repos.organizations.findName(orgId)) ?? 'Organization';
  const scopes: Array<{ departmentId: string | null; name: string; costs: Map<string, number> }> = [
    { departmentId: null, name: orgName, costs: series.total },
    ...[...series.byDepartment].filter(([id]) => id !== null).map(([id, costs]) => ({ departmentId: id, name: names.get(id!) ?? 'Unknown department', costs })),
  ];
  const drafts: AlertDraft[] = [];
  for (const scope of scopes) {
    const points = series.days.map((day) => ({ t: dayToDate(day).getTime(), value: (scope.costs.get(day) ?? 0) / 100 }));
    // Cents-level wobbles are not news: a surge must add at least MIN_SURGE_USD to the day.
    for (const alarm of detectSurges(points, DAILY_DETECTOR).alarms.filter((a) => a.at >= freshFrom && a.value - a.expected >= MIN_SURGE_USD)) {
      const day = new Date(alarm.at).toISOString().slice(0, 10);
      const people = await ctx.repos.alerts.listPersonDayCosts(orgId, day, day);
      const contributors = topContributors(people.filter((p) => scope.departmentId === null || p.departmentId === scope.departmentId).map((p) => ({ name: p.personName, cents: decimalToCents(p.costUsd) })));
      drafts.push(composeSurgeAlert({ departmentId: scope.departmentId, scopeName: scope.name, day, valueCents: Math.round(alarm.value * 100), expectedCents: Math.round(alarm.expected * 100), ratio: alarm.ratio, z: alarm.z, contributors }));
    }
  }
  return drafts;
}

/** Raises unacknowledged alerts to the level their age calls for; each raise is audited once. */
async function escalate(ctx: AppContext, orgId: string, afterHours: number): Promise<number> {
  const now = ctx.now().getTime();
  let count = 0;
  for (const alert of await ctx.repos.alerts.listEscalatable(orgId)) {
    const level = escalationLevelAt({ severity: alert.severity, createdAt: alert.createdAt.getTime(), acknowledgedAt: null }, now, afterHours);
    if (level <= alert.escalationLevel) continue;
    const isRaised = await ctx.transaction(async (repos) => {
      if (!(await repos.alerts.raiseEscalation(orgId, alert.id, level))) return false;
      await repos.audit.append({ orgId, actor: { kind: 'system' }, action: 'alert.escalated', entityType: 'alert', entityId: alert.id, before: { level: alert.escalationLevel }, after: { level }, reason: `Unacknowledged for ${afterHours * level} hours` });
      return true;
    });
    if (isRaised) count++;
  }
  return count;
}
