import type { Cents } from '../money.ts';

/** Alerts: what they say, who receives them, when they escalate. Pure; delivery lives in src/app/alerts. */
export const ALERT_KINDS = ['budget_threshold', 'budget_reset', 'surge', 'guardrail_pause', 'test'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Who a channel speaks for. Owners and leads also get in-app notifications; finance is reached by channels. */
export const AUDIENCES = ['owner', 'finance', 'department_lead'] as const;
export type Audience = (typeof AUDIENCES)[number];

export type AlertDraft = Readonly<{
  kind: AlertKind;
  severity: Severity;
  /** null: the whole organization. */
  departmentId: string | null;
  dedupKey: string;
  title: string;
  body: string;
  period: string | null;
  details: Readonly<Record<string, unknown>>;
}>;

export type Contributor = Readonly<{ name: string; cents: Cents }>;

export function formatUsd(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

const scopeKey = (departmentId: string | null) => departmentId ?? 'org';

/** A budget threshold crossed: names the budget, its owner, the amounts and the top contributors. */
export function composeThresholdAlert(input: { departmentId: string | null; budgetName: string; ownerName: string; period: string; percent: number; spendCents: Cents; budgetCents: Cents; contributors: readonly Contributor[] }): AlertDraft {
  const used = Math.round((input.spendCents / input.budgetCents) * 100);
  const top = input.contributors.length ? input.contributors.map((c) => `${c.name} ${formatUsd(c.cents)}`).join(', ') : 'none recorded';
  return {
    kind: 'budget_threshold',
    severity: input.percent >= 100 ? 'critical' : input.percent >= 80 ? 'warning' : 'info',
    departmentId: input.departmentId,
    dedupKey: `budget:${scopeKey(input.departmentId)}:${input.period}:${input.percent}`,
    title: `${input.budgetName} budget at ${input.percent}% for ${input.period}`,
    body: `${input.budgetName} has spent ${formatUsd(input.spendCents)} of its ${formatUsd(input.budgetCents)} budget for ${input.period} (${used}%, threshold ${input.percent}%). Budget owner: ${input.ownerName}. Top contributors: ${top}.`,
    period: input.period,
    details: { percent: input.percent, spendCents: input.spendCents, budgetCents: input.budgetCents, owner: input.ownerName, contributors: input.contributors },
  };
}

/** The notice that a new budget period began and its thresholds are armed again. */
export function composeResetAlert(input: { departmentId: string | null; budgetName: string; ownerName: string; period: string; previousPeriod: string; budgetCents: Cents; previousSpendCents: Cents | null }): AlertDraft {
  const last = input.previousSpendCents === null ? '' : ` ${input.previousPeriod} closed at ${formatUsd(input.previousSpendCents)}.`;
  return {
    kind: 'budget_reset',
    severity: 'info',
    departmentId: input.departmentId,
    dedupKey: `budget-reset:${scopeKey(input.departmentId)}:${input.period}`,
    title: `${input.budgetName} budget reset for ${input.period}`,
    body: `A new budget period began: ${input.budgetName} has ${formatUsd(input.budgetCents)} for ${input.period} (owner: ${input.ownerName}); thresholds are armed again.${last}`,
    period: input.period,
    details: { budgetCents: input.budgetCents, previousPeriod: input.previousPeriod, previousSpendCents: input.previousSpendCents, owner: input.ownerName },
  };
}

/** A cost surge found by the detector. */
export function composeSurgeAlert(input: { departmentId: string | null; scopeName: string; day: string; valueCents: Cents; expectedCents: Cents; ratio: number; z: number; contributors: readonly Contributor[] }): AlertDraft {
  const ratio = Number.isFinite(input.ratio) ? `${input.ratio.toFixed(1)}×` : 'far above';
  const top = input.contributors.length ? ` Top contributors: ${input.contributors.map((c) => `${c.name} ${formatUsd(c.cents)}`).join(', ')}.` : '';
  return {
    kind: 'surge',
    severity: input.ratio >= 5 ? 'critical' : 'warning',
    departmentId: input.departmentId,
    dedupKey: `surge:${scopeKey(input.departmentId)}:${input.day}`,
    title: `Cost surge in ${input.scopeName} on ${input.day}: ${ratio} the usual`,
    body: `${input.scopeName} used ${formatUsd(input.valueCents)} of AI usage on ${input.day}, against about ${formatUsd(input.expectedCents)} usual for that weekday (${ratio}, robust z ${input.z.toFixed(1)}).${top}`,
    period: input.day.slice(0, 7),
    details: { day: input.day, valueCents: input.valueCents, expectedCents: input.expectedCents, ratio: Number.isFinite(input.ratio) ? input.ratio : null, z: input.z, contributors: input.contributors },
  };
}

/** Auto-approvals paused for a department that exhausted its budget. */
export function composePauseAlert(input: { departmentId: string; departmentName: string; period: string; spendCents: Cents; budgetCents: Cents }): AlertDraft {
  return {
    kind: 'guardrail_pause',
    severity: 'critical',
    departmentId: input.departmentId,
    dedupKey: `pause:${input.departmentId}:${input.period}`,
    title: `Auto-approval paused for ${input.departmentName} (${input.period})`,
    body: `${input.departmentName} has spent ${formatUsd(input.spendCents)} of its ${formatUsd(input.budgetCents)} budget for ${input.period}. New premium lease requests go to the department lead until the budget period resets. Leases already running are not touched.`,
    period: input.period,
    details: { spendCents: input.spendCents, budgetCents: input.budgetCents },
  };
}

/** Which audiences an alert reaches at an escalation level; escalation always adds the owner. */
export function audiencesFor(alert: Pick<AlertDraft, 'kind' | 'severity' | 'departmentId'>, level = 0): Audience[] {
  const set = new Set<Audience>();
  if (alert.kind === 'test') AUDIENCES.forEach((a) => set.add(a));
  else if (alert.departmentId === null) ['owner', 'finance'].forEach((a) => set.add(a as Audience));
  else {
    set.add('department_lead');
    if (alert.kind !== 'guardrail_pause') set.add('finance');
    if (alert.severity === 'critical') set.add('owner');
  }
  if (level > 0) set.add('owner');
  return AUDIENCES.filter((a) => set.has(a));
}

export type ChannelRoute = Readonly<{ id: string; audience: Audience; departmentId: string | null; isEnabled: boolean }>;

/** The enabled channels that receive an alert at a level: right audience, and the department if the channel is scoped to one. */
export function channelsFor<C extends ChannelRoute>(alert: Pick<AlertDraft, 'kind' | 'severity' | 'departmentId'>, channels: readonly C[], level = 0): C[] {
  const audiences = audiencesFor(alert, level);
  return channels.filter((c) => c.isEnabled && (alert.kind === 'test' || (audiences.includes(c.audience) && (c.departmentId === null || c.departmentId === alert.departmentId))));
}

export const MAX_ESCALATION_LEVEL = 2;

/**
 * The escalation level an unacknowledged alert should be at by `now`: one level per `afterHours` since
 * it was raised, at most MAX_ESCALATION_LEVEL. Informational alerts and acknowledged ones never escalate.
 */
export function escalationLevelAt(alert: { severity: Severity; createdAt: number; acknowledgedAt: number | null }, now: number, afterHours: number): number {
  if (alert.severity === 'info' || alert.acknowledgedAt !== null || afterHours <= 0) return 0;
  return Math.min(MAX_ESCALATION_LEVEL, Math.max(0, Math.floor((now - alert.createdAt) / (afterHours * 3_600_000))));
}

/** A Slack-compatible incoming-webhook payload: `text` for notifications and fallbacks, `blocks` for layout. */
export function slackPayload(alert: { title: string; body: string; severity: Severity; kind: AlertKind; level: number; link?: string }) {
  const icon = alert.severity === 'critical' ? ':rotating_light:' : alert.severity === 'warning' ? ':warning:' : ':information_source:';
  const prefix = alert.level > 0 ? `[Escalated, unacknowledged] ` : '';
  const text = `${prefix}${alert.title}`;
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `${icon} ${alert.body}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Seatwise · ${alert.kind} · ${alert.severity}${alert.link ? ` · <${alert.link}|Acknowledge>` : ''}` }] },
    ],
  };
}

/** The subject and plain-text body of an alert e-mail. */
export function emailMessage(alert: { title: string; body: string; severity: Severity; level: number; link?: string }): { subject: string; text: string } {
  const prefix = alert.level > 0 ? '[Escalated] ' : '';
  return {
    subject: `${prefix}[Seatwise ${alert.severity}] ${alert.title}`,
    text: `${alert.body}\n\n${alert.level > 0 ? 'This alert has not been acknowledged; it was escalated.\n' : ''}${alert.link ? `Acknowledge: ${alert.link}\n` : ''}`,
  };
}
