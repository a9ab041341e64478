import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapSeats, parseSeatsPage, seatIdleness } from './mapper.ts';

const page = parseSeatsPage(JSON.parse(readFileSync(new URL('./fixtures/seats.json', import.meta.url), 'utf8')));
const ASOF = new Date('2026-11-27T12:00:00Z');
const daysBefore = (days: number) => new Date(ASOF.getTime() - days * 86_400_000);

describe('mapSeats', () => {
  it('maps user seats by login and skips team or organization assignees', () => {
    const { seats, skipped } = mapSeats(page.seats);
    expect(skipped).toBe(1);
    expect(seats.map((s) => s.login)).toEqual(['dana-r', 'Idle-Ivan', 'new-nora']);
    expect(seats[1]).toEqual({
      login: 'Idle-Ivan',
      planType: 'business',
      assignedAt: new Date('2026-02-01T09:00:00Z'),
      lastActivityAt: new Date('2026-09-01T08:00:00Z'),
      lastActivityEditor: 'JetBrains-IU/242.21829.142/copilot-intellij/1.5.21',
      pendingCancellationDate: '2026-12-01',
    });
    expect(seats[2]).toMatchObject({ lastActivityAt: null, lastActivityEditor: null, planType: 'enterprise' });
  });

  it('keeps one seat per login, case-insensitively', () => {
    const twice = [page.seats[0]!, { ...page.seats[0]!, assignee: { login: 'DANA-R' }, plan_type: 'enterprise' }];
    expect(mapSeats(twice).seats).toHaveLength(1);
    expect(mapSeats(twice).seats[0]).toMatchObject({ login: 'DANA-R', planType: 'enterprise' });
  });
});

describe('seatIdleness', () => {
  it('calls a seat idle once its last activity is 30 days old, not a day sooner', () => {
    expect(seatIdleness({ assignedAt: null, lastActivityAt: daysBefore(30) }, ASOF)).toEqual({ isIdle: true, daysSinceActivity: 30 });
    expect(seatIdleness({ assignedAt: null, lastActivityAt: daysBefore(29.9) }, ASOF)).toEqual({ isIdle: false, daysSinceActivity: 29 });
  });

  it('gives a never-used seat the same grace from its assignment', () => {
    expect(seatIdleness({ assignedAt: daysBefore(7), lastActivityAt: null }, ASOF)).toEqual({ isIdle: false, daysSinceActivity: null });
    expect(seatIdleness({ assignedAt: daysBefore(31), lastActivityAt: null }, ASOF)).toEqual({ isIdle: true, daysSinceActivity: null });
    expect(seatIdleness({ assignedAt: null, lastActivityAt: null }, ASOF).isIdle).toBe(true);
  });

  it('takes another threshold', () => {
    expect(seatIdleness({ assignedAt: null, lastActivityAt: daysBefore(8) }, ASOF, 7).isIdle).toBe(true);
  });

  it('classifies the fixture seats', () => {
    const idle = mapSeats(page.seats).seats.filter((s) => seatIdleness(s, ASOF).isIdle).map((s) => s.login);
    expect(idle).toEqual(['Idle-Ivan']);
  });
});
