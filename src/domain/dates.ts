/** Calendar-day helpers on 'YYYY-MM-DD' strings in UTC; no clock is read here. */

const DAY_MS = 86_400_000;

export function toDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function dayToDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

export function addDays(day: string, days: number): string {
  return toDay(new Date(dayToDate(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToDate(to).getTime() - dayToDate(from).getTime()) / DAY_MS);
}

const DOTTED_DAY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/**
 * A day written DD.MM.YYYY, as spreadsheets in much of Europe save it (unambiguous, unlike slashes), in
 * YYYY-MM-DD form; undefined for anything else or for a day that does not exist. For error messages
 * that say how to write it.
 */
function isoDayOfDotted(text: string): string | undefined {
  const m = DOTTED_DAY.exec(text);
  if (!m) return undefined;
  const day = toDay(new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]))));
  return day === `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` ? day : undefined;
}

/** Why TEXT is refused where a YYYY-MM-DD day is wanted, with the fix when it is a DD.MM.YYYY day. */
export function notIsoDayMessage(text: string): string {
  const suggestion = isoDayOfDotted(text);
  return `"${text}" is not a date in YYYY-MM-DD form${suggestion ? `; write ${suggestion}` : ''}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return dayToDate(day).getUTCDay();
}

/**
 * Day indices: whole days since 1970-01-01 (UTC), the integer form of a 'YYYY-MM-DD' day that the fast
 * paths of need scoring, rightsizing and budgets work on (no string or Date per day).
 */
export function dayIndexOf(day: string): number {
  const t = dayToDate(day).getTime();
  if (Number.isNaN(t)) throw new RangeError(`Invalid day "${day}"`);
  return Math.round(t / DAY_MS);
}

/** The 'YYYY-MM-DD' day of a day index. */
export function dayOfIndex(index: number): string {
  return toDay(new Date(index * DAY_MS));
}

/** 0 = Sunday … 6 = Saturday, of a day index (day 0, 1970-01-01, was a Thursday). */
export function weekdayOfIndex(index: number): number {
  return (((index + 4) % 7) + 7) % 7;
}
