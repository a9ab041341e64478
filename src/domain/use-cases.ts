/**
 * The use-case library's rules on shape: tags and tools are normalised (trimmed, lower-case tags, no
 * duplicates), links must be http(s) URLs, and a search text becomes a safe prefix query for
 * PostgreSQL full-text search (every word must match, as a word prefix).
 */
export const MAX_TAGS = 8;
export const MAX_TOOLS = 8;
export const MAX_LINKS = 5;
export const VOTE_KINDS = ['upvote', 'uses'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

export type UseCaseDraft = Readonly<{
  title: string;
  task: string;
  workflow: string;
  tools: readonly string[];
  tags: readonly string[];
  links: readonly string[];
  minutesSavedPerWeek: number | null;
}>;

export type DraftProblem = Readonly<{ field: keyof UseCaseDraft; message: string }>;

export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/^#/, '').replace(/\s+/g, '-');
}

function dedupe(values: readonly string[], key: (v: string) => string = (v) => v.toLowerCase()): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    if (!v || seen.has(key(v))) continue;
    seen.add(key(v));
    out.push(v);
  }
  return out;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Normalises a draft and reports every problem by field. */
export function validateUseCase(draft: UseCaseDraft): Readonly<{ ok: true; value: UseCaseDraft }> | Readonly<{ ok: false; problems: readonly DraftProblem[] }> {
  const problems: DraftProblem[] = [];
  const title = draft.title.trim();
  const task = draft.task.trim();
  const tags = dedupe(draft.tags.map(normalizeTag));
  const tools = dedupe(draft.tools.map((t) => t.trim()));
  const links = dedupe(draft.links.map((l) => l.trim()), (l) => l);
  if (title.length < 3 || title.length > 200) problems.push({ field: 'title', message: 'must be 3 to 200 characters' });
  if (task.length < 3) problems.push({ field: 'task', message: 'describe the task in a few words (at least 3 characters)' });
  if (tags.length > MAX_TAGS) problems.push({ field: 'tags', message: `at most ${MAX_TAGS} tags` });
  if (tags.some((t) => !/^[\p{L}\p{N}][\p{L}\p{N}\-+.]{0,39}$/u.test(t))) problems.push({ field: 'tags', message: 'tags are single words of letters, digits, - + or . (up to 40 characters)' });
  if (tools.length > MAX_TOOLS) problems.push({ field: 'tools', message: `at most ${MAX_TOOLS} tools` });
  if (links.length > MAX_LINKS) problems.push({ field: 'links', message: `at most ${MAX_LINKS} links` });
  const badLinks = links.filter((l) => !isHttpUrl(l));
  if (badLinks.length) problems.push({ field: 'links', message: `not an http(s) URL: ${badLinks.join(', ')}` });
  if (draft.minutesSavedPerWeek !== null && (!Number.isInteger(draft.minutesSavedPerWeek) || draft.minutesSavedPerWeek < 0 || draft.minutesSavedPerWeek > 2400)) {
    problems.push({ field: 'minutesSavedPerWeek', message: 'must be whole minutes between 0 and 2400' });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { title, task, workflow: draft.workflow.trim(), tools, tags, links, minutesSavedPerWeek: draft.minutesSavedPerWeek } };
}

/**
 * Turns free text into a PostgreSQL tsquery string: words of letters and digits, each as a prefix
 * (`word:*`), all required. Returns null when nothing searchable is left (operators never pass through).
 */
export function toPrefixQuery(text: string): string | null {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}
