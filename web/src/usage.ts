/** How usage, need scores and recommendations read to people, and who may see what. */
import type { Me, NeedLevel, Person, Role, UsageDay } from './api/types.ts';
import { addDays, formatDate, formatInteger, plural, todayUtc } from './format.ts';

const ORG_WIDE_READERS: readonly Role[] = ['primary_owner', 'owner', 'admin', 'auditor'];
/** Who may change seats, people and usage data (the server's ADMIN_ROLES). */
const ADMIN_ROLES: readonly Role[] = ['primary_owner', 'owner', 'admin'];

const hasRole = (me: Me, roles: readonly Role[]) => me.grants.some((g) => roles.includes(g.role));

/** Admins, owners and auditors read everyone's usage and the import pages. */
export function isOrgWideReader(me: Me): boolean {
  return hasRole(me, ORG_WIDE_READERS);
}

export function isAdmin(me: Me): boolean {
  return hasRole(me, ADMIN_ROLES);
}

export function leadsDepartments(me: Me): string[] {
  return me.grants.filter((g) => g.role === 'dept_lead' && g.departmentId).map((g) => g.departmentId as string);
}

/** Recommendations: department leads (their department), admins, owners and auditors. */
export function canSeeRecommendations(me: Me): boolean {
  return isOrgWideReader(me) || leadsDepartments(me).length > 0;
}

/** Leads decide for their departments, admins and owners for everyone: approvals, recommendations, alerts (auditors only read). */
export function isDecider(me: Me): boolean {
  return me.grants.some((g) => g.role === 'dept_lead' || ADMIN_ROLES.includes(g.role));
}

/** Auditors only read; anyone holding another role takes part: shares and votes on use cases, answers surveys. */
export function canContribute(me: Me): boolean {
  return me.grants.some((g) => g.role !== 'auditor');
}

/** A person's usage: themselves, their department's lead, admins, owners and auditors (as the server checks). */
export function canSeeUsageOf(me: Me, person: Pick<Person, 'id' | 'departmentId'>): boolean {
  if (me.id === person.id || isOrgWideReader(me)) return true;
  return person.departmentId !== null && leadsDepartments(me).includes(person.departmentId);
}

export function usagePath(me: Me, personId: string): string {
  return me.id === personId ? '/my-usage' : `/people/${encodeURIComponent(personId)}/usage`;
}

export const USAGE_COLORS = {
  messages: '#4f86b8',
  hit: '#c2410c',
  limit: '#1f2f46',
  premium: '#5a3cc0',
} as const;

export const NEED_LEVEL_LABELS: Record<NeedLevel, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export function needLevelLabel(level: string): string {
  return (NEED_LEVEL_LABELS as Record<string, string>)[level] ?? level;
}

/** 0..1 → 0..100, rounded down so the points agree with the level thresholds (0.346 is 34, not the medium 35). */
export function scorePoints(score: number): number {
  return Math.floor(Math.max(0, Math.min(1, score)) * 100 + 1e-9);
}

const COMPONENT_LABELS: Record<string, string> = {
  recent: 'Recent busy days',
  peak: 'Peak days',
  pressure: 'Limit hits',
  momentum: 'This week',
  scheduled: 'Booked work',
};

export function componentLabel(name: string): string {
  return COMPONENT_LABELS[name] ?? name.charAt(0).toUpperCase() + name.slice(1);
}

export const KIND_LABELS: Record<string, string> = {
  upgrade: 'Upgrade to premium',
  lease_next_sprint: 'Lease for next sprint',
  convert_to_lease: 'Convert to leases',
  downgrade: 'Downgrade to standard',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

export const KIND_TONES: Record<string, string> = {
  upgrade: 'premium',
  lease_next_sprint: 'info',
  convert_to_lease: 'waitlist',
  downgrade: 'success',
};

/** The Monday after today (UTC calendar days, as the server counts them). */
export function nextMonday(today: string = todayUtc()): string {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const ahead = ((8 - weekday) % 7) || 7;
  return addDays(today, ahead);
}

/** Working days a person has to answer a seat review (the server's REVIEW_WORKING_DAYS; it sets the real deadline). */
export const REVIEW_WORKING_DAYS = 5;

/** `days` working days (Monday to Friday) after `from`, as the server counts a review's deadline. */
export function addWorkingDays(from: string, days: number): string {
  let day = from;
  let left = days;
  while (left > 0) {
    day = addDays(day, 1);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return day;
}

export type UsageSummary = Readonly<{ activeDays: number; messages: number; hitDays: number; premiumDays: number; costUsd: number; busiest: UsageDay | undefined }>;

export function summarizeUsage(days: readonly UsageDay[]): UsageSummary {
  let activeDays = 0;
  let messages = 0;
  let hitDays = 0;
  let premiumDays = 0;
  let costUsd = 0;
  let busiest: UsageDay | undefined;
  for (const d of days) {
    if (d.messages > 0) activeDays++;
    messages += d.messages;
    if (d.limitHits > 0) hitDays++;
    if (d.tier === 'premium') premiumDays++;
    const cost = Number(d.costUsd);
    if (Number.isFinite(cost)) costUsd += cost;
    if (d.messages > 0 && (!busiest || d.messages > busiest.messages)) busiest = d;
  }
  return { activeDays, messages, hitDays, premiumDays, costUsd, busiest };
}

/** A sentence a screen reader (and anyone skimming) can use instead of the chart. */
export function describeUsage(days: readonly UsageDay[]): string {
  if (days.length === 0) return 'No days in this range.';
  const s = summarizeUsage(days);
  if (s.activeDays === 0) return `No messages in the last ${plural(days.length, 'day')}.`;
  const parts = [`${formatInteger(s.messages)} messages on ${plural(s.activeDays, 'active day')} of the last ${days.length}`];
  parts.push(s.hitDays > 0 ? `the limit was hit on ${plural(s.hitDays, 'day')}` : 'the limit was never hit');
  if (s.busiest) parts.push(`busiest day ${formatDate(s.busiest.day, { month: 'short', day: 'numeric' })} with ${formatInteger(s.busiest.messages)} messages against a limit of ${formatInteger(s.busiest.limit)}`);
  if (s.premiumDays > 0) parts.push(`premium on ${plural(s.premiumDays, 'day')}`);
  return `${parts.join('; ')}.`;
}
