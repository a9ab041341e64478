import { notIsoDayMessage } from './dates.ts';
import { isEmail, type RowProblem } from './people-import.ts';
import { normalizeIdentity, type UsageMetrics } from './usage.ts';

/**
 * Columns of a usage CSV. `date` and `email` are required; every other column is optional (an empty
 * cell is 0). The first nine are the documented format; the last five carry the other daily metrics
 * Seatwise stores (Claude Code exports have them).
 */
export const USAGE_CSV_COLUMNS = [
  'date',
  'email',
  'source',
  'messages',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'limit_hits',
  'active_minutes',
  'sessions',
  'lines_added',
  'lines_removed',
  'commits',
  'pull_requests',
] as const;
export type UsageCsvColumn = (typeof USAGE_CSV_COLUMNS)[number];
export const USAGE_CSV_REQUIRED = ['date', 'email'] as const;
/** Map target that drops a column of the file: `--map "Extra=-"`. */
export const IGNORED_COLUMN = '-';
/** Source written when the file has no `source` column or the cell is empty. */
export const DEFAULT_USAGE_SOURCE = 'csv';

/** File header (trimmed, lower-cased) → canonical column, or null to ignore that column. */
export type UsageColumnMap = ReadonlyMap<string, UsageCsvColumn | null>;

/** Where each canonical column sits in the file's records (-1: absent). */
export type UsageCsvLayout = Readonly<{ width: number; index: Readonly<Record<UsageCsvColumn, number>> }>;

/** One valid row: the identity is the lower-cased email. */
export type UsageCsvRow = Readonly<{ line: number; identity: string; day: string; source: string; metrics: UsageMetrics }>;

export type UsageRowValidation = Readonly<{ ok: true; row: UsageCsvRow }> | Readonly<{ ok: false; problems: readonly RowProblem[] }>;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const SOURCE = /^[a-z0-9][a-z0-9_.:-]{0,62}$/;
const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(?:\.\d*)?$|^\.\d+$/;
const NEGATIVE = /^-\s*(?:\d+(?:\.\d*)?|\.\d+)$/;
/** An amount already in canonical form (no leading zero, exactly 4 decimals, below 10^10): kept as is. */
const CANONICAL_COST = /^(?:0|[1-9]\d{0,9})\.\d{4}$/;
/** Earlier days are typos (AI assistants did not exist). */
const EARLIEST_DAY = '2000-01-01';
const MAX_INT32 = 2_147_483_647;
const MINUTES_PER_DAY = 1440;
/** cost_usd is numeric(14, 4): below 10^10 dollars. */
const MAX_COST_TEN_THOUSANDTHS = 10 ** 14 - 1;

type IntColumn = Exclude<UsageCsvColumn, 'date' | 'email' | 'source' | 'cost_usd'>;
const INT_COLUMNS: ReadonlyArray<readonly [IntColumn, keyof UsageMetrics, number]> = [
  ['messages', 'messages', MAX_INT32],
  ['input_tokens', 'inputTokens', Number.MAX_SAFE_INTEGER],
  ['output_tokens', 'outputTokens', Number.MAX_SAFE_INTEGER],
  ['limit_hits', 'limitHits', MAX_INT32],
  ['active_minutes', 'activeMinutes', MINUTES_PER_DAY],
  ['sessions', 'sessions', MAX_INT32],
  ['lines_added', 'linesAdded', MAX_INT32],
  ['lines_removed', 'linesRemoved', MAX_INT32],
  ['commits', 'commits', MAX_INT32],
  ['pull_requests', 'pullRequests', MAX_INT32],
];

const isColumn = (value: string): value is UsageCsvColumn => (USAGE_CSV_COLUMNS as readonly string[]).includes(value);
const normalizeHeader = (value: string) => value.trim().toLowerCase();

/**
 * Parses a column-mapping option, `From=to,Other=-` (file header = canonical column, `-` to ignore
 * it). File headers match case-insensitively; a header containing `=` maps at its last `=`. Returns
 * every problem found.
 */
export function parseUsageColumnMap(spec: string): Readonly<{ ok: true; map: UsageColumnMap }> | Readonly<{ ok: false; problems: readonly string[] }> {
  const map = new Map<string, UsageCsvColumn | null>();
  const problems: string[] = [];
  for (const entry of spec.split(',')) {
    if (!entry.trim()) continue;
    const at = entry.lastIndexOf('=');
    const from = normalizeHeader(at < 0 ? '' : entry.slice(0, at));
    const to = normalizeHeader(at < 0 ? '' : entry.slice(at + 1));
    if (at < 0 || !from || !to) problems.push(`"${entry.trim()}" is not FileColumn=column`);
    else if (to !== IGNORED_COLUMN && !isColumn(to)) problems.push(`"${entry.trim()}": ${to} is not a column (use one of ${USAGE_CSV_COLUMNS.join(',')} or - to ignore)`);
    else if (map.has(from)) problems.push(`"${from}" is mapped twice`);
    else map.set(from, to === IGNORED_COLUMN ? null : (to as UsageCsvColumn));
  }
  return problems.length ? { ok: false, problems } : { ok: true, map };
}

/**
 * Resolves the header row against the canonical columns and the mapping. Unknown columns are an
 * error unless mapped (to a column, or to `-` to ignore them), so a misspelt column never silently
 * drops data. Reports required columns that are missing, columns given twice and map entries naming
 * no column of the file.
 */
export function resolveUsageHeader(header: readonly string[], map: UsageColumnMap = new Map()): Readonly<{ ok: true; layout: UsageCsvLayout }> | Readonly<{ ok: false; problems: readonly RowProblem[] }> {
  const problems: RowProblem[] = [];
  const index = Object.fromEntries(USAGE_CSV_COLUMNS.map((c) => [c, -1])) as Record<UsageCsvColumn, number>;
  const seen = new Set<string>();
  header.forEach((raw, i) => {
    const name = normalizeHeader(raw);
    seen.add(name);
    const target = map.has(name) ? map.get(name)! : isColumn(name) ? name : undefined;
    if (target === undefined) {
      problems.push({ line: 1, field: raw.trim() || `column ${i + 1}`, message: `unknown column (expected ${USAGE_CSV_COLUMNS.slice(0, 9).join(',')}; map it with --map "${raw.trim()}=column" or ignore it with --map "${raw.trim()}=-")` });
    } else if (target !== null && index[target] >= 0) {
      problems.push({ line: 1, field: target, message: `column appears twice (columns ${index[target] + 1} and ${i + 1})` });
    } else if (target !== null) index[target] = i;
  });
  for (const from of map.keys()) if (!seen.has(from)) problems.push({ line: 1, field: from, message: 'is in the column map but not in the file' });
  for (const column of USAGE_CSV_REQUIRED) if (index[column] < 0) problems.push({ line: 1, field: column, message: 'required column is missing' });
  return problems.length ? { ok: false, problems } : { ok: true, layout: { width: header.length, index } };
}

/** The trimmed cell of a column ('' when the file has no such column). */
function cellOf(record: readonly string[], layout: UsageCsvLayout, column: UsageCsvColumn): string {
  const i = layout.index[column];
  return i < 0 ? '' : record[i]!.trim();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** True for a real calendar day written YYYY-MM-DD (no Date is built: this runs once per row). */
export function isUsageDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const isLeap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && isLeap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

/** A non-negative whole number, or why not. Empty means 0. */
function parseWhole(text: string, max: number): number | string {
  if (text === '') return 0;
  if (WHOLE.test(text)) {
    const n = Number(text);
    return n <= max ? n : `${text} is more than ${max === MINUTES_PER_DAY ? `${MINUTES_PER_DAY} (minutes in a day)` : max}`;
  }
  if (NEGATIVE.test(text)) return `must not be negative (got ${text})`;
  if (DECIMAL.test(text)) return `must be a whole number (got ${text})`;
  return `"${text}" is not a number`;
}

/**
 * A cost written with a decimal comma, as spreadsheets in much of Europe save it: `0,0141`. Three digits
 * after the comma could as well be a thousands separator (`1,234`), so those get no suggestion.
 */
const DECIMAL_COMMA = /^\d+,(\d{1,2}|\d{4,})$/;

/** Dollars with up to 4 decimals (more are rounded half up to 4), as an exact decimal string. */
function parseCost(text: string): string | { problem: string } {
  if (text === '') return '0.0000';
  if (CANONICAL_COST.test(text)) return text;
  if (!DECIMAL.test(text)) {
    if (NEGATIVE.test(text)) return { problem: `must not be negative (got ${text})` };
    if (DECIMAL_COMMA.test(text)) return { problem: `"${text}" has a decimal comma; write ${text.replace(',', '.')}` };
    return { problem: `"${text}" is not an amount in USD` };
  }
  const [whole = '', fraction = ''] = text.split('.');
  const digits = `${fraction}00000`;
  let units = Number(whole || '0') * 10_000 + Number(digits.slice(0, 4));
  if (Number(digits[4]) >= 5) units += 1;
  if (!Number.isSafeInteger(units) || units > MAX_COST_TEN_THOUSANDTHS) return { problem: `${text} is too large` };
  return `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`;
}

/**
 * Validates one record of a usage file laid out by `resolveUsageHeader`, reporting every problem of
 * the row. Days must be real calendar days no later than `latestDay` (the caller passes tomorrow,
 * UTC, so exports written in time zones ahead of UTC pass). Emails are lower-cased; the source
 * defaults to `csv`.
 */
export function validateUsageRow(input: { line: number; record: readonly string[]; layout: UsageCsvLayout; latestDay: string }): UsageRowValidation {
  const { line, record, layout } = input;
  if (record.length !== layout.width) return { ok: false, problems: [{ line, field: 'file', message: `has ${record.length} fields but the header has ${layout.width}` }] };
  const problems: RowProblem[] = [];

  const day = cellOf(record, layout, 'date');
  if (!day) problems.push({ line, field: 'date', message: 'is required' });
  else if (!isUsageDay(day)) problems.push({ line, field: 'date', message: notIsoDayMessage(day) });
  else if (day > input.latestDay) problems.push({ line, field: 'date', message: `${day} is in the future` });
  else if (day < EARLIEST_DAY) problems.push({ line, field: 'date', message: `${day} is before ${EARLIEST_DAY}` });

  const email = cellOf(record, layout, 'email');
  if (!email) problems.push({ line, field: 'email', message: 'is required' });
  else if (email.length > 320 || !isEmail(email)) problems.push({ line, field: 'email', message: `"${email}" is not a valid email address` });

  const sourceText = cellOf(record, layout, 'source').toLowerCase();
  const source = sourceText || DEFAULT_USAGE_SOURCE;
  if (!SOURCE.test(source)) problems.push({ line, field: 'source', message: `"${sourceText}" is not a source name (letters, digits, . _ : -)` });

  const metrics: Record<string, number | string> = {};
  for (const [column, key, max] of INT_COLUMNS) {
    const value = parseWhole(cellOf(record, layout, column), max);
    if (typeof value === 'string') problems.push({ line, field: column, message: value });
    else metrics[key] = value;
  }
  const cost = parseCost(cellOf(record, layout, 'cost_usd'));
  if (typeof cost !== 'string') problems.push({ line, field: 'cost_usd', message: cost.problem });
  else metrics.costUsd = cost;

  if (problems.length) return { ok: false, problems };
  return { ok: true, row: { line, identity: normalizeIdentity(email), day, source, metrics: metrics as unknown as UsageMetrics } };
}
