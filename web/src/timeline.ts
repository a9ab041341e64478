/** Shared by the department page and its (lazily loaded) quota timeline chart. */
import type { TimelinePoint } from './api/types.ts';
import { formatDate, plural } from './format.ts';

export const CHART_COLORS = {
  within: '#7b61d6',
  borrowed: '#e39b2d',
  lent: '#2f9e8f',
  nominal: '#1f2f46',
  today: '#a3262e',
} as const;

/** A sentence a screen reader (and anyone skimming) can use instead of the chart. */
export function describeTimeline(points: readonly TimelinePoint[], today: string): string {
  const now = points.find((p) => p.day === today);
  // The busiest day from today on (approved bookings ahead), which is what a lead plans around.
  const ahead = points.filter((p) => p.day >= today);
  const peak = (ahead.length > 0 ? ahead : points).reduce<TimelinePoint | undefined>((best, p) => (!best || p.used > best.used ? p : best), undefined);
  const parts: string[] = [];
  if (now) {
    parts.push(`Today ${plural(now.used, 'premium seat')} in use against a quota of ${now.nominal}`);
    if (now.borrowed > 0) parts.push(`${now.borrowed} borrowed from other departments`);
    if (now.lent > 0) parts.push(`${now.lent} lent to others`);
  }
  if (peak && peak.used > 0 && (!now || peak.used > now.used)) parts.push(`rising to ${peak.used} on ${formatDate(peak.day, { month: 'short', day: 'numeric' })}`);
  return parts.length > 0 ? `${parts.join(', ')}.` : 'No premium seats in use in this range.';
}
