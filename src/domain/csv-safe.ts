/**
 * Safe CSV for spreadsheets. A cell a spreadsheet would read as a formula (it starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return, or their full-width forms) is prefixed with a single quote, the
 * OWASP "CSV injection" mitigation, so it displays as text and never runs. Numbers are written as
 * numbers. Every export that people open in a spreadsheet writes its rows through `toCsvRow`.
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20']);

/** True when a spreadsheet could treat the text as a formula. */
export function isFormulaLike(text: string): boolean {
  return text.length > 0 && FORMULA_START.has(text[0]!);
}

/** The text, prefixed with `'` when a spreadsheet could treat it as a formula. */
export function neutralizeCell(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180 quoting), neutralized against formula injection. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new Error(`csvField: ${cell} is not a finite number`);
    return String(cell);
  }
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = neutralizeCell(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (without the line break). */
export function toCsvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

/** A whole CSV document: header, rows, CRLF line breaks (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => `${toCsvRow(r)}\r\n`).join('');
}
