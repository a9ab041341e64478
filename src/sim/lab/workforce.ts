import { createRng, type Rng } from '../rng.ts';
import type { Scenario } from '../scenarios/schema.ts';

/**
 * The synthetic workforce and its demand, generated deterministically from a scenario and a seed.
 * Everything is stored in typed arrays indexed by person (row) and day or week (column), so the policy
 * runs and the oracle read it in tight loops. Day 0 is the first day of the warm-up; the measured
 * horizon starts at week `warmupWeeks` (a Monday). Slots: a leaver is replaced in the same team after
 * a vacancy, so a "person" row is one employee, and `hireDay`/`leaveDay` bound their employment.
 */
export type SprintProject = Readonly<{ id: number; department: number; startWeek: number; weeks: number; members: readonly number[] }>;

export type World = Readonly<{
  scenario: Scenario;
  seed: number;
  /** Epoch ms of day 0 (a Monday, warm-up start). */
  startMs: number;
  warmupWeeks: number;
  totalWeeks: number;
  totalDays: number;
  people: number;
  departments: readonly string[];
  department: Uint16Array;
  isLead: Uint8Array;
  /** Employment start as a day index (negative: before the warm-up). Tenure on day t is t - hireDay. */
  hireDay: Int32Array;
  /** First day no longer employed (totalDays when still employed at the end). */
  leaveDay: Int32Array;
  /** Wanted messages per person-day (0 when not employed, on holidays and vacations). */
  demand: Float32Array;
  /** Days per person-week whose demand exceeds the standard tier's daily limit. */
  needDays: Uint8Array;
  /** Wanted messages per person-week. */
  weekMessages: Float32Array;
  /** 1 when the person is in a sprint of the project calendar that week. */
  inSprint: Uint8Array;
  /** Self-reported typical daily messages from the survey (under-predicts real use). */
  surveyMessages: Float32Array;
  projects: readonly SprintProject[];
}>;

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

const uniform = (rng: Rng, [lo, hi]: readonly [number, number]) => lo + rng.next() * (hi - lo);

type Slot = { department: number; isLead: boolean; sprintFactor: number; team: number };

/** Generates a world. Same scenario and seed → identical arrays on every machine. */
export function generateWorld(scenario: Scenario, seed: number): World {
  const rng = createRng(seed ^ 0x5ea7);
  const { warmupWeeks, weeks } = scenario.horizon;
  const totalWeeks = warmupWeeks + weeks;
  const totalDays = totalWeeks * 7;
  const startMs = Date.parse(`${scenario.horizon.start}T00:00:00Z`) - warmupWeeks * WEEK_MS;
  const d = scenario.demand;
  const w = scenario.workforce;

  // Slots and the project calendar: bursty members of a department form teams; each team sprints for
  // `lengthWeeks` every `period` weeks (Monday-aligned), and the calendar is known in advance.
  const slots: Slot[] = [];
  const teams: { department: number; period: number; phase: number; members: number[] }[] = [];
  scenario.departments.forEach((dept, di) => {
    const bursty: number[] = [];
    for (let i = 0; i < dept.headcount; i++) {
      const isBursty = rng.chance(dept.burstShare);
      slots.push({ department: di, isLead: i === 0, sprintFactor: isBursty ? uniform(rng, d.sprints.factor) : 1, team: -1 });
      if (isBursty) bursty.push(slots.length - 1);
    }
    for (let i = 0; i < bursty.length; ) {
      const size = Math.round(uniform(rng, d.sprints.teamSize));
      const period = Math.round(uniform(rng, d.sprints.periodWeeks));
      const team = { department: di, period, phase: rng.int(0, period - 1), members: bursty.slice(i, i + Math.max(1, size)) };
      for (const s of team.members) slots[s]!.team = teams.length;
      teams.push(team);
      i += Math.max(1, size);
    }
  });

  // Employees: each slot is filled by a chain of employees (attrition, then a replacement hire).
  type Person = { slot: number; hireDay: number; leaveDay: number; intensity: number; survey: number };
  const persons: Person[] = [];
  const dailyHazard = w.annualAttrition / 365;
  const rho = w.tenureNeedCorrelation;
  const [tenureLo, tenureHi] = w.tenureYears;
  for (let s = 0; s < slots.length; s++) {
    const slot = slots[s]!;
    const dept = scenario.departments[slot.department]!;
    let hireDay: number | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const zTenure = rng.normal();
      const zNeed = rho * zTenure + Math.sqrt(1 - rho * rho) * rng.normal();
      if (hireDay === null) {
        const lo = slot.isLead ? Math.max(tenureLo, 5) : tenureLo;
        const years = lo + (Math.max(lo, tenureHi) - lo) * normalCdf(zTenure);
        hireDay = -Math.round(years * 365);
      }
      const intensity = dept.baseMessages * Math.exp(d.intensitySigma * zNeed);
      const under = uniform(rng, scenario.survey.underPrediction);
      const leaveAfter = dailyHazard > 0 ? Math.ceil(-Math.log(1 - rng.next()) / dailyHazard) : Infinity;
      const start = Math.max(0, hireDay);
      const leaveDay = slot.isLead ? totalDays : Math.min(totalDays, start + leaveAfter);
      persons.push({ slot: s, hireDay, leaveDay, intensity, survey: intensity / under });
      if (leaveDay >= totalDays || !w.replaceLeavers) break;
      hireDay = leaveDay + w.vacancyWeeks * 7;
      if (hireDay >= totalDays) break;
    }
  }

  const people = persons.length;
  const holiday = new Uint8Array(totalDays);
  for (const h of d.holidays) {
    const idx = Math.round((Date.parse(`${h}T00:00:00Z`) - startMs) / DAY_MS);
    if (idx >= 0 && idx < totalDays) holiday[idx] = 1;
  }
  const department = new Uint16Array(people);
  const isLead = new Uint8Array(people);
  const hireDay = new Int32Array(people);
  const leaveDay = new Int32Array(people);
  const surveyMessages = new Float32Array(people);
  const inSprint = new Uint8Array(people * totalWeeks);
  const demand = new Float32Array(people * totalDays);
  const needDays = new Uint8Array(people * totalWeeks);
  const weekMessages = new Float32Array(people * totalWeeks);
  const limit = scenario.limits.standardDailyMessages;
  const wf = d.weekdayFactors;
  const vacationWeeks = Math.round((d.vacationWeeksPerYear * totalWeeks) / 52);
  const sprintLength = d.sprints.lengthWeeks;

  for (let p = 0; p < people; p++) {
    const person = persons[p]!;
    const slot = slots[person.slot]!;
    department[p] = slot.department;
    isLead[p] = slot.isLead ? 1 : 0;
    hireDay[p] = person.hireDay;
    leaveDay[p] = person.leaveDay;
    surveyMessages[p] = person.survey;
    const team = slot.team >= 0 ? teams[slot.team]! : null;
    const vacation = new Set<number>();
    for (let v = 0; v < vacationWeeks; v++) vacation.add(rng.int(0, totalWeeks - 1));
    const from = Math.max(0, person.hireDay);
    const row = p * totalDays;
    for (let week = 0; week < totalWeeks; week++) {
      const sprinting = team !== null && (week + team.phase) % team.period < sprintLength;
      if (sprinting) inSprint[p * totalWeeks + week] = 1;
      if (vacation.has(week)) continue;
      let need = 0;
      let sum = 0;
      const factor = sprinting ? slot.sprintFactor : 1;
      for (let k = 0; k < 7; k++) {
        const day = week * 7 + k;
        if (day < from || day >= person.leaveDay || holiday[day] === 1) continue;
        // Monday-start weeks: k = 0 is Monday, weekdayFactors are Sunday-first.
        const adoption = d.adoption.start + (d.adoption.end - d.adoption.start) * (day / totalDays);
        const wanted = person.intensity * adoption * wf[(k + 1) % 7]! * factor * Math.exp(d.dailyNoiseSigma * rng.normal());
        demand[row + day] = wanted;
        sum += wanted;
        if (wanted > limit) need++;
      }
      needDays[p * totalWeeks + week] = need;
      weekMessages[p * totalWeeks + week] = sum;
    }
  }

  // The calendar lists each team sprint with the employees present at its start.
  const projects: SprintProject[] = [];
  teams.forEach((team, ti) => {
    const sprinting = (week: number) => (week + team.phase) % team.period < sprintLength;
    for (let week = 0; week < totalWeeks; week++) {
      if (!sprinting(week) || (week > 0 && sprinting(week - 1))) continue;
      let weeksLong = 1;
      while (week + weeksLong < totalWeeks && sprinting(week + weeksLong)) weeksLong++;
      const members: number[] = [];
      for (let p = 0; p < people; p++) {
        if (slots[persons[p]!.slot]!.team !== ti) continue;
        if (Math.max(0, hireDay[p]!) < (week + weeksLong) * 7 && leaveDay[p]! > week * 7) members.push(p);
      }
      projects.push({ id: projects.length, department: team.department, startWeek: week, weeks: weeksLong, members });
    }
  });

  return { scenario, seed, startMs, warmupWeeks, totalWeeks, totalDays, people, departments: scenario.departments.map((x) => x.name), department, isLead, hireDay, leaveDay, demand, needDays, weekMessages, inSprint, surveyMessages, projects };
}

/** Is the person employed at any time during the week? */
export function isEmployedInWeek(world: World, p: number, week: number): boolean {
  return Math.max(0, world.hireDay[p]!) < (week + 1) * 7 && world.leaveDay[p]! > week * 7;
}

/** Tenure in years on a day index. */
export function tenureYearsOn(world: World, p: number, day: number): number {
  return (day - world.hireDay[p]!) / 365.25;
}
