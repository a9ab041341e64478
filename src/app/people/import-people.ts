import { parse } from 'csv-parse/sync';
import { AppError, type FieldProblem } from '../../errors.ts';
import { toDay } from '../../domain/dates.ts';
import { validatePeopleHeader, validatePeopleRows, type CsvRecord, type RowProblem } from '../../domain/people-import.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

export type ImportPeopleResult = Readonly<{ rows: number; inserted: number; updated: number; unchanged: number }>;

export const MAX_PEOPLE_FILE_BYTES = 10 * 1024 * 1024;

const toDetails = (problems: readonly RowProblem[]): FieldProblem[] =>
  problems.map((p) => ({ line: p.line, path: p.field, message: p.message }));

function failed(problems: readonly RowProblem[]): AppError {
  const shown = problems.slice(0, 50);
  const more = problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : '';
  return new AppError('IMPORT_FAILED', {
    message: `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported.\n${shown
      .map((p) => `line ${p.line}: ${p.field}: ${p.message}`)
      .join('\n')}${more}`,
    details: toDetails(shown),
  });
}

function firstLineFieldCount(text: string): number {
  const [header] = parse(text, { bom: true, to_line: 1, relax_column_count: true }) as string[][];
  return header?.length ?? 0;
}

/** Decodes and parses a people CSV into records with their line numbers, or reports why it cannot. */
export function parsePeopleCsv(bytes: Uint8Array): { header: string[]; records: CsvRecord[] } {
  if (bytes.byteLength > MAX_PEOPLE_FILE_BYTES) throw failed([{ line: 1, field: 'file', message: `is larger than ${MAX_PEOPLE_FILE_BYTES} bytes` }]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw failed([{ line: 1, field: 'file', message: 'is not valid UTF-8 text (save it as CSV UTF-8)' }]);
  }
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true, trim: true, info: true }) as never;
  } catch (error) {
    const e = error as { code?: string; lines?: number; message: string; record?: unknown[]; columns?: unknown[] };
    const line = e.lines ?? 1;
    const message =
      e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && e.record
        ? `has ${e.record.length} fields but the header has ${firstLineFieldCount(text)}`
        : e.message.replace(/ (at|on) line \d+.*$/, '');
    throw failed([{ line, field: 'file', message }]);
  }
  if (rows.length === 0) throw failed([{ line: 1, field: 'file', message: 'is empty (expected a header row)' }]);
  const header = rows[0]!.record.map((h) => h.trim().toLowerCase());
  const records = rows.slice(1).map(({ record, info }) => ({
    line: info.lines,
    values: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])),
  }));
  return { header, records };
}

/**
 * Imports people from CSV (email,name,department,job_family,start_date,role). All or nothing: every
 * problem is reported by line and field and nothing is written. Idempotent: people are matched by email,
 * so the same file twice changes nothing; a corrected file updates those people.
 */
export async function importPeople(ctx: AppContext, actor: Actor, bytes: Uint8Array): Promise<ImportPeopleResult> {
  const { header, records } = parsePeopleCsv(bytes);
  const headerProblems = validatePeopleHeader(header);
  if (headerProblems.length) throw failed(headerProblems);

  return ctx.transaction(async (repos) => {
    const departmentIdsByName = await repos.departments.listNames(actor.orgId);
    const validation = validatePeopleRows({ records, departmentIdsByName, today: toDay(ctx.now()) });
    if (!validation.ok) throw failed(validation.problems);
    const existing = new Map((await repos.people.findManyByEmails(actor.orgId, validation.rows.map((r) => r.email))).map((p) => [p.email.toLowerCase(), p]));
    let inserted = 0;
    let updated = 0;
    let unchanged = 0;
    for (const row of validation.rows) {
      const fields = { email: row.email, name: row.name, departmentId: row.departmentId, jobFamily: row.jobFamily, employmentStartDate: row.employmentStartDate, ...(row.title !== undefined ? { title: row.title } : {}) };
      const before = existing.get(row.email);
      let personId: string;
      let changed = false;
      if (!before) {
        personId = await repos.people.insert(actor.orgId, fields);
        await repos.people.grantRole(actor.orgId, personId, 'member', null);
        inserted++;
        changed = true;
      } else {
        personId = before.id;
        const differs = before.name !== fields.name || before.departmentId !== fields.departmentId || before.jobFamily !== fields.jobFamily || before.employmentStartDate !== fields.employmentStartDate || (row.title !== undefined && before.title !== row.title);
        if (differs) await repos.people.update(actor.orgId, personId, fields);
        changed = differs;
      }
      const roleAdded = await repos.people.grantRole(actor.orgId, personId, row.role, row.role === 'dept_lead' ? row.departmentId : null);
      if (before && (changed || roleAdded)) updated++;
      else if (before) unchanged++;
      if (changed || roleAdded) {
        await repos.audit.append({
          orgId: actor.orgId,
          actor: auditActorOf(actor),
          action: before ? 'person.updated' : 'person.created',
          entityType: 'person',
          entityId: personId,
          before: before ?? null,
          after: { ...fields, role: row.role },
          reason: `people import, line ${row.line}`,
        });
      }
    }
    return { rows: validation.rows.length, inserted, updated, unchanged };
  });
}
