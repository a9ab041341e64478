import { addDays, daysBetween, toDay, weekdayOf } from '../../domain/dates.ts';
import type { ReplayHistory } from '../../sim/replay.ts';
import type { DepartmentSpec, Scenario } from '../../sim/scenarios/schema.ts';

/**
 * Turns the organization's rows (people, daily usage, leases, seats, prices) into the plain arrays the
 * lab's replay takes. Pure: the use case loads the rows; this decides how they map.
 */
const JOB_FAMILIES: readonly DepartmentSpec['jobFamily'][] = ['electronics_engineer', 'embedded_engineer', 'software_engineer', 'systems_engineer', 'project_manager', 'operations'];
export const NO_DEPARTMENT = 'No department';

/** A measured window snapped to whole weeks: `from` the Monday on or before, `to` the Sunday on or after. */
export type ReplayWindow = Readonly<{ from: string; to: string; weeks: number }>;

/** Snaps [from, to] (days inclusive) outward to whole Monday-to-Sunday weeks (tier changes happen on Mondays). */
export function alignWindow(from: string, to: string): ReplayWindow {
  const monday = addDays(from, -((weekdayOf(from) + 6) % 7));
  const sunday = addDays(to, (7 - weekdayOf(to)) % 7);
  return { from: monday, to: sunday, weeks: (daysBetween(monday, sunday) + 1) / 7 };
}

/** The last `weeks` whole weeks before the week containing `today` ("last quarter" for 13). */
export function lastWholeWeeks(today: string, weeks: number): ReplayWindow {
  const thisMonday = alignWindow(today, today).from;
  return alignWindow(addDays(thisMonday, -7 * weeks), addDays(thisMonday, -1));
}

export type ReplayRows = Readonly<{
  window: ReplayWindow;
  warmupWeeks: number;
  premiumSeats: number;
  people: readonly Readonly<{ id: string; departmentName: string | null; jobFamily: string; employmentStartDate: string | null; leftOn: string | null; isLead: boolean }>[];
  usage: readonly Readonly<{ personId: string; day: string; messages: number; limitHits: number }>[];
  leases: readonly Readonly<{ personId: string; departmentName: string | null; project: string | null; startsAt: Date; endsAt: Date }>[];
  limits?: Scenario['limits'];
  prices?: Scenario['prices'];
  /** Where the project calendar comes from: the leases people asked for, or bursts inferred from usage. */
  calendar?: 'leases' | 'bursts';
}>;

/** A week is a burst when its messages reach this multiple of the person's median active week. */
export const BURST_FACTOR = 2;

/**
 * Sprints inferred from usage: runs of consecutive weeks in which a person sent at least BURST_FACTOR ×
 * their median active week and hit the standard limit at least once. Hindsight: it assumes people knew
 * their sprints in advance, so lease-based policies replayed on it are an optimistic bound.
 */
export function inferBurstSprints(input: { start: string; weeks: number; people: ReadonlyArray<{ id: string; department: string }>; usage: ReadonlyArray<{ personId: string; day: string; messages: number; limitHits: number }> }): Array<{ department: string; start: string; end: string; members: string[] }> {
  const byPerson = new Map<string, { messages: number[]; hits: number[] }>();
  for (const p of input.people) byPerson.set(p.id, { messages: new Array<number>(input.weeks).fill(0), hits: new Array<number>(input.weeks).fill(0) });
  for (const u of input.usage) {
    const week = Math.floor(daysBetween(input.start, u.day) / 7);
    const row = byPerson.get(u.personId);
    if (!row || week < 0 || week >= input.weeks) continue;
    row.messages[week]! += u.messages;
    row.hits[week]! += u.limitHits;
  }
  const sprints: Array<{ department: string; start: string; end: string; members: string[] }> = [];
  for (const p of input.people) {
    const row = byPerson.get(p.id)!;
    const active = row.messages.filter((m) => m > 0).sort((a, b) => a - b);
    if (active.length === 0) continue;
    const median = active[Math.floor((active.length - 1) / 2)]!;
    const isBurst = (w: number) => row.messages[w]! >= BURST_FACTOR * median && row.hits[w]! > 0;
    for (let w = 0; w < input.weeks; w++) {
      if (!isBurst(w)) continue;
      let end = w + 1;
      while (end < input.weeks && isBurst(end)) end++;
      sprints.push({ department: p.department, start: addDays(input.start, 7 * w), end: addDays(input.start, 7 * end), members: [p.id] });
      w = end;
    }
  }
  return sprints;
}

/**
 * The replay history: warm-up weeks before the window (history for need scores and pool sizing, not
 * measured), then the window. Departments are those of the people in it, each with its most common job
 * family. Leases asked for work (with or without a project tag) become the project calendar: one sprint
 * per project tag, start day and department, so lease-based policies see the same requests people made;
 * or, with `calendar: 'bursts'`, sprints inferred from usage (inferBurstSprints).
 */
export function buildReplayHistory(rows: ReplayRows): ReplayHistory {
  const start = addDays(rows.window.from, -7 * rows.warmupWeeks);
  const end = addDays(rows.window.to, 1);
  const people = rows.people.filter((p) => (p.leftOn === null || p.leftOn > start) && (p.employmentStartDate === null || p.employmentStartDate < end));
  const ids = new Set(people.map((p) => p.id));
  const departmentOf = (name: string | null) => name ?? NO_DEPARTMENT;
  const families = new Map<string, Map<string, number>>();
  for (const p of people) {
    const counts = families.get(departmentOf(p.departmentName)) ?? new Map<string, number>();
    if ((JOB_FAMILIES as readonly string[]).includes(p.jobFamily)) counts.set(p.jobFamily, (counts.get(p.jobFamily) ?? 0) + 1);
    families.set(departmentOf(p.departmentName), counts);
  }
  const departments = [...families.keys()].sort().map((name) => {
    const best = [...families.get(name)!.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    return { name, jobFamily: (best ?? 'software_engineer') as DepartmentSpec['jobFamily'] };
  });
  const sprints = new Map<string, { department: string; start: string; end: string; members: Set<string> }>();
  for (const l of rows.leases) {
    if (!ids.has(l.personId)) continue;
    const from = toDay(l.startsAt);
    const to = toDay(new Date(l.endsAt.getTime() - 1));
    const key = `${l.project ?? `lease:${l.personId}`}|${from}|${departmentOf(l.departmentName)}`;
    const sprint = sprints.get(key) ?? { department: departmentOf(l.departmentName), start: from, end: addDays(to, 1), members: new Set<string>() };
    if (addDays(to, 1) > sprint.end) sprint.end = addDays(to, 1);
    sprint.members.add(l.personId);
    sprints.set(key, sprint);
  }
  const known = new Set(departments.map((d) => d.name));
  const keptPeople = people.map((p) => ({ id: p.id, department: departmentOf(p.departmentName), employmentStartDate: p.employmentStartDate, leftOn: p.leftOn, isLead: p.isLead }));
  const usage = rows.usage.filter((u) => ids.has(u.personId) && u.day >= start && u.day < end);
  const projects =
    rows.calendar === 'bursts'
      ? inferBurstSprints({ start, weeks: rows.warmupWeeks + rows.window.weeks, people: keptPeople, usage })
      : [...sprints.values()].filter((s) => known.has(s.department)).map((s) => ({ department: s.department, start: s.start, end: s.end, members: [...s.members] }));
  return {
    start,
    weeks: rows.warmupWeeks + rows.window.weeks,
    warmupWeeks: rows.warmupWeeks,
    premiumSeats: rows.premiumSeats,
    departments,
    people: keptPeople,
    usage,
    projects,
    ...(rows.limits ? { limits: rows.limits } : {}),
    ...(rows.prices ? { prices: rows.prices } : {}),
  };
}
