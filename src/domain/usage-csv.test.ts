import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUsageDay, parseUsageColumnMap, resolveUsageHeader, validateUsageRow, type UsageCsvLayout } from './usage-csv.ts';
import { ZERO_USAGE } from './usage.ts';

const HEADER = ['date', 'email', 'source', 'messages', 'input_tokens', 'output_tokens', 'cost_usd', 'limit_hits', 'active_minutes'];
const layoutOf = (header: readonly string[], map = new Map()): UsageCsvLayout => {
  const resolved = resolveUsageHeader(header, map);
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  return resolved.layout;
};
const LAYOUT = layoutOf(HEADER);
const validate = (record: string[], line = 2) => validateUsageRow({ line, record, layout: LAYOUT, latestDay: '2026-11-28' });
const problemsOf = (record: string[]) => {
  const result = validate(record);
  return result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`);
};
const good = ['2026-11-01', 'Ada@Test.example', '', '12', '1000', '2000', '1.5', '0', '30'];

describe('parseUsageColumnMap', () => {
  it('maps file headers case-insensitively to columns, and - to ignored', () => {
    const result = parseUsageColumnMap('Date=date, User Email=email,Cost (USD)=cost_usd,Extra=-');
    expect(result).toEqual({ ok: true, map: new Map([['date', 'date'], ['user email', 'email'], ['cost (usd)', 'cost_usd'], ['extra', null]]) });
  });

  it('uses the last = so a header may contain one', () => {
    expect(parseUsageColumnMap('a=b=email')).toEqual({ ok: true, map: new Map([['a=b', 'email']]) });
  });

  it('reports malformed entries, unknown targets and headers mapped twice', () => {
    expect(parseUsageColumnMap('Date,Foo=bar,X=email,x=date')).toEqual({
      ok: false,
      problems: ['"Date" is not FileColumn=column', '"Foo=bar": bar is not a column (use one of date,email,source,messages,input_tokens,output_tokens,cost_usd,limit_hits,active_minutes,sessions,lines_added,lines_removed,commits,pull_requests or - to ignore)', '"x" is mapped twice'],
    });
  });
});

describe('resolveUsageHeader', () => {
  it('accepts canonical columns in any order and case, with only date and email required', () => {
    const layout = layoutOf([' Email', 'DATE']);
    expect(layout.width).toBe(2);
    expect(layout.index.email).toBe(0);
    expect(layout.index.date).toBe(1);
    expect(layout.index.messages).toBe(-1);
  });

  it('names missing required columns, unknown columns and columns given twice', () => {
    const result = resolveUsageHeader(['email', 'Tokens', 'messages', 'messages']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.line} ${p.field}: ${p.message}`)).toEqual([
      '1 Tokens: unknown column (expected date,email,source,messages,input_tokens,output_tokens,cost_usd,limit_hits,active_minutes; map it with --map "Tokens=column" or ignore it with --map "Tokens=-")',
      '1 messages: column appears twice (columns 3 and 4)',
      '1 date: required column is missing',
    ]);
  });

  it('applies the column map: renamed, ignored, and entries naming no column of the file', () => {
    const map = new Map<string, 'date' | 'email' | null>([['day', 'date'], ['user', 'email'], ['notes', null], ['ghost', null]]);
    const result = resolveUsageHeader(['Day', 'User', 'Notes'], map);
    expect(result).toEqual({ ok: false, problems: [{ line: 1, field: 'ghost', message: 'is in the column map but not in the file' }] });
    const layout = layoutOf(['Day', 'User', 'Notes'], new Map<string, 'date' | 'email' | null>([['day', 'date'], ['user', 'email'], ['notes', null]]));
    expect(validateUsageRow({ line: 2, record: ['2026-11-01', 'a@b.example', 'whatever'], layout, latestDay: '2026-11-28' })).toMatchObject({ ok: true, row: { day: '2026-11-01', identity: 'a@b.example' } });
  });
});

describe('isUsageDay', () => {
  it('accepts real calendar days only', () => {
    expect(isUsageDay('2024-02-29')).toBe(true);
    expect(isUsageDay('2026-12-31')).toBe(true);
    for (const bad of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-4-1', '26-11-01', '2026-11-01T00:00', '2026/11/01', '']) expect(isUsageDay(bad), bad).toBe(false);
  });
});

describe('validateUsageRow', () => {
  it('accepts a good row: email lower-cased, source defaulted, cost exact, empty cells zero', () => {
    expect(validate(good)).toEqual({
      ok: true,
      row: { line: 2, identity: 'ada@test.example', day: '2026-11-01', source: 'csv', metrics: { ...ZERO_USAGE, messages: 12, inputTokens: 1000, outputTokens: 2000, costUsd: '1.5000', activeMinutes: 30 } },
    });
    const sparse = validate(['2026-11-01', 'a@b.example', 'Claude_Code', '', '', '', '', '', '']);
    expect(sparse).toEqual({ ok: true, row: { line: 2, identity: 'a@b.example', day: '2026-11-01', source: 'claude_code', metrics: { ...ZERO_USAGE, costUsd: '0.0000' } } });
  });

  it('rounds costs to four decimals, half up', () => {
    const cost = (text: string) => {
      const r = validate(['2026-11-01', 'a@b.example', '', '', '', '', text, '', '']);
      return r.ok ? r.row.metrics.costUsd : r.problems[0]!.message;
    };
    expect(cost('0.12344')).toBe('0.1234');
    expect(cost('0.12345')).toBe('0.1235');
    expect(cost('9.99995')).toBe('10.0000');
    expect(cost('.5')).toBe('0.5000');
    expect(cost('12.')).toBe('12.0000');
    expect(cost('10000000000')).toBe('10000000000 is too large');
    expect(cost('9999999999.9999')).toBe('9999999999.9999');
    expect(cost('007.5000')).toBe('7.5000');
    // Amounts already written with four decimals take a shortcut; it agrees with the general rounding.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999 }), fc.integer({ min: 0, max: 9999 }), (whole, fraction) => {
        const text = `${whole}.${String(fraction).padStart(4, '0')}`;
        expect(cost(text)).toBe(text);
        expect(cost(`${text}0`)).toBe(text);
      }),
    );
  });

  it('reports every problem of the row: bad date, bad email, negative and non-numeric values', () => {
    expect(problemsOf(['2026-02-30', 'not-an-email', 'bad source!', '-3', 'many', '1.5', '$2', '', '1441'])).toEqual([
      'date: "2026-02-30" is not a date in YYYY-MM-DD form',
      'email: "not-an-email" is not a valid email address',
      'source: "bad source!" is not a source name (letters, digits, . _ : -)',
      'messages: must not be negative (got -3)',
      'input_tokens: "many" is not a number',
      'output_tokens: must be a whole number (got 1.5)',
      'active_minutes: 1441 is more than 1440 (minutes in a day)',
      'cost_usd: "$2" is not an amount in USD',
    ]);
    expect(problemsOf(['2026-11-01', 'a@b.example', '', '', '', '', '-0.5', '', ''])).toEqual(['cost_usd: must not be negative (got -0.5)']);
    expect(problemsOf(['', '', '', '2147483648', '', '', '', '', ''])).toEqual(['date: is required', 'email: is required', 'messages: 2147483648 is more than 2147483647']);
  });

  it('says how to write a European date and a decimal comma, as spreadsheets save them', () => {
    expect(problemsOf(['21.11.2026', 'a@b.example', '', '', '', '', '0,0141', '', ''])).toEqual([
      'date: "21.11.2026" is not a date in YYYY-MM-DD form; write 2026-11-21',
      'cost_usd: "0,0141" has a decimal comma; write 0.0141',
    ]);
    // Only unambiguous forms get a suggestion: slashes could be month first, and 31.02. is no day.
    expect(problemsOf(['11/21/2026', 'a@b.example', '', '', '', '', '', '', ''])).toEqual(['date: "11/21/2026" is not a date in YYYY-MM-DD form']);
    expect(problemsOf(['31.02.2026', 'a@b.example', '', '', '', '', '1,2,3', '', ''])).toEqual(['date: "31.02.2026" is not a date in YYYY-MM-DD form', 'cost_usd: "1,2,3" is not an amount in USD']);
    expect(problemsOf(['1.3.2026', 'a@b.example', '', '', '', '', '', '', ''])).toEqual(['date: "1.3.2026" is not a date in YYYY-MM-DD form; write 2026-03-01']);
    // 1,234 may be a thousand and more written with a separator: no guess.
    expect(problemsOf(['2026-11-01', 'a@b.example', '', '', '', '', '1,234', '', ''])).toEqual(['cost_usd: "1,234" is not an amount in USD']);
    expect(problemsOf(['2026-11-01', 'a@b.example', '', '', '', '', '12,5', '', ''])).toEqual(['cost_usd: "12,5" has a decimal comma; write 12.5']);
  });

  it('refuses days in the future and implausibly old days', () => {
    expect(problemsOf(['2026-11-29', 'a@b.example', '', '', '', '', '', '', ''])).toEqual(['date: 2026-11-29 is in the future']);
    expect(problemsOf(['1999-12-31', 'a@b.example', '', '', '', '', '', '', ''])).toEqual(['date: 1999-12-31 is before 2000-01-01']);
    expect(problemsOf(['2026-11-28', 'a@b.example', '', '', '', '', '', '', ''])).toEqual([]);
  });

  it('reports a row whose field count differs from the header', () => {
    expect(problemsOf(['2026-11-01', 'a@b.example'])).toEqual(['file: has 2 fields but the header has 9']);
  });
});
