import { describe, expect, it } from 'vitest';
import { alignWindow, buildReplayHistory, inferBurstSprints, lastWholeWeeks, NO_DEPARTMENT } from '../../src/app/lab/replay-history.ts';
import { replayPolicies } from '../../src/sim/replay.ts';

describe('alignWindow', () => {
  it('snaps a window outward to whole Monday–Sunday weeks', () => {
    expect(alignWindow('2026-08-05', '2026-08-20')).toEqual({ from: '2026-08-03', to: '2026-08-23', weeks: 3 });
    expect(alignWindow('2026-08-03', '2026-08-09')).toEqual({ from: '2026-08-03', to: '2026-08-09', weeks: 1 });
  });
  it('takes the last whole weeks before the current one', () => {
    // 2026-11-27 is a Friday; its week starts Monday 2026-11-23.
    expect(lastWholeWeeks('2026-11-27', 13)).toEqual({ from: '2026-08-24', to: '2026-11-22', weeks: 13 });
  });
});

describe('buildReplayHistory', () => {
  const window = alignWindow('2026-09-07', '2026-10-04'); // 4 weeks
  const base = {
    window,
    warmupWeeks: 2,
    premiumSeats: 1,
    people: [
      { id: 'a', departmentName: 'Software', jobFamily: 'software_engineer', employmentStartDate: '2019-01-01', leftOn: null, isLead: true },
      { id: 'b', departmentName: 'Software', jobFamily: 'embedded_engineer', employmentStartDate: '2025-01-01', leftOn: null, isLead: false },
      { id: 'c', departmentName: 'Software', jobFamily: 'software_engineer', employmentStartDate: '2024-01-01', leftOn: null, isLead: false },
      { id: 'd', departmentName: null, jobFamily: 'chef', employmentStartDate: '2022-01-01', leftOn: null, isLead: false },
      { id: 'gone', departmentName: 'Software', jobFamily: 'software_engineer', employmentStartDate: '2020-01-01', leftOn: '2026-08-01', isLead: false },
      { id: 'future', departmentName: 'Software', jobFamily: 'software_engineer', employmentStartDate: '2026-12-01', leftOn: null, isLead: false },
    ],
    usage: [
      { personId: 'a', day: '2026-08-24', messages: 30, limitHits: 1 }, // warm-up, first day
      { personId: 'b', day: '2026-09-08', messages: 40, limitHits: 0 },
      { personId: 'b', day: '2026-10-05', messages: 40, limitHits: 0 }, // after the window
      { personId: 'gone', day: '2026-09-08', messages: 40, limitHits: 2 },
    ],
    leases: [
      { personId: 'a', departmentName: 'Software', project: 'radar', startsAt: new Date('2026-09-14T00:00:00Z'), endsAt: new Date('2026-09-28T00:00:00Z') },
      { personId: 'c', departmentName: 'Software', project: 'radar', startsAt: new Date('2026-09-14T00:00:00Z'), endsAt: new Date('2026-09-21T00:00:00Z') },
      { personId: 'b', departmentName: 'Software', project: null, startsAt: new Date('2026-09-21T00:00:00Z'), endsAt: new Date('2026-09-28T00:00:00Z') },
    ],
  };
  const history = buildReplayHistory(base);

  it('starts the warm-up before the window and counts its weeks', () => {
    expect(history.start).toBe('2026-08-24');
    expect(history.weeks).toBe(6);
    expect(history.warmupWeeks).toBe(2);
  });

  it('keeps people employed in the history, with departments and their most common job family', () => {
    expect(history.people.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(history.people.find((p) => p.id === 'd')!.department).toBe(NO_DEPARTMENT);
    expect(history.departments).toEqual([{ name: NO_DEPARTMENT, jobFamily: 'software_engineer' }, { name: 'Software', jobFamily: 'software_engineer' }]);
    expect(history.people.find((p) => p.id === 'a')!.isLead).toBe(true);
  });

  it('keeps only usage of those people inside the history', () => {
    expect(history.usage.map((u) => `${u.personId}@${u.day}`)).toEqual(['a@2026-08-24', 'b@2026-09-08']);
  });

  it('turns leases into sprints: one per project and start, untagged leases on their own', () => {
    expect(history.projects).toEqual([
      { department: 'Software', start: '2026-09-14', end: '2026-09-28', members: ['a', 'c'] },
      { department: 'Software', start: '2026-09-21', end: '2026-09-28', members: ['b'] },
    ]);
  });

  it('replays: a limit-hit day in the measured window is a need day the oracle serves', () => {
    const quiet = replayPolicies(history);
    const busy = replayPolicies({ ...history, usage: [...history.usage, { personId: 'c', day: '2026-09-15', messages: 45, limitHits: 3 }] });
    expect(quiet.oracle.poolSeats).toBe(0);
    expect(busy.oracle.poolSeats).toBe(1);
    expect(busy.policies.find((p) => p.policyId === 'P6')!.needDays).toBe(1);
  });
});

describe('inferBurstSprints', () => {
  const start = '2026-09-07';
  const day = (week: number, d = 1) => new Date(Date.parse(`${start}T00:00:00Z`) + (week * 7 + d) * 86_400_000).toISOString().slice(0, 10);
  const weekly = (person: string, weeks: number[], hitWeeks: number[]) => weeks.map((m, w) => ({ personId: person, day: day(w), messages: m, limitHits: hitWeeks.includes(w) ? 1 : 0 }));

  it('finds runs of weeks at twice the person’s median week with a limit hit, one sprint per run', () => {
    const usage = weekly('a', [50, 50, 120, 130, 50, 50, 110, 50], [2, 3, 6]);
    expect(inferBurstSprints({ start, weeks: 8, people: [{ id: 'a', department: 'Software' }], usage })).toEqual([
      { department: 'Software', start: '2026-09-21', end: '2026-10-05', members: ['a'] },
      { department: 'Software', start: '2026-10-19', end: '2026-10-26', members: ['a'] },
    ]);
  });

  it('ignores a heavy week without a limit hit, and people without usage', () => {
    const usage = weekly('a', [50, 50, 150, 50], []);
    expect(inferBurstSprints({ start, weeks: 4, people: [{ id: 'a', department: 'Software' }, { id: 'b', department: 'Software' }], usage })).toEqual([]);
  });

  it('is what buildReplayHistory uses with calendar: bursts', () => {
    const window = alignWindow('2026-09-07', '2026-10-04');
    const people = [{ id: 'a', departmentName: 'Software', jobFamily: 'software_engineer', employmentStartDate: '2020-01-01', leftOn: null, isLead: false }];
    const usage = weekly('a', [50, 50, 120, 50], [2]);
    const history = buildReplayHistory({ window, warmupWeeks: 0, premiumSeats: 1, people, usage, leases: [], calendar: 'bursts' });
    expect(history.projects).toEqual([{ department: 'Software', start: '2026-09-21', end: '2026-09-28', members: ['a'] }]);
  });
});
