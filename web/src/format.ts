import type { Role } from './api/types.ts';

const usdWhole = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0, minimumFractionDigits: 0 });
const usdCents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** "3400.00" → "$3,400"; keeps cents only when there are some ("1234.56" → "$1,234.56"). */
export function formatUsd(amount: string | number): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) return '—';
  return Number.isInteger(value) ? usdWhole.format(value) : usdCents.format(value);
}

/** Always whole dollars, for headline figures. */
export function formatUsdRounded(amount: string | number): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  return Number.isFinite(value) ? usdWhole.format(Math.round(value)) : '—';
}

export function formatInteger(value: number): string {
  return integer.format(value);
}

export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? percent.format(fraction) : '—';
}

/** A calendar date "2026-05-29" → "May 29, 2026" (no timezone shift). */
export function formatDate(isoDate: string, options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', year: 'numeric' }): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(date);
}

/** "2026-05-29" to "2026-11-26" → "May 29 – Nov 26, 2026" (year shown once when shared). */
export function formatDateRange(first: string, last: string): string {
  const sameYear = first.slice(0, 4) === last.slice(0, 4);
  const start = sameYear ? formatDate(first, { month: 'short', day: 'numeric' }) : formatDate(first);
  return `${start} – ${formatDate(last)}`;
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(date);
}

/** Whole days between two calendar dates, inclusive. */
export function daysInclusive(first: string, last: string): number {
  const a = Date.parse(`${first}T00:00:00Z`);
  const b = Date.parse(`${last}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return 0;
  return Math.round((b - a) / 86_400_000) + 1;
}

/** "embedded_engineer" → "Embedded engineer". */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : value;
}

const ROLE_LABELS: Record<Role, string> = {
  primary_owner: 'Primary owner',
  owner: 'Owner',
  admin: 'Admin',
  dept_lead: 'Dept lead',
  member: 'Member',
  auditor: 'Auditor',
};

const ROLE_ORDER: Record<Role, number> = { primary_owner: 0, owner: 1, admin: 2, auditor: 3, dept_lead: 4, member: 5 };

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? humanize(role);
}

/** Most powerful role first; duplicates removed. */
export function sortRoles<T extends string>(roles: readonly T[]): T[] {
  return [...new Set(roles)].sort((a, b) => ((ROLE_ORDER as Record<string, number>)[a] ?? 99) - ((ROLE_ORDER as Record<string, number>)[b] ?? 99));
}

export function planLabel(vendor: string, plan: string): string {
  const vendorName = vendor.toLowerCase() === 'anthropic' ? 'Claude' : humanize(vendor);
  return `${vendorName} ${humanize(plan)}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatInteger(count)} ${count === 1 ? one : many}`;
}

const DAY_MS = 86_400_000;

/** Today's calendar day as the server counts days (UTC), "2026-11-27". */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** "2026-11-27" plus n days (n may be negative). */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t)) return day;
  return new Date(t + n * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar day (UTC) of an ISO date-time: "2026-11-30T00:00:00.000Z" → "2026-11-30". */
export function dayOf(isoDateTime: string): string {
  const date = new Date(isoDateTime);
  return Number.isNaN(date.getTime()) ? isoDateTime.slice(0, 10) : date.toISOString().slice(0, 10);
}

/** A calendar day as the start of that day (UTC), the form lease bounds take. */
export function startOfDayIso(day: string): string {
  return `${day}T00:00:00.000Z`;
}

/** Whole days of [from, to), rounded up, as the engine counts a lease. */
export function daysBetween(fromIso: string, toIso: string): number {
  const a = Date.parse(fromIso);
  const b = Date.parse(toIso);
  if (Number.isNaN(a) || Number.isNaN(b) || b <= a) return 0;
  return Math.ceil((b - a) / DAY_MS);
}

/** A lease's [startsAt, endsAt) as "Nov 30 – Dec 14, 2026". */
export function formatLeaseDates(startsAt: string, endsAt: string): string {
  return formatDateRange(dayOf(startsAt), dayOf(endsAt));
}

/** "3 min", "5 h", "2 days" for a span of milliseconds. */
export function formatSpan(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return plural(minutes, 'min', 'min');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

/** "just now", "12 min ago", "3 hours ago", "2 days ago", or the date when older than a week. */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const ms = now.getTime() - t;
  if (ms < 60_000) return 'just now';
  if (ms > 7 * DAY_MS) return formatDate(dayOf(iso));
  return `${formatSpan(ms)} ago`;
}
