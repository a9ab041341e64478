import { describe, expect, it } from 'vitest';
import { LEASE_STATUSES, leaseDays, transitionLease, type LeaseEvent } from './leases.ts';
import { addWorkingDays } from './working-days.ts';
import { orderWaitlist, waitlistPriority } from './waitlist.ts';

describe('transitionLease', () => {
  it('follows requested → scheduled → active → ended', () => {
    expect(transitionLease('requested', { kind: 'approve', startsNow: false })).toEqual({ ok: true, status: 'scheduled', endReason: null });
    expect(transitionLease('scheduled', { kind: 'start' })).toEqual({ ok: true, status: 'active', endReason: null });
    expect(transitionLease('active', { kind: 'end', reason: 'expired' })).toEqual({ ok: true, status: 'ended', endReason: 'expired' });
  });

  it('starts at once when approved on or after its start', () => {
    expect(transitionLease('waitlisted', { kind: 'approve', startsNow: true })).toMatchObject({ status: 'active' });
  });

  it('lets a scheduled lease be returned, reclaimed or revoked but not expire before it starts', () => {
    for (const reason of ['returned', 'reclaimed', 'revoked'] as const) expect(transitionLease('scheduled', { kind: 'end', reason })).toMatchObject({ ok: true, status: 'ended', endReason: reason });
    expect(transitionLease('scheduled', { kind: 'end', reason: 'expired' }).ok).toBe(false);
  });

  it('refuses every transition out of a final state', () => {
    const events: LeaseEvent[] = [{ kind: 'approve', startsNow: true }, { kind: 'waitlist' }, { kind: 'deny' }, { kind: 'cancel' }, { kind: 'start' }, { kind: 'end', reason: 'returned' }];
    for (const status of ['ended', 'denied', 'cancelled'] as const) {
      for (const event of events) expect(transitionLease(status, event)).toMatchObject({ ok: false, reason: 'INVALID_TRANSITION' });
    }
  });

  it('has no path back to requested', () => {
    const events: LeaseEvent[] = [{ kind: 'approve', startsNow: false }, { kind: 'waitlist' }, { kind: 'start' }];
    for (const status of LEASE_STATUSES) for (const event of events) {
      const r = transitionLease(status, event);
      if (r.ok) expect(r.status).not.toBe('requested');
    }
  });
});

describe('leaseDays and working days', () => {
  it('counts whole days, rounding partial days up', () => {
    expect(leaseDays(Date.parse('2026-12-01T00:00:00Z'), Date.parse('2026-12-15T00:00:00Z'))).toBe(14);
    expect(leaseDays(Date.parse('2026-12-01T00:00:00Z'), Date.parse('2026-12-01T06:00:00Z'))).toBe(1);
  });
  it('skips weekends when adding notice days', () => {
    const monday = Date.parse('2026-11-23T09:00:00Z');
    expect(new Date(addWorkingDays(monday, 2)).toISOString()).toBe('2026-11-25T09:00:00.000Z');
    const saturday = Date.parse('2026-11-28T09:00:00Z');
    expect(new Date(addWorkingDays(saturday, 1)).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(addWorkingDays(monday, 0)).toBe(monday);
  });
});

describe('waitlist order', () => {
  const now = Date.parse('2026-11-27T00:00:00Z');
  const entry = (id: string, extra: Partial<Parameters<typeof waitlistPriority>[0]> = {}) => ({ id, requestedAt: now, deadline: null, hasProject: false, needScore: null, ...extra });

  it('puts a near deadline first, then project work, then evidence of need', () => {
    const order = orderWaitlist([entry('plain'), entry('project', { hasProject: true }), entry('deadline', { deadline: now + 5 * 86_400_000 }), entry('need', { needScore: 0.9 })], now);
    expect(order.map((e) => e.id)).toEqual(['deadline', 'need', 'project', 'plain']);
  });

  it('ages: a request waiting long enough overtakes a newer one with more declared need', () => {
    const old = entry('old', { requestedAt: now - 30 * 86_400_000 });
    const fresh = entry('fresh', { hasProject: true, needScore: 0.5 });
    expect(orderWaitlist([fresh, old], now).map((e) => e.id)).toEqual(['old', 'fresh']);
  });

  it('breaks ties by request time, then id', () => {
    const a = entry('b', { requestedAt: now - 1000 });
    const b = entry('a', { requestedAt: now - 1000 });
    const c = entry('c', { requestedAt: now - 5000 });
    expect(orderWaitlist([a, b, c], now).map((e) => e.id)).toEqual(['c', 'a', 'b']);
  });
});
