import { addDays, daysBetween, weekdayOf } from '../domain/dates.ts';
import type { Role } from '../domain/roles.ts';
import { createRng, type Rng } from './rng.ts';

/**
 * The demo company: a ~100-person electronics manufacturing and services firm, generated
 * deterministically from a seed and an anchor day (the last day of usage history is the day before).
 * See docs/demo-data.md for the model.
 */

export const DEMO_ORG = { name: 'Kestrel Devices', slug: 'kestrel' } as const;
export const DEMO_EMAIL_DOMAIN = 'kestrel.example';
export const DEMO_HISTORY_DAYS = 182;
export const DEMO_SEED = 20261127;

export type DemoDepartment = Readonly<{
  name: string;
  jobFamily: string;
  headcount: number;
  /** Active messages on a typical weekday for a median member outside a project burst. */
  baseMessages: number;
  /** Share of members who work in project bursts. */
  burstShare: number;
}>;

export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  { name: 'Electronics', jobFamily: 'electronics_engineer', headcount: 18, baseMessages: 14, burstShare: 0.7 },
  { name: 'Embedded', jobFamily: 'embedded_engineer', headcount: 20, baseMessages: 20, burstShare: 0.8 },
  { name: 'Software', jobFamily: 'software_engineer', headcount: 24, baseMessages: 28, burstShare: 0.75 },
  { name: 'Systems', jobFamily: 'systems_engineer', headcount: 14, baseMessages: 16, burstShare: 0.6 },
  { name: 'Project Management', jobFamily: 'project_manager', headcount: 12, baseMessages: 12, burstShare: 0.4 },
  { name: 'Operations', jobFamily: 'operations', headcount: 12, baseMessages: 6, burstShare: 0.2 },
];

/** Messages a tier allows per day before limits bite (demo approximation of 1.25x and 6.25x Pro). */
export const DEMO_DAILY_MESSAGE_LIMIT: Readonly<Record<string, number>> = { standard: 45, premium: 225 };

export const DEMO_PLAN = { vendor: 'anthropic', plan: 'team' } as const;
export const DEMO_INVENTORY = [
  { ...DEMO_PLAN, tier: 'standard', cadence: 'annual', seatsPurchased: 88 },
  { ...DEMO_PLAN, tier: 'premium', cadence: 'annual', seatsPurchased: 12 },
] as const;

export type DemoPerson = Readonly<{
  key: number;
  email: string;
  name: string;
  department: string;
  jobFamily: string;
  employmentStartDate: string;
  roles: readonly Role[];
  /** True for the department's lead (also carries a dept_lead grant for that department). */
  isLead: boolean;
}>;

export type DemoAssignment = Readonly<{ personKey: number; tier: string; validFrom: string; validTo: string | null; reason: string }>;

export type DemoUsage = Readonly<{
  personKey: number;
  day: string;
  messages: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: string;
  limitHits: number;
  activeMinutes: number;
}>;

export type DemoCompany = Readonly<{
  people: readonly DemoPerson[];
  assignments: readonly DemoAssignment[];
  usage: readonly DemoUsage[];
  historyStart: string;
}>;

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dana', 'Emil', 'Farah', 'Goran', 'Hana', 'Ivan', 'Jonas', 'Kira', 'Leo', 'Mara', 'Nils', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zoe', 'Anika', 'Bruno', 'Carla', 'Dmitri', 'Elif', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jakob', 'Lena', 'Mateo', 'Nora', 'Oskar'];
const LAST = ['Novak', 'Berg', 'Costa', 'Ruiz', 'Larsen', 'Haddad', 'Ivanov', 'Sato', 'Petrov', 'Keller', 'Moreau', 'Okafor', 'Lind', 'Fischer', 'Horvat', 'Nakamura', 'Silva', 'Kowalski', 'Jensen', 'Yilmaz', 'Dubois', 'Weber', 'Rossi', 'Tanaka', 'Kaur', 'Meyer', 'Brandt', 'Ortega', 'Falk', 'Varga'];

// Monday-heavy working week; weekends are near zero.
const WEEKDAY_FACTOR = [0.04, 1.0, 1.1, 1.1, 1.0, 0.75, 0.06];
export const INPUT_USD_PER_MTOK = 3;
export const OUTPUT_USD_PER_MTOK = 15;

/** Generates the demo company. Same seed and anchor day → byte-identical output. */
export function generateDemoCompany(input: { today: string; seed?: number }): DemoCompany {
  const rng = createRng(input.seed ?? DEMO_SEED);
  const historyStart = addDays(input.today, -DEMO_HISTORY_DAYS);
  const people = generatePeople(rng, input.today);
  const assignments = generateAssignments(rng, people, historyStart);
  const usage = generateUsage(rng, people, assignments, historyStart, input.today);
  return { people, assignments, usage, historyStart };
}

function generatePeople(rng: Rng, today: string): DemoPerson[] {
  const people: DemoPerson[] = [];
  const usedNames = new Set<string>();
  let key = 0;
  for (const dept of DEMO_DEPARTMENTS) {
    for (let i = 0; i < dept.headcount; i++) {
      let first: string;
      let last: string;
      do {
        first = rng.pick(FIRST);
        last = rng.pick(LAST);
      } while (usedNames.has(`${first} ${last}`));
      usedNames.add(`${first} ${last}`);
      const isLead = i === 0;
      // Tenure is drawn independently of usage intensity; leads skew senior, and a few people are new.
      const tenureDays = isLead ? rng.int(5 * 365, 16 * 365) : rng.chance(0.08) ? rng.int(5, 60) : rng.int(90, 14 * 365);
      const roles: Role[] = ['member'];
      if (isLead) roles.push('dept_lead');
      if (dept.name === 'Operations' && i === 0) roles.push('primary_owner');
      if (dept.name === 'Operations' && i === 1) roles.push('owner');
      if (dept.name === 'Operations' && (i === 2 || i === 3)) roles.push('admin');
      if (dept.name === 'Systems' && i === 1) roles.push('auditor');
      people.push({
        key: key++,
        email: `${first}.${last}@${DEMO_EMAIL_DOMAIN}`.toLowerCase(),
        name: `${first} ${last}`,
        department: dept.name,
        jobFamily: dept.jobFamily,
        employmentStartDate: addDays(today, -tenureDays),
        roles,
        isLead,
      });
    }
  }
  return people;
}

function generateAssignments(rng: Rng, people: readonly DemoPerson[], historyStart: string): DemoAssignment[] {
  // The seed story: premium seats went to leads first, then to whoever asked loudest. Twelve seats:
  // the six leads plus six others picked at random, from about four months ago.
  const premiumFrom = addDays(historyStart, 60);
  const others = people.filter((p) => !p.isLead && p.department !== 'Operations');
  const picked = new Set<number>(people.filter((p) => p.isLead).map((p) => p.key));
  while (picked.size < 12) picked.add(rng.pick(others).key);
  const assignments: DemoAssignment[] = [];
  for (const p of people) {
    const from = p.employmentStartDate > historyStart ? p.employmentStartDate : historyStart;
    const startsPremium = picked.has(p.key) && premiumFrom > from;
    assignments.push({ personKey: p.key, tier: 'standard', validFrom: from, validTo: startsPremium ? premiumFrom : null, reason: 'Team plan rollout' });
    if (startsPremium) {
      assignments.push({ personKey: p.key, tier: 'premium', validFrom: premiumFrom, validTo: null, reason: p.isLead ? 'Department lead' : 'Manager approval' });
    } else if (picked.has(p.key)) {
      assignments[assignments.length - 1] = { personKey: p.key, tier: 'premium', validFrom: from, validTo: null, reason: 'Manager approval' };
    }
  }
  return assignments;
}

function tierOn(assignments: readonly DemoAssignment[], day: string): string | undefined {
  return assignments.find((a) => a.validFrom <= day && (a.validTo === null || day < a.validTo))?.tier;
}

function generateUsage(
  rng: Rng,
  people: readonly DemoPerson[],
  assignments: readonly DemoAssignment[],
  historyStart: string,
  today: string,
): DemoUsage[] {
  const usage: DemoUsage[] = [];
  const days = daysBetween(historyStart, today);
  const byPerson = new Map<number, DemoAssignment[]>();
  for (const a of assignments) byPerson.set(a.personKey, [...(byPerson.get(a.personKey) ?? []), a]);
  for (const person of people) {
    const dept = DEMO_DEPARTMENTS.find((d) => d.name === person.department)!;
    const intensity = dept.baseMessages * rng.logNormal(0, 0.55);
    // Project bursts: a sprint of 10–14 days every 5–8 weeks, at 2.5–4.5x the person's usual level.
    const hasBursts = rng.chance(dept.burstShare);
    const period = rng.int(35, 56);
    const phase = rng.int(0, period - 1);
    const burstLength = rng.int(10, 14);
    const burstFactor = 2.5 + rng.next() * 2;
    // One or two holiday weeks in the window.
    const holidays = [rng.int(0, days - 7), rng.chance(0.5) ? rng.int(0, days - 7) : -100];
    const personAssignments = byPerson.get(person.key) ?? [];
    for (let d = 0; d < days; d++) {
      const day = addDays(historyStart, d);
      const tier = tierOn(personAssignments, day);
      if (!tier) continue;
      if (holidays.some((h) => d >= h && d < h + 7)) continue;
      const adoption = 0.7 + 0.6 * (d / days);
      const inBurst = hasBursts && (d + phase) % period < burstLength;
      const demand = intensity * adoption * WEEKDAY_FACTOR[weekdayOf(day)]! * (inBurst ? burstFactor : 1) * rng.logNormal(0, 0.35);
      const limit = DEMO_DAILY_MESSAGE_LIMIT[tier] ?? DEMO_DAILY_MESSAGE_LIMIT.standard!;
      const wanted = Math.round(demand);
      if (wanted <= 0) continue;
      const messages = Math.min(wanted, limit);
      const limitHits = wanted > limit ? Math.min(4, 1 + Math.floor((wanted - limit) / (0.25 * limit))) : 0;
      const inputTokens = Math.round(messages * 1800 * rng.logNormal(0, 0.3));
      const outputTokens = Math.round(messages * 420 * rng.logNormal(0, 0.3));
      const costMicros = Math.round(inputTokens * INPUT_USD_PER_MTOK + outputTokens * OUTPUT_USD_PER_MTOK);
      usage.push({
        personKey: person.key,
        day,
        messages,
        inputTokens,
        outputTokens,
        costUsd: (costMicros / 1_000_000).toFixed(4),
        limitHits,
        activeMinutes: Math.round(messages * (2 + rng.next() * 1.5)),
      });
    }
  }
  return usage;
}
