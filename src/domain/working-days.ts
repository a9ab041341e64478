const DAY_MS = 86_400_000;

/**
 * The instant `days` working days (Monday–Friday) after `from`, at the same time of day. Notices are
 * counted in working days so a Friday notice does not expire over the weekend. The weekday comes from
 * the day index (1970-01-01 was a Thursday), without a Date per day.
 */
export function addWorkingDays(from: number, days: number): number {
  let t = from;
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    const weekday = (((Math.floor(t / DAY_MS) + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return t;
}
