import { addDays } from '../../domain/dates.ts';
import type { OrgHoliday } from '../../db/repositories/forecast.repository.ts';
import { AppError } from '../../errors.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { forecastScope } from './forecast.ts';

/** The organization's company holidays (the forecast's calendar), optionally from `from` to `to` inclusive. */
export async function listHolidays(ctx: AppContext, actor: Actor, range: { from?: string; to?: string } = {}): Promise<OrgHoliday[]> {
  forecastScope(actor);
  return ctx.repos.forecast.listHolidays(actor.orgId, { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: addDays(range.to, 1) } : {}) });
}

/**
 * Replaces the company holidays between `from` and `to` (inclusive) with `holidays` (admins, owners),
 * so a year's calendar is set in one call and setting it again is idempotent. Every day must lie in the
 * range and appear once.
 */
export async function replaceHolidays(ctx: AppContext, actor: Actor, input: { from: string; to: string; holidays: readonly OrgHoliday[] }): Promise<{ removed: number; holidays: OrgHoliday[] }> {
  if (input.to < input.from) throw new AppError('VALIDATION_FAILED', { message: `to ${input.to} must not be before from ${input.from}`, details: [{ path: 'body.to', message: 'must not be before from' }] });
  const seen = new Set<string>();
  input.holidays.forEach((h, i) => {
    if (h.day < input.from || h.day > input.to) throw new AppError('VALIDATION_FAILED', { message: `holidays[${i}].day ${h.day} is outside ${input.from}…${input.to}`, details: [{ path: `body.holidays.${i}.day`, message: 'outside the range being replaced' }] });
    if (seen.has(h.day)) throw new AppError('VALIDATION_FAILED', { message: `holidays[${i}].day ${h.day} is listed twice`, details: [{ path: `body.holidays.${i}.day`, message: 'listed twice' }] });
    seen.add(h.day);
  });
  const sorted = [...input.holidays].sort((a, b) => a.day.localeCompare(b.day));
  return ctx.transaction(async (repos) => {
    const before = await repos.forecast.listHolidays(actor.orgId, { from: input.from, to: addDays(input.to, 1) });
    const removed = await repos.forecast.replaceHolidays(actor.orgId, { from: input.from, to: input.to }, sorted);
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'holidays.replaced', entityType: 'org_calendar', entityId: actor.orgId, before: { from: input.from, to: input.to, holidays: before }, after: { from: input.from, to: input.to, holidays: sorted } });
    return { removed, holidays: sorted };
  });
}

