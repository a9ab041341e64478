import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { APPORTIONMENT_METHODS, apportion, exactQuotas, formatExact, type ApportionmentMethod } from '../../domain/apportionment.ts';

/** Methods usable from the CLI: every method except 'manual', which takes explicit seats rather than weights. */
const CLI_METHODS = APPORTIONMENT_METHODS.filter((m) => m !== 'manual');

export interface QuotaApportionOptions {
  method: string;
  seats: string;
  weightsFile: string;
  min?: string;
  format?: string;
}

export interface CommandOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const failure = (code: string, message: string): CommandOutcome => ({ stdout: '', stderr: `${code}: ${message}\n`, exitCode: 1 });

class JsonSyntaxError extends Error {
  constructor(
    readonly pos: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Minimal JSON syntax scanner (RFC 8259 grammar). Throws JsonSyntaxError with the offset of the first error
 * (JSON.parse in Node 20 does not always report one); returns the top-level object's keys in file order
 * with the offset of each, so the CLI can keep file order and detect duplicate departments.
 */
function scanJson(text: string): { key: string; pos: number }[] {
  const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const LITERAL = /true|false|null/y;
  const topKeys: { key: string; pos: number }[] = [];
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new JsonSyntaxError(i, i >= text.length ? `unexpected end of input (${what})` : `${what}, found ${JSON.stringify(text[i])}`);
  };
  const token = (re: RegExp, what: string): string => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return fail(what);
    i += m[0].length;
    return m[0];
  };
  const value = (depth: number): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (close === '}') {
          ws();
          const pos = i;
          const key = JSON.parse(token(STRING, 'expected a double-quoted property name')) as string;
          if (depth === 0) topKeys.push({ key, pos });
          ws();
          if (text[i] !== ':') fail("expected ':' after property name");
          i++;
        }
        value(depth + 1);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail(`expected ',' or '${close}'`);
      }
    }
    if (c === '"') token(STRING, 'invalid string');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) token(NUMBER, 'invalid number');
    else token(LITERAL, 'expected a JSON value');
  };
  value(0);
  ws();
  if (i < text.length) fail('unexpected content after the JSON value');
  return topKeys;
}

function lineColumn(text: string, pos: number): string {
  const before = text.slice(0, pos).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1} (position ${pos})`;
}

function pad(cells: string[][], rightAligned: boolean[]): string {
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  return cells.map((row) => row.map((cell, c) => (rightAligned[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

/**
 * Reads a weights file `{"<department>": <weight>, …}`: valid JSON, an object, each department once, each
 * weight a number. Returns the weights in file order, or the failure to print.
 */
export async function loadWeightsFile(file: string): Promise<{ weights: Record<string, number>; order: string[] } | CommandOutcome> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (e) {
    return failure('FILE_UNREADABLE', `cannot read weights file "${file}": ${(e as Error).message}`);
  }
  let keys: { key: string; pos: number }[];
  try {
    keys = scanJson(text);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    return failure('INVALID_JSON', `weights file "${file}" is not valid JSON: ${e.message} at ${lineColumn(text, e.pos)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return failure('INVALID_JSON', `weights file "${file}" is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const got = parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed;
    return failure('INVALID_WEIGHTS', `weights file must contain a JSON object of {"<department>": <weight>} (got ${got})`);
  }
  const seen = new Set<string>();
  for (const { key, pos } of keys) {
    if (seen.has(key)) return failure('INVALID_WEIGHTS', `department "${key}" appears more than once in the weights file (again at ${lineColumn(text, pos)})`);
    seen.add(key);
  }
  const weights = parsed as Record<string, unknown>;
  for (const { key } of keys) {
    if (typeof weights[key] !== 'number') {
      return failure('INVALID_WEIGHTS', `weight for department "${key}" must be a number (got ${JSON.stringify(weights[key])})`);
    }
  }
  return { weights: weights as Record<string, number>, order: keys.map((k) => k.key) };
}

/**
 * `seatwise quota apportion` as a plain function: validates options, reads the weights file, apportions, and
 * renders JSON (only `{"<department>": <seats>}`, in file order) or an aligned table. Never throws for bad input
 * and never touches the database; failures come back as `CODE: message` on stderr with exitCode 1.
 */
export async function runQuotaApportion(opts: QuotaApportionOptions): Promise<CommandOutcome> {
  const method = opts.method ?? '';
  if (!(CLI_METHODS as readonly string[]).includes(method)) {
    const problem = method === '' ? '--method is required' : method === 'manual' ? "method 'manual' takes explicit seats, not weights" : `unknown method "${method}"`;
    return failure('INVALID_METHOD', `${problem}; valid methods: ${CLI_METHODS.join(', ')}`);
  }
  const seatsText = opts.seats ?? '';
  if (!/^\d+$/.test(seatsText)) return failure('INVALID_SEATS', `--seats must be a non-negative integer (got ${JSON.stringify(seatsText)})`);
  const min = opts.min ?? '0';
  if (min !== '0' && min !== '1') return failure('INVALID_MINIMUM', `--min must be 0 or 1 (got ${JSON.stringify(min)})`);
  const format = opts.format ?? 'table';
  if (format !== 'json' && format !== 'table') return failure('INVALID_FORMAT', `--format must be json or table (got ${JSON.stringify(format)})`);
  if (!opts.weightsFile) return failure('FILE_UNREADABLE', '--weights FILE.json is required');

  const loaded = await loadWeightsFile(opts.weightsFile);
  if ('exitCode' in loaded) return loaded;
  const { weights: numeric, order: keysInOrder } = loaded;

  const seats = Number(seatsText);
  const result = apportion({ method: method as ApportionmentMethod, seats, weights: numeric, minimum: min === '1' ? 1 : 0 });
  if (!result.ok) return failure(result.reason, result.message);

  const order = keysInOrder;
  if (format === 'json') {
    const body = order.map((d) => `  ${JSON.stringify(d)}: ${result.seats[d]}`).join(',\n');
    return { stdout: `{\n${body}\n}\n`, stderr: '', exitCode: 0 };
  }
  const q = exactQuotas(seats, numeric);
  if (!q.ok) return failure(q.reason, q.message);
  const weightDecimals = q.totalWeight.denominator.toString().length - 1;
  const totalWeight = formatExact(q.totalWeight, weightDecimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  const rows = [
    ['department', 'weight', 'quota', 'seats'],
    ...order.map((d) => [d, String(numeric[d]), formatExact(q.quotas[d]!, 2), String(result.seats[d])]),
  ];
  const total = ['total', totalWeight, `${seats}.00`, String(seats)];
  const rule = total.map((_, c) => '-'.repeat(Math.max(...[...rows, total].map((r) => r[c]!.length))));
  const table = pad([...rows, rule, total], [false, true, true, true]);
  return { stdout: `${table}\n`, stderr: '', exitCode: 0 };
}

/** Registers `apportion` under the given `quota` command; it prints the outcome and sets process.exitCode (never process.exit). */
export function registerQuotaApportionCommand(quota: Command): Command {
  return quota
    .command('apportion')
    .description('Divide N premium seats among departments in proportion to weights (pure; no database)')
    .option('--method <method>', `apportionment method: ${CLI_METHODS.join(' | ')}`)
    .option('--seats <n>', 'house size: total premium seats to divide (non-negative integer)')
    .option('--weights <file>', 'JSON file {"<department>": <weight>, ...}')
    .option('--min <0|1>', 'guaranteed seats per department with positive weight', '0')
    .option('--format <format>', 'output format: json | table', 'table')
    .action(async (o: { method?: string; seats?: string; weights?: string; min?: string; format?: string }) => {
      const out = await runQuotaApportion({ method: o.method ?? '', seats: o.seats ?? '', weightsFile: o.weights ?? '', min: o.min, format: o.format });
      if (out.stdout) process.stdout.write(out.stdout);
      if (out.stderr) process.stderr.write(out.stderr);
      if (out.exitCode !== 0) process.exitCode = out.exitCode;
    });
}
