import { runWorld } from './lab/lab.ts';
import { LAB_POLICIES, type LabPolicy } from './lab/policies.ts';
import type { SeedRun } from './lab/types.ts';
import { DAY_MS, WEEK_MS, type World } from './lab/workforce.ts';
import { parseScenario, type DepartmentSpec, type Scenario } from './scenarios/schema.ts';

/**
 * Replays lab policies over real usage history given as plain arrays (the server side loads them from
 * the database). Observed usage is what the vendor let through: a day with limit hits is counted as a
 * need day even though its messages stop at the limit. The first `warmupWeeks` of the history are
 * history for need scores and pool sizing; the rest is measured.
 */
export type ReplayHistory = Readonly<{
  /** First day of the history (a Monday). */
  start: string;
  weeks: number;
  warmupWeeks?: number;
  premiumSeats: number;
  departments: readonly Readonly<{ name: string; jobFamily?: DepartmentSpec['jobFamily'] }>[];
  people: readonly Readonly<{ id: string; department: string; employmentStartDate: string | null; leftOn?: string | null; isLead?: boolean; surveyMessages?: number }>[];
  usage: readonly Readonly<{ personId: string; day: string; messages: number; limitHits?: number }>[];
  /** Sprints of the project calendar, if known. */
  projects?: readonly Readonly<{ department: string; start: string; end: string; members: readonly string[] }>[];
  limits?: Scenario['limits'];
  prices?: Scenario['prices'];
}>;

const dayIndex = (startMs: number, day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - startMs) / DAY_MS);

/** Builds the lab's world from history (exported for tests and the server side). */
export function worldFromHistory(history: ReplayHistory): World {
  const warmupWeeks = history.warmupWeeks ?? Math.min(12, Math.floor(history.weeks / 3));
  const startMs = Date.parse(`${history.start}T00:00:00Z`);
  const horizonStart = new Date(startMs + warmupWeeks * WEEK_MS).toISOString().slice(0, 10);
  const scenario = parseScenario({
    id: 'replay',
    name: 'Replay of usage history',
    horizon: { start: horizonStart, weeks: history.weeks - warmupWeeks, warmupWeeks },
    departments: history.departments.map((d) => ({ name: d.name, jobFamily: d.jobFamily ?? 'software_engineer', headcount: Math.max(1, history.people.filter((p) => p.department === d.name).length), baseMessages: 0, burstShare: 0 })),
    currentPremiumSeats: history.premiumSeats,
    ...(history.limits ? { limits: history.limits } : {}),
    ...(history.prices ? { prices: history.prices } : {}),
  });
  const totalWeeks = history.weeks;
  const totalDays = totalWeeks * 7;
  const people = history.people.length;
  const index = new Map(history.people.map((p, i) => [p.id, i]));
  const departments = history.departments.map((d) => d.name);
  const department = new Uint16Array(people);
  const isLead = new Uint8Array(people);
  const hireDay = new Int32Array(people);
  const leaveDay = new Int32Array(people);
  const surveyMessages = new Float32Array(people);
  history.people.forEach((p, i) => {
    const d = departments.indexOf(p.department);
    if (d < 0) throw new Error(`person ${p.id}: unknown department "${p.department}"`);
    department[i] = d;
    isLead[i] = p.isLead ? 1 : 0;
    hireDay[i] = p.employmentStartDate ? dayIndex(startMs, p.employmentStartDate) : -3650;
    leaveDay[i] = p.leftOn ? Math.min(totalDays, dayIndex(startMs, p.leftOn)) : totalDays;
    surveyMessages[i] = p.surveyMessages ?? 0;
  });
  const limit = scenario.limits.standardDailyMessages;
  const demand = new Float32Array(people * totalDays);
  for (const u of history.usage) {
    const p = index.get(u.personId);
    const d = dayIndex(startMs, u.day);
    if (p === undefined || d < 0 || d >= totalDays) continue;
    demand[p * totalDays + d] = (u.limitHits ?? 0) > 0 ? Math.max(u.messages, limit + 1) : u.messages;
  }
  const needDays = new Uint8Array(people * totalWeeks);
  const weekMessages = new Float32Array(people * totalWeeks);
  for (let p = 0; p < people; p++) {
    for (let d = 0; d < totalDays; d++) {
      const v = demand[p * totalDays + d]!;
      weekMessages[p * totalWeeks + Math.floor(d / 7)]! += v;
      if (v > limit) needDays[p * totalWeeks + Math.floor(d / 7)]!++;
    }
  }
  const inSprint = new Uint8Array(people * totalWeeks);
  const projects = (history.projects ?? []).map((pr, id) => {
    const startWeek = Math.max(0, Math.floor(dayIndex(startMs, pr.start) / 7));
    const endWeek = Math.min(totalWeeks, Math.ceil(dayIndex(startMs, pr.end) / 7));
    const members = pr.members.map((m) => index.get(m)).filter((m): m is number => m !== undefined);
    for (const m of members) for (let w = startWeek; w < endWeek; w++) inSprint[m * totalWeeks + w] = 1;
    return { id, department: Math.max(0, departments.indexOf(pr.department)), startWeek, weeks: Math.max(1, endWeek - startWeek), members };
  });
  return { scenario, seed: 0, startMs, warmupWeeks, totalWeeks, totalDays, people, departments, department, isLead, hireDay, leaveDay, demand, needDays, weekMessages, inSprint, surveyMessages, projects };
}

/** Replays the policies (default: all six) over the history and measures each against the hindsight oracle. */
export function replayPolicies(history: ReplayHistory, policies: readonly LabPolicy[] = LAB_POLICIES): SeedRun {
  if (new Date(`${history.start}T00:00:00Z`).getUTCDay() !== 1) throw new Error(`history start ${history.start} must be a Monday`);
  return runWorld(worldFromHistory(history), policies);
}
