import { isAppError } from '../errors.ts';
import { ConfigError } from '../config/env.ts';

/** Prints rows as an aligned text table. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: readonly (string | number)[]) =>
    cells.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Prints `CODE: message` (and row details) on stderr and sets a failing exit code. */
export function reportCliError(error: unknown): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (isAppError(error)) {
    process.stderr.write(`${error.code}: ${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`INTERNAL: ${message}\n`);
  }
  process.exitCode = 1;
}
