import { centsToDecimal, type Cents } from './money.ts';

/**
 * Demand surveys: questions, answer validation and the per-department aggregate that feeds the
 * forecaster's survey correction. A survey's weekly hours become an API-rate dollar estimate with the
 * campaign's `usdPerHour` (fixed when the campaign opens, from the organization's own observed cost per
 * active hour or typed by the admin): no rate lives in code.
 */
export type QuestionKind = 'hours' | 'choices' | 'text';

export type SurveyQuestion = Readonly<{ key: string; prompt: string; kind: QuestionKind; options: readonly string[]; isRequired: boolean }>;

/** The key of the question whose answer drives the estimate; every campaign has it. */
export const WEEKLY_HOURS_KEY = 'weekly_hours';
export const MAX_WEEKLY_HOURS = 60;
/** Average weeks per month (52 / 12), to turn weekly hours into a monthly estimate. */
export const WEEKS_PER_MONTH = 52 / 12;

/** The standard questionnaire: expected weekly use, main tasks, tools, projects. */
export const DEFAULT_QUESTIONS: readonly SurveyQuestion[] = [
  { key: WEEKLY_HOURS_KEY, prompt: 'How many hours a week do you expect to work with an AI assistant next quarter?', kind: 'hours', options: [], isRequired: true },
  { key: 'main_tasks', prompt: 'What will you mainly use it for?', kind: 'choices', options: ['Writing code', 'Reviewing code', 'Debugging', 'Documentation', 'Test plans', 'Data analysis', 'Requirements', 'Email and reports'], isRequired: false },
  { key: 'tools', prompt: 'Which tools?', kind: 'choices', options: ['Claude (web/desktop)', 'Claude Code', 'API / scripts', 'IDE assistant'], isRequired: false },
  { key: 'projects', prompt: 'Which projects will need it most?', kind: 'text', options: [], isRequired: false },
];

export type AnswerValue = number | string | readonly string[];
export type Answers = Readonly<Record<string, AnswerValue>>;
export type AnswerProblem = Readonly<{ key: string; message: string }>;

/** Checks a set of questions an admin composes: unique keys, choices have options, weekly hours present and required. */
export function validateQuestions(questions: readonly SurveyQuestion[]): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const seen = new Set<string>();
  questions.forEach((q) => {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(q.key)) problems.push({ key: q.key, message: 'key must be lower-case letters, digits or _ (start with a letter)' });
    if (seen.has(q.key)) problems.push({ key: q.key, message: 'appears twice' });
    seen.add(q.key);
    if (q.kind === 'choices' && q.options.length < 2) problems.push({ key: q.key, message: 'a choices question needs at least two options' });
  });
  const hours = questions.find((q) => q.key === WEEKLY_HOURS_KEY);
  if (!hours || hours.kind !== 'hours' || !hours.isRequired) problems.push({ key: WEEKLY_HOURS_KEY, message: 'every survey needs a required hours question with key weekly_hours' });
  return problems;
}

export type ValidAnswers = Readonly<{ ok: true; answers: Answers; weeklyHours: number }> | Readonly<{ ok: false; problems: readonly AnswerProblem[] }>;

/** Validates one person's answers against the campaign's questions; reports every problem by question key. */
export function validateAnswers(questions: readonly SurveyQuestion[], raw: Readonly<Record<string, unknown>>): ValidAnswers {
  const problems: AnswerProblem[] = [];
  const answers: Record<string, AnswerValue> = {};
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push({ key, message: 'is not a question of this survey' });
  for (const q of questions) {
    const v = raw[q.key];
    const isEmpty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (isEmpty) {
      if (q.isRequired) problems.push({ key: q.key, message: 'is required' });
      continue;
    }
    if (q.kind === 'hours') {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n) || n < 0 || n > MAX_WEEKLY_HOURS) problems.push({ key: q.key, message: `must be a number of hours between 0 and ${MAX_WEEKLY_HOURS}` });
      else answers[q.key] = Math.round(n * 4) / 4;
    } else if (q.kind === 'choices') {
      const list = Array.isArray(v) ? v : [v];
      const bad = list.filter((x) => typeof x !== 'string' || !q.options.includes(x));
      if (bad.length) problems.push({ key: q.key, message: `unknown option ${bad.map((b) => JSON.stringify(b)).join(', ')}; choose from ${q.options.join(', ')}` });
      else answers[q.key] = [...new Set(list as string[])];
    } else {
      if (typeof v !== 'string') problems.push({ key: q.key, message: 'must be text' });
      else if (v.length > 2000) problems.push({ key: q.key, message: 'must be at most 2000 characters' });
      else answers[q.key] = v.trim();
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, answers, weeklyHours: Number(answers[WEEKLY_HOURS_KEY] ?? 0) };
}

export type SurveyResponseFact = Readonly<{ departmentId: string | null; weeklyHours: number; answers: Answers }>;
export type DepartmentHeadcount = Readonly<{ departmentId: string; departmentName: string; headcount: number }>;

export type DepartmentSurveyResult = Readonly<{
  departmentId: string;
  departmentName: string;
  headcount: number;
  respondents: number;
  /** Average expected weekly hours per respondent (two decimals), null without respondents. */
  averageWeeklyHours: number | null;
  /** Department-wide monthly API-rate estimate: average × headcount × weeks per month × rate. */
  estimatedMonthlyCents: Cents;
  estimatedMonthlyUsd: string;
  /** How often each option of each choices question was picked. */
  choiceCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
}>;

/**
 * Aggregates responses per department. Respondents stand for their whole department: the average is
 * scaled to the department's headcount (a department where 5 of 20 answered is estimated for 20).
 * Departments without respondents get no estimate (null average, 0 dollars) and are not written.
 */
export function aggregateSurvey(input: { questions: readonly SurveyQuestion[]; responses: readonly SurveyResponseFact[]; departments: readonly DepartmentHeadcount[]; usdPerHour: number }): DepartmentSurveyResult[] {
  const rateCents = Math.round(input.usdPerHour * 100);
  return input.departments.map((d) => {
    const rs = input.responses.filter((r) => r.departmentId === d.departmentId);
    const total = rs.reduce((s, r) => s + r.weeklyHours, 0);
    const average = rs.length ? total / rs.length : null;
    const estimatedMonthlyCents = average === null ? 0 : Math.round(average * d.headcount * WEEKS_PER_MONTH * rateCents);
    const choiceCounts: Record<string, Record<string, number>> = {};
    for (const q of input.questions.filter((x) => x.kind === 'choices')) {
      const counts: Record<string, number> = Object.fromEntries(q.options.map((o) => [o, 0]));
      for (const r of rs) {
        const a = r.answers[q.key];
        if (Array.isArray(a)) for (const o of a) if (o in counts) counts[o]! += 1;
      }
      choiceCounts[q.key] = counts;
    }
    return {
      departmentId: d.departmentId,
      departmentName: d.departmentName,
      headcount: d.headcount,
      respondents: rs.length,
      averageWeeklyHours: average === null ? null : Math.round(average * 100) / 100,
      estimatedMonthlyCents,
      estimatedMonthlyUsd: centsToDecimal(estimatedMonthlyCents),
      choiceCounts,
    };
  });
}

/**
 * The organization's own API-rate dollars per active hour, from observed usage (cost and active
 * minutes over the same days). Null when there is too little data to say (under 10 active hours).
 */
export function observedUsdPerHour(totals: Readonly<{ costUsd: number; activeMinutes: number }>): number | null {
  if (totals.activeMinutes < 600 || totals.costUsd <= 0) return null;
  return Math.round((totals.costUsd / (totals.activeMinutes / 60)) * 100) / 100;
}
