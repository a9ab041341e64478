import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPrefixQuery, validateUseCase, type UseCaseDraft } from './use-cases.ts';

const draft = (over: Partial<UseCaseDraft> = {}): UseCaseDraft => ({ title: 'Test plans from requirements', task: 'Draft EMC test plans', workflow: '', tools: ['Claude'], tags: ['EMC', '#testing', 'emc'], links: [], minutesSavedPerWeek: 90, ...over });

describe('validateUseCase', () => {
  it('normalises tags (lower case, no #, no duplicates)', () => {
    const r = validateUseCase(draft());
    expect(r.ok && r.value.tags).toEqual(['emc', 'testing']);
  });

  it('names every failing field', () => {
    const r = validateUseCase(draft({ title: 'ab', task: '', links: ['ftp://x', 'https://ok.example'], minutesSavedPerWeek: -5 }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual(['title', 'task', 'links', 'minutesSavedPerWeek']);
  });
});

describe('toPrefixQuery', () => {
  it('makes every word a required prefix', () => {
    expect(toPrefixQuery('Bootloader  port!')).toBe('bootloader:* & port:*');
    expect(toPrefixQuery('  &|!() ')).toBeNull();
  });

  it('never lets tsquery operators through (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const q = toPrefixQuery(s);
      if (q !== null) expect(q).toMatch(/^[\p{L}\p{N}]+:\*( & [\p{L}\p{N}]+:\*)*$/u);
    }));
  });
});
