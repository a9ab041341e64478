import { notIsoDayMessage } from './dates.ts';
import { isRole, type Role } from './roles.ts';

export const PEOPLE_CSV_COLUMNS = ['email', 'name', 'department', 'job_family', 'start_date', 'role', 'title'] as const;
export const PEOPLE_CSV_REQUIRED = ['email', 'name', 'department', 'job_family'] as const;

export type CsvRecord = Readonly<{ line: number; values: Readonly<Record<string, string>> }>;

export type RowProblem = Readonly<{ line: number; field: string; message: string }>;

export type PersonImportRow = Readonly<{
  line: number;
  email: string;
  name: string;
  departmentId: string;
  jobFamily: string;
  employmentStartDate: string | null;
  role: Role;
  /** Job title; undefined when the file has no title column (the stored title is then left as it is). */
  title: string | null | undefined;
}>;

export type PeopleImportValidation =
  | Readonly<{ ok: true; rows: readonly PersonImportRow[] }>
  | Readonly<{ ok: false; problems: readonly RowProblem[] }>;

const EMAIL = /^[^\s@,;<>]+@[^\s@,;<>]+\.[^\s@,;<>]+$/;
/** An email address as Seatwise accepts it everywhere (people, usage, the organization's owner). */
export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Checks the header row: every required column present, no unknown or repeated column. */
export function validatePeopleHeader(header: readonly string[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) problems.push({ line: 1, field: column, message: 'column appears twice' });
    seen.add(column);
    if (!(PEOPLE_CSV_COLUMNS as readonly string[]).includes(column)) {
      problems.push({ line: 1, field: column, message: `unknown column (expected ${PEOPLE_CSV_COLUMNS.join(',')})` });
    }
  }
  for (const column of PEOPLE_CSV_REQUIRED) {
    if (!seen.has(column)) problems.push({ line: 1, field: column, message: 'required column is missing' });
  }
  return problems;
}

/**
 * Validates every row of a people file and reports every problem (not just the first), so the whole
 * file can be fixed in one pass. Departments are matched by name, case-insensitively; an email may
 * appear once per file (case-insensitively). `today` bounds start dates.
 */
export function validatePeopleRows(input: {
  records: readonly CsvRecord[];
  departmentIdsByName: ReadonlyMap<string, string>;
  today: string;
}): PeopleImportValidation {
  const problems: RowProblem[] = [];
  const rows: PersonImportRow[] = [];
  const firstLineByEmail = new Map<string, number>();
  const knownDepartments = [...input.departmentIdsByName.keys()].join(', ');
  const departments = new Map([...input.departmentIdsByName].map(([name, id]) => [name.toLowerCase(), id]));

  for (const { line, values } of input.records) {
    const at = (field: string, message: string) => problems.push({ line, field, message });
    const email = (values.email ?? '').trim().toLowerCase();
    const name = (values.name ?? '').trim();
    const departmentName = (values.department ?? '').trim();
    const jobFamily = (values.job_family ?? '').trim();
    const startDate = (values.start_date ?? '').trim();
    const roleText = (values.role ?? '').trim().toLowerCase();
    const title = values.title === undefined ? undefined : values.title.trim() || null;
    const before = problems.length;

    if (!email) at('email', 'is required');
    else if (!isEmail(email)) at('email', `"${values.email}" is not a valid email address`);
    else {
      const first = firstLineByEmail.get(email);
      if (first !== undefined) at('email', `duplicates line ${first}`);
      else firstLineByEmail.set(email, line);
    }
    if (!name) at('name', 'is required');
    else if (name.length > 200) at('name', 'is longer than 200 characters');
    const departmentId = departments.get(departmentName.toLowerCase());
    if (!departmentName) at('department', 'is required');
    else if (!departmentId) at('department', `unknown department "${departmentName}" (known: ${knownDepartments})`);
    if (!jobFamily) at('job_family', 'is required');
    if (startDate && !isIsoDate(startDate)) at('start_date', notIsoDayMessage(startDate));
    else if (startDate && startDate > input.today) at('start_date', `${startDate} is in the future`);
    if (roleText && !isRole(roleText)) at('role', `"${values.role}" is not a role (use member, dept_lead, admin, owner, auditor)`);
    else if (roleText === 'primary_owner') at('role', 'primary_owner cannot be granted by import');
    if (title && title.length > 200) at('title', 'is longer than 200 characters');

    if (problems.length === before) {
      rows.push({
        line,
        email,
        name,
        departmentId: departmentId!,
        jobFamily,
        employmentStartDate: startDate || null,
        role: (roleText || 'member') as Role,
        title,
      });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
