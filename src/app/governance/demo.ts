import { addDays, dayToDate, toDay } from '../../domain/dates.ts';
import { DEFAULT_QUESTIONS } from '../../domain/surveys.ts';
import { createRng, type Rng } from '../../sim/rng.ts';
import { AppError } from '../../errors.ts';
import { grantExemption, setParticipationRule } from '../compliance/compliance.ts';
import type { Actor, AppContext } from '../context.ts';
import { answerSurvey, openCampaign } from '../surveys/campaigns.ts';
import { closeCampaign } from '../surveys/results.ts';
import { shareUseCase } from '../use-cases/share-use-case.ts';
import { voteUseCase } from '../use-cases/vote-use-case.ts';

/** Seed of the governance demo: same seed, same titles, answers, use cases and votes. */
export const GOVERNANCE_DEMO_SEED = 20261127;

type DemoUseCase = Readonly<{ department: string; title: string; task: string; workflow: string; tools: string[]; tags: string[]; minutes: number }>;

const USE_CASES: readonly DemoUseCase[] = [
  { department: 'Electronics', title: 'EMC pre-compliance test plans', task: 'Draft EMC test plans from the product spec and EN 55032', workflow: 'Paste the spec section and the standard clause list; ask for a test matrix with limits, setups and pass criteria; review against the lab template.', tools: ['Claude (web/desktop)'], tags: ['emc', 'testing', 'compliance'], minutes: 180 },
  { department: 'Electronics', title: 'Schematic review checklist', task: 'Review schematics for common mistakes before layout', workflow: 'Export the netlist and BOM; ask for a checklist of decoupling, pull-ups, unused pins and power sequencing issues.', tools: ['Claude (web/desktop)'], tags: ['schematics', 'review'], minutes: 120 },
  { department: 'Electronics', title: 'Component obsolescence search', task: 'Find drop-in replacements for end-of-life parts', workflow: 'Give the part number and key parameters; ask for candidates and a comparison table, then verify on distributor sites.', tools: ['Claude (web/desktop)'], tags: ['bom', 'sourcing'], minutes: 90 },
  { department: 'Embedded', title: 'Bootloader port review', task: 'Review bootloader patches for the new MCU', workflow: 'Paste the diff with the reference manual excerpt; ask for MISRA issues, flash layout risks and missing error paths.', tools: ['Claude Code'], tags: ['embedded', 'review', 'misra'], minutes: 150 },
  { department: 'Embedded', title: 'Register map to C headers', task: 'Generate C headers from register tables in datasheets', workflow: 'Copy the register table; ask for bit-field macros with the naming convention; diff against the existing header.', tools: ['Claude Code', 'API / scripts'], tags: ['embedded', 'codegen'], minutes: 240 },
  { department: 'Embedded', title: 'RTOS deadlock hunting', task: 'Find lock-order problems in FreeRTOS tasks', workflow: 'Share the task and mutex code; ask for a lock-order graph and the paths that can deadlock.', tools: ['Claude Code'], tags: ['rtos', 'debugging'], minutes: 120 },
  { department: 'Embedded', title: 'Unit tests for HAL drivers', task: 'Write Unity tests with mocks for HAL drivers', workflow: 'Point Claude Code at the driver; ask for CMock-based tests covering error returns; run them in CI.', tools: ['Claude Code'], tags: ['testing', 'embedded'], minutes: 200 },
  { department: 'Software', title: 'OTA update service refactoring', task: 'Refactor the OTA service into smaller modules', workflow: 'Claude Code plans the split, writes it module by module, and runs the test suite after each step.', tools: ['Claude Code'], tags: ['refactoring', 'backend'], minutes: 300 },
  { department: 'Software', title: 'Pull request descriptions', task: 'Write PR descriptions from the diff and the ticket', workflow: 'A git alias pipes the diff and ticket text to the API and drafts the description for editing.', tools: ['API / scripts'], tags: ['git', 'documentation'], minutes: 60 },
  { department: 'Software', title: 'Flaky test triage', task: 'Find the cause of flaky integration tests', workflow: 'Collect 20 failing logs; ask for the common pattern and a minimal reproduction.', tools: ['Claude Code'], tags: ['testing', 'debugging'], minutes: 150 },
  { department: 'Software', title: 'SQL migration review', task: 'Check database migrations for locking and rollback problems', workflow: 'Paste the migration; ask what locks it takes, how long on 10M rows, and how to undo it.', tools: ['Claude (web/desktop)'], tags: ['database', 'review'], minutes: 45 },
  { department: 'Systems', title: 'Requirements trace matrix', task: 'Trace customer requirements to system requirements and tests', workflow: 'Export both requirement sets as CSV; ask for a trace matrix with gaps and doubtful links flagged.', tools: ['Claude (web/desktop)', 'API / scripts'], tags: ['requirements', 'traceability'], minutes: 240 },
  { department: 'Systems', title: 'FMEA first draft', task: 'Draft an FMEA table for a new subsystem', workflow: 'Describe the block diagram and functions; ask for failure modes, effects and detection; the team then rates severity.', tools: ['Claude (web/desktop)'], tags: ['safety', 'fmea'], minutes: 180 },
  { department: 'Systems', title: 'Interface control document check', task: 'Compare ICD versions and list breaking changes', workflow: 'Give both versions; ask for a change list classified as breaking or compatible.', tools: ['Claude (web/desktop)'], tags: ['requirements', 'review'], minutes: 90 },
  { department: 'Project Management', title: 'Tender document summaries', task: 'Summarise tender documents into a bid/no-bid brief', workflow: 'Upload the tender PDF; ask for scope, deadlines, penalties and risks on one page.', tools: ['Claude (web/desktop)'], tags: ['tenders', 'summaries'], minutes: 120 },
  { department: 'Project Management', title: 'Sprint report from Jira export', task: 'Turn a Jira export into the weekly customer report', workflow: 'Export the sprint as CSV; ask for progress, risks and next steps in the customer template.', tools: ['Claude (web/desktop)'], tags: ['reporting', 'jira'], minutes: 90 },
  { department: 'Project Management', title: 'Meeting minutes to action items', task: 'Extract owners and dates from meeting notes', workflow: 'Paste the raw notes; ask for a table of actions with owner and due date.', tools: ['Claude (web/desktop)'], tags: ['meetings'], minutes: 60 },
  { department: 'Operations', title: 'Supplier email drafts', task: 'Draft supplier emails about delays and quality issues', workflow: 'Give the facts and the tone; edit the draft before sending.', tools: ['Claude (web/desktop)'], tags: ['email', 'suppliers'], minutes: 45 },
  { department: 'Operations', title: 'Work instruction updates', task: 'Update assembly work instructions after an ECO', workflow: 'Paste the ECO and the current instruction; ask for the changed steps with photos to retake.', tools: ['Claude (web/desktop)'], tags: ['manufacturing', 'documentation'], minutes: 90 },
  { department: 'Operations', title: 'Inventory anomaly notes', task: 'Explain unusual inventory movements for the monthly close', workflow: 'Export movements as CSV; ask for the five largest anomalies and likely reasons.', tools: ['API / scripts'], tags: ['inventory', 'reporting'], minutes: 60 },
];

const TITLE_BY_FAMILY: Readonly<Record<string, string>> = {
  electronics_engineer: 'Electronics Engineer',
  embedded_engineer: 'Embedded Engineer',
  software_engineer: 'Software Engineer',
  systems_engineer: 'Systems Engineer',
  project_manager: 'Project Manager',
  operations: 'Operations Specialist',
};

const at = (ctx: AppContext, when: Date): AppContext => ({ ...ctx, now: () => when });
const atDay = (ctx: AppContext, day: string, hour: number) => at(ctx, new Date(dayToDate(day).getTime() + hour * 3_600_000));
const asPerson = (orgId: string, personId: string): Actor => ({ kind: 'person', orgId, personId, grants: [] });

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export type GovernanceDemoResult = Readonly<{ useCases: number; votes: number; pastRespondents: number; openRespondents: number; exemptPersonId: string | null }>;

/**
 * Governance demo data, deterministic from GOVERNANCE_DEMO_SEED and the day: titles for everyone, a
 * closed survey of last quarter whose answers under-predict real use 3–5×, an open survey for next
 * quarter, 20 use cases with votes, the participation rule turned on and one exemption with a reason.
 * Everything goes through the same use cases the API uses (with the clock set to when it happened).
 */
export async function seedGovernanceDemo(ctx: AppContext, orgId: string): Promise<GovernanceDemoResult> {
  const rng = createRng(GOVERNANCE_DEMO_SEED);
  const today = toDay(ctx.now());
  const operator: Actor = { kind: 'cli', orgId };
  const people = (await ctx.repos.people.list(orgId, { status: 'active' }, { limit: 1000, offset: 0 }, ctx.now())).items.slice().sort((a, b) => a.email.localeCompare(b.email));

  await ctx.transaction(async (repos) => {
    for (const p of people) {
      const base = TITLE_BY_FAMILY[p.jobFamily] ?? 'Specialist';
      const title = p.roles.includes('dept_lead') ? `Head of ${p.departmentName ?? 'Department'}` : `${rng.pick(['Junior ', '', '', 'Senior ', 'Senior ', 'Principal '])}${base}`;
      await repos.governance.setPersonTitle(orgId, p.id, title);
    }
  });

  // Last quarter's survey: asked before the quarter, answered by about 55%; people expected 3–5× less use than they had.
  const periodStart = addDays(today, -98);
  const periodEnd = addDays(today, -7);
  const openedAt = addDays(periodStart, -14);
  let past;
  try {
    past = await openCampaign(atDay(ctx, openedAt, 9), operator, { title: 'Last quarter: demand survey', periodStart, periodEnd });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
    past = await openCampaign(atDay(ctx, openedAt, 9), operator, { title: 'Last quarter: demand survey', periodStart, periodEnd, usdPerHour: 3 });
  }
  const tasks = DEFAULT_QUESTIONS.find((q) => q.key === 'main_tasks')!.options;
  const tools = DEFAULT_QUESTIONS.find((q) => q.key === 'tools')!.options;
  let pastRespondents = 0;
  for (const p of people) {
    if (!rng.chance(0.55)) continue;
    const usage = await ctx.repos.usage.dailyForPerson(orgId, p.id, periodStart, addDays(periodEnd, -1));
    const actualWeeklyHours = usage.reduce((s, u) => s + u.activeMinutes, 0) / 60 / 13;
    const underPrediction = 3 + rng.next() * 2;
    const answers = {
      weekly_hours: Math.round((actualWeeklyHours / underPrediction) * 2) / 2,
      main_tasks: shuffled(rng, tasks).slice(0, rng.int(1, 3)),
      tools: shuffled(rng, tools).slice(0, rng.int(1, 2)),
      ...(rng.chance(0.4) ? { projects: rng.pick(['OTA-2', 'MCU-NEXT', 'EMC-R3', 'RAIL-T', 'AUDIT-Q1']) } : {}),
    };
    await answerSurvey(atDay(ctx, addDays(openedAt, rng.int(1, 10)), 10 + rng.int(0, 6)), asPerson(orgId, p.id), { campaignId: past.campaign.id, answers });
    pastRespondents++;
  }
  await closeCampaign(atDay(ctx, addDays(periodStart, -1), 17), operator, past.campaign.id);

  // Next quarter's survey, open now; a third have answered.
  const nextStart = addDays(today, 7);
  const next = await openCampaign(atDay(ctx, addDays(today, -3), 9), operator, { title: 'Next quarter: demand survey', periodStart: nextStart, periodEnd: addDays(nextStart, 91), usdPerHour: Number(past.campaign.usdPerHour) });
  let openRespondents = 0;
  for (const p of people) {
    if (p.roles.includes('admin') || !rng.chance(0.3)) continue;
    await answerSurvey(atDay(ctx, addDays(today, -rng.int(0, 2)), 8), asPerson(orgId, p.id), { campaignId: next.campaign.id, answers: { weekly_hours: rng.int(1, 8), main_tasks: shuffled(rng, tasks).slice(0, 2) } });
    openRespondents++;
  }

  // The participation rule covers permanent premium holders; they share use cases like everyone else.
  const subjects = (await ctx.repos.governance.listComplianceSubjects(orgId, ctx.now())).filter((s) => s.tier === 'premium' && s.leaseId === null).sort((a, b) => a.email.localeCompare(b.email));
  const [exempt, lapsed, ...sharers] = subjects;
  const authorFor = new Map<number, { personId: string; daysAgo: number }>();
  const held = new Set([exempt?.personId, lapsed?.personId]);
  const byDepartment = (name: string) => people.filter((p) => p.departmentName === name && !held.has(p.id));
  USE_CASES.forEach((u, i) => {
    const sharer = sharers.find((s) => s.departmentName === u.department && ![...authorFor.values()].some((a) => a.personId === s.personId));
    authorFor.set(i, sharer ? { personId: sharer.personId, daysAgo: rng.int(5, 70) } : { personId: rng.pick(byDepartment(u.department)).id, daysAgo: rng.int(1, 120) });
  });
  // One holder shared long ago only: outside the 91-day window, so out of compliance after grace.
  if (lapsed) authorFor.set(USE_CASES.length - 1, { personId: lapsed.personId, daysAgo: 130 });
  const ids: string[] = [];
  for (const [i, u] of USE_CASES.entries()) {
    const a = authorFor.get(i)!;
    const created = await shareUseCase(atDay(ctx, addDays(today, -a.daysAgo), 11), asPerson(orgId, a.personId), { title: u.title, task: u.task, workflow: u.workflow, tools: u.tools, tags: u.tags, minutesSavedPerWeek: u.minutes });
    ids.push(created.id);
  }
  let votes = 0;
  for (const id of ids) {
    for (const p of shuffled(rng, people).slice(0, rng.int(0, 12))) {
      await voteUseCase(ctx, asPerson(orgId, p.id), { useCaseId: id, kind: 'upvote' });
      votes++;
      if (rng.chance(0.35)) {
        await voteUseCase(ctx, asPerson(orgId, p.id), { useCaseId: id, kind: 'uses' });
        votes++;
      }
    }
  }

  await setParticipationRule(atDay(ctx, addDays(today, -150), 9), operator, { appliesTo: 'permanent_premium', isEnabled: true, requiredCount: 1, windowDays: 91, graceDays: 14, effectiveFrom: addDays(today, -150) });
  if (exempt) await grantExemption(atDay(ctx, addDays(today, -20), 14), operator, { personId: exempt.personId, reason: 'Seconded to the customer site for the rail project until year end; no access to company tools there', validUntil: addDays(today, 60) });
  return { useCases: ids.length, votes, pastRespondents, openRespondents, exemptPersonId: exempt?.personId ?? null };
}
