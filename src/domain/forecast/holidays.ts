import { daysBetween, weekdayOf } from '../dates.ts';
import type { ModelCalendar } from './model.ts';
import { WINDOW_DAYS } from './level.ts';
import { mean } from './stats.ts';

/** Company holidays in the usage model: which history and horizon days they are, and what share of a normal day they keep. */

/** Holiday working days needed in the history to learn how much a holiday keeps (else: like a weekend). */
const MIN_HOLIDAYS_TO_LEARN = 3;

/**
 * Holiday working days (Monday–Friday) as indices relative to the first history day, for a history of
 * `historyLength` days ending the day before `firstDay`. Weekend holidays change nothing.
 */
export function holidayIndices(calendar: ModelCalendar | undefined, historyLength: number): Set<number> {
  const out = new Set<number>();
  if (!calendar) return out;
  for (const day of calendar.holidays) {
    const weekday = weekdayOf(day);
    if (Number.isNaN(weekday) || weekday === 0 || weekday === 6) continue;
    out.add(historyLength + daysBetween(calendar.firstDay, day));
  }
  return out;
}

/**
 * The share of a normal working day's demand kept on a company holiday: learned from holidays in the
 * history (per-capita demand against the same weekday in the weeks around it), else the history's
 * weekend-to-weekday ratio (a holiday is a day off), else 1 without a calendar.
 */
export function estimateHolidayFactor(input: { perCapita: readonly number[]; holidays: ReadonlySet<number>; weekdayOf: (index: number) => number }): { factor: number; source: 'history' | 'weekend' } {
  const { perCapita, holidays } = input;
  let actual = 0;
  let expected = 0;
  let count = 0;
  for (const d of holidays) {
    if (d < 0 || d >= perCapita.length || Number.isNaN(perCapita[d]!)) continue;
    const around: number[] = [];
    for (let k = 1; k <= 3; k++) for (const e of [d - 7 * k, d + 7 * k]) if (e >= 0 && e < perCapita.length && !holidays.has(e) && !Number.isNaN(perCapita[e]!)) around.push(perCapita[e]!);
    if (around.length === 0) continue;
    actual += perCapita[d]!;
    expected += mean(around);
    count++;
  }
  if (count >= MIN_HOLIDAYS_TO_LEARN && expected > 0) return { factor: actual / expected, source: 'history' };
  let weekend = 0;
  let weekendDays = 0;
  let weekday = 0;
  let weekdayDays = 0;
  for (let d = Math.max(0, perCapita.length - WINDOW_DAYS); d < perCapita.length; d++) {
    const v = perCapita[d]!;
    if (Number.isNaN(v) || holidays.has(d)) continue;
    const wd = input.weekdayOf(d);
    if (wd === 0 || wd === 6) {
      weekend += v;
      weekendDays++;
    } else {
      weekday += v;
      weekdayDays++;
    }
  }
  if (weekendDays === 0 || weekday <= 0) return { factor: 1, source: 'weekend' };
  return { factor: Math.min(1, weekend / weekendDays / (weekday / weekdayDays)), source: 'weekend' };
}
