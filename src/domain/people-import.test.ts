import { describe, expect, it } from 'vitest';
import { isIsoDate, validatePeopleHeader, validatePeopleRows } from './people-import.ts';

const departments = new Map([['Software', 'd-sw'], ['Embedded', 'd-emb']]);
const row = (line: number, values: Record<string, string>) => ({ line, values: { email: 'a@b.example', name: 'A', department: 'Software', job_family: 'software_engineer', start_date: '', role: '', ...values } });

describe('validatePeopleHeader', () => {
  it('names missing, unknown and repeated columns', () => {
    expect(validatePeopleHeader(['email', 'name', 'dept', 'email'])).toEqual([
      { line: 1, field: 'dept', message: 'unknown column (expected email,name,department,job_family,start_date,role,title)' },
      { line: 1, field: 'email', message: 'column appears twice' },
      { line: 1, field: 'department', message: 'required column is missing' },
      { line: 1, field: 'job_family', message: 'required column is missing' },
    ]);
  });
});

describe('validatePeopleRows', () => {
  it('accepts good rows, lower-cases emails, matches departments case-insensitively and defaults the role', () => {
    const result = validatePeopleRows({ records: [row(2, { email: 'Ana@X.example', department: 'embedded' })], departmentIdsByName: departments, today: '2026-11-27' });
    expect(result).toEqual({ ok: true, rows: [{ line: 2, email: 'ana@x.example', name: 'A', departmentId: 'd-emb', jobFamily: 'software_engineer', employmentStartDate: null, role: 'member' }] });
  });

  it('reports every problem of every row with its line and field', () => {
    const result = validatePeopleRows({
      records: [
        row(2, { email: 'dup@x.example' }),
        row(3, { email: 'DUP@x.example', start_date: '2027-01-01' }),
        row(4, { email: 'no-at-sign', department: 'Sales', job_family: '', role: 'primary_owner' }),
      ],
      departmentIdsByName: departments,
      today: '2026-11-27',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `line ${p.line}: ${p.field}`)).toEqual([
      'line 3: email',
      'line 3: start_date',
      'line 4: email',
      'line 4: department',
      'line 4: job_family',
      'line 4: role',
    ]);
    expect(result.problems[0]!.message).toBe('duplicates line 2');
  });

  it('says how to write a start date typed DD.MM.YYYY', () => {
    const result = validatePeopleRows({ records: [row(2, { start_date: '03.02.2024' }), row(3, { email: 'c@d.example', start_date: '02/03/2024' })], departmentIdsByName: departments, today: '2026-11-27' });
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 2, field: 'start_date', message: '"03.02.2024" is not a date in YYYY-MM-DD form; write 2024-02-03' },
        { line: 3, field: 'start_date', message: '"02/03/2024" is not a date in YYYY-MM-DD form' },
      ],
    });
  });

  it('never reads seniority for anything but storage', () => {
    const a = validatePeopleRows({ records: [row(2, { start_date: '1990-01-01' })], departmentIdsByName: departments, today: '2026-11-27' });
    expect(a.ok && a.rows[0]!.employmentStartDate).toBe('1990-01-01');
  });
});

describe('titles', () => {
  it('reads an optional title column: trimmed, empty means none, absent means leave as is, too long is refused', () => {
    const ok = validatePeopleRows({ records: [row(2, { title: '  Senior firmware engineer ' }), row(3, { email: 'c@d.example', title: '' }), { line: 4, values: { email: 'e@f.example', name: 'E', department: 'Software', job_family: 'software_engineer' } }], departmentIdsByName: departments, today: '2026-11-27' });
    expect(ok.ok && ok.rows.map((r) => r.title)).toEqual(['Senior firmware engineer', null, undefined]);
    const long = validatePeopleRows({ records: [row(2, { title: 'x'.repeat(201) })], departmentIdsByName: departments, today: '2026-11-27' });
    expect(long).toEqual({ ok: false, problems: [{ line: 2, field: 'title', message: 'is longer than 200 characters' }] });
  });
});

describe('isIsoDate', () => {
  it('accepts real calendar days only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-2-1')).toBe(false);
    expect(isIsoDate('2024-12-31T00:00')).toBe(false);
  });
});
