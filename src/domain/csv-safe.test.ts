import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, isFormulaLike, neutralizeCell, toCsv, toCsvRow } from './csv-safe.ts';

describe('csv-safe', () => {
  it('prefixes cells a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '＝1']) expect(neutralizeCell(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text, empty text and inner formula characters alone', () => {
    for (const text of ['Alice', '', 'a=b', 'x-1', "'already"]) expect(neutralizeCell(text)).toBe(text);
  });

  it('writes numbers as numbers, including negative ones', () => {
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(null)).toBe('');
    expect(() => csvField(Number.POSITIVE_INFINITY)).toThrow();
  });

  it('quotes separators, quotes and line breaks (RFC 4180) after neutralizing', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(toCsv(['a', 'b'], [[1, '-x']])).toBe("a,b\r\n1,'-x\r\n");
  });

  it('never emits a field a spreadsheet reads as a formula (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (cells) => {
        for (const field of toCsvRow(cells).length ? cells.map(csvField) : []) {
          const unquoted = field.startsWith('"') ? field.slice(1) : field;
          expect(isFormulaLike(unquoted)).toBe(false);
        }
      }),
    );
  });
});
