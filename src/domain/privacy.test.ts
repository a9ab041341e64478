import { describe, expect, it } from 'vitest';
import type { RoleGrant } from './roles.ts';
import { canSeeDepartmentPeople, canSeePersonUsage, discloseAggregate, isDisclosable, K_ANONYMITY_MIN, suppressSmallGroups, type Viewer } from './privacy.ts';

const A = 'dept-a';
const B = 'dept-b';
const person = (personId: string, grants: RoleGrant[]): Viewer => ({ kind: 'person', personId, grants });

describe('who sees per-person usage', () => {
  const member = person('m', [{ role: 'member', departmentId: null }]);
  const leadA = person('la', [{ role: 'dept_lead', departmentId: A }]);
  const auditor = person('au', [{ role: 'auditor', departmentId: null }]);
  const admin = person('ad', [{ role: 'admin', departmentId: null }]);

  it('lets an employee see their own usage and nobody else’s', () => {
    expect(canSeePersonUsage(member, { personId: 'm', departmentId: A })).toBe(true);
    expect(canSeePersonUsage(member, { personId: 'x', departmentId: A })).toBe(false);
  });

  it('lets a lead see their own department only', () => {
    expect(canSeeDepartmentPeople(leadA, A)).toBe(true);
    expect(canSeeDepartmentPeople(leadA, B)).toBe(false);
    expect(canSeePersonUsage(leadA, { personId: 'x', departmentId: null })).toBe(false);
  });

  it('lets auditors, admins and operators see everyone', () => {
    for (const v of [auditor, admin, { kind: 'cli' } as const]) expect(canSeeDepartmentPeople(v, B)).toBe(true);
  });
});

describe('k-anonymity', () => {
  it(`discloses groups of ${K_ANONYMITY_MIN} or more, and suppresses 4`, () => {
    expect(isDisclosable(5)).toBe(true);
    expect(isDisclosable(4)).toBe(false);
    expect(isDisclosable(0)).toBe(false);
  });

  it('withholds a small aggregate and its size unless the viewer is entitled', () => {
    expect(discloseAggregate({ value: 42, groupSize: 3, isEntitled: false })).toEqual({ value: null, isSuppressed: true, groupSize: null });
    expect(discloseAggregate({ value: 42, groupSize: 3, isEntitled: true })).toEqual({ value: 42, isSuppressed: false, groupSize: 3 });
    expect(discloseAggregate({ value: 42, groupSize: 5, isEntitled: false })).toEqual({ value: 42, isSuppressed: false, groupSize: 5 });
  });

  it('suppresses small groups in a breakdown and keeps the rest in order', () => {
    const groups = [{ key: 'hw', size: 4, total: 10 }, { key: 'sw', size: 9, total: 50 }, { key: 'ops', size: 2, total: 7 }];
    const out = suppressSmallGroups(groups, { value: (g) => g.total, isEntitled: (g) => g.key === 'ops' });
    expect(out.map((g) => [g.group.key, g.value, g.isSuppressed])).toEqual([['hw', null, true], ['sw', 50, false], ['ops', 7, false]]);
  });
});
