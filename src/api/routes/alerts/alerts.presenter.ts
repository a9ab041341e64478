import { z } from 'zod';
import { ALERT_KINDS, AUDIENCES, SEVERITIES } from '../../../domain/guardrails/alerts.ts';
import type { AlertChannel } from '../../../db/repositories/alert.repository.ts';
import type { AlertWithDeliveries, BurnView } from '../../../app/alerts/queries.ts';
import type { DeliveryResult } from '../../../app/alerts/deliver.ts';
import { centsToDecimal } from '../../../domain/money.ts';
import { iso, isoOrNull } from '../../schemas.ts';

export const DeliverySchema = z.object({ target: z.string(), channelId: z.uuid().nullable(), level: z.number().int(), status: z.enum(['sent', 'failed']), attempts: z.number().int(), error: z.string().nullable(), attemptedAt: z.string() });

export const AlertSchema = z.object({
  id: z.uuid(),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(SEVERITIES),
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  period: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  escalationLevel: z.number().int(),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  acknowledgeNote: z.string().nullable(),
  deliveries: z.array(DeliverySchema),
});

export function presentAlert(a: AlertWithDeliveries): z.infer<typeof AlertSchema> {
  return {
    id: a.id,
    kind: a.kind,
    severity: a.severity,
    departmentId: a.departmentId,
    departmentName: a.departmentName,
    title: a.title,
    body: a.body,
    period: a.period,
    details: a.details,
    escalationLevel: a.escalationLevel,
    createdAt: iso(a.createdAt),
    acknowledgedAt: isoOrNull(a.acknowledgedAt),
    acknowledgedByName: a.acknowledgedByName,
    acknowledgeNote: a.acknowledgeNote,
    deliveries: a.deliveries.map((d) => ({ target: d.target, channelId: d.channelId, level: d.level, status: d.status, attempts: d.attempts, error: d.error, attemptedAt: iso(d.attemptedAt) })),
  };
}

export const ChannelSchema = z.object({ id: z.uuid(), name: z.string(), kind: z.enum(['webhook', 'email']), audience: z.enum(AUDIENCES), departmentId: z.uuid().nullable(), target: z.string().describe('Where it goes, without secrets'), isEnabled: z.boolean(), createdAt: z.string() });

/** Never returns the encrypted settings: only a redacted target. */
export function presentChannel(c: AlertChannel): z.infer<typeof ChannelSchema> {
  return { id: c.id, name: c.name, kind: c.kind, audience: c.audience, departmentId: c.departmentId, target: c.targetHint, isEnabled: c.isEnabled, createdAt: iso(c.createdAt) };
}

export const DeliveryResultSchema = z.object({ target: z.string(), channelName: z.string().nullable(), level: z.number().int(), status: z.enum(['sent', 'failed', 'already_sent']), error: z.string().nullable() });

export function presentDeliveryResult(r: DeliveryResult): z.infer<typeof DeliveryResultSchema> {
  return { target: r.target, channelName: r.channelName, level: r.level, status: r.status, error: r.error };
}

const Money = z.string().describe('USD, two decimals');
export const BurnScopeSchema = z.object({
  departmentId: z.uuid().nullable(),
  name: z.string(),
  owner: z.string(),
  budget: Money.nullable(),
  spent: Money,
  paceToDate: Money.nullable(),
  projected: Money,
  percentUsed: z.number().nullable(),
  status: z.enum(['no_budget', 'under_pace', 'on_pace', 'over_pace', 'exhausted']),
  isAutoApprovalPaused: z.boolean(),
  contributors: z.array(z.object({ name: z.string(), amount: Money })),
  points: z.array(z.object({ day: z.string(), spent: z.number().nullable().describe('Cumulative USD'), pace: z.number().describe('Pace line, USD') })),
});
export const BurnSchema = z.object({ period: z.string(), today: z.string(), thresholds: z.array(z.number()), scopes: z.array(BurnScopeSchema) });

export function presentBurn(view: BurnView): z.infer<typeof BurnSchema> {
  const money = (c: number | null) => (c === null ? null : centsToDecimal(c));
  return {
    period: view.picture.period,
    today: view.picture.today,
    thresholds: [...view.picture.settings.thresholds],
    scopes: view.scopes.map((s) => ({
      departmentId: s.departmentId,
      name: s.name,
      owner: s.ownerName,
      budget: money(s.burn.budgetCents),
      spent: centsToDecimal(s.burn.spentCents),
      paceToDate: money(s.burn.paceToDateCents),
      projected: centsToDecimal(s.burn.projectedCents),
      percentUsed: s.burn.percentUsed,
      status: s.burn.status,
      isAutoApprovalPaused: s.departmentId !== null && view.pausedDepartmentIds.includes(s.departmentId),
      contributors: s.contributors.map((c) => ({ name: c.name, amount: centsToDecimal(c.cents) })),
      points: s.burn.points.map((p) => ({ day: p.day, spent: p.cumulativeCents === null ? null : p.cumulativeCents / 100, pace: p.paceCents / 100 })),
    })),
  };
}
