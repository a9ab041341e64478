import { describe, expect, it } from 'vitest';
import { DEMO_DEPARTMENTS, DEMO_INVENTORY, generateDemoCompany } from './demo-company.ts';
import { weekdayOf } from '../domain/dates.ts';

const company = generateDemoCompany({ today: '2026-11-27' });

describe('generateDemoCompany', () => {
  it('is deterministic for a seed and anchor day', () => {
    expect(JSON.stringify(generateDemoCompany({ today: '2026-11-27' }))).toBe(JSON.stringify(company));
    expect(JSON.stringify(generateDemoCompany({ today: '2026-11-27', seed: 7 }))).not.toBe(JSON.stringify(company));
  });

  it('has 100 people with unique emails in six departments, each with exactly one lead', () => {
    expect(company.people).toHaveLength(100);
    expect(new Set(company.people.map((p) => p.email)).size).toBe(100);
    for (const d of DEMO_DEPARTMENTS) {
      const members = company.people.filter((p) => p.department === d.name);
      expect(members).toHaveLength(d.headcount);
      expect(members.filter((p) => p.isLead)).toHaveLength(1);
    }
    const roles = company.people.flatMap((p) => p.roles);
    for (const role of ['primary_owner', 'owner', 'admin', 'auditor']) expect(roles).toContain(role);
    expect(roles.filter((r) => r === 'primary_owner')).toHaveLength(1);
  });

  it('holds exactly the seats bought: 12 premium and 88 standard today, one current tier each', () => {
    const current = company.assignments.filter((a) => a.validTo === null);
    expect(current).toHaveLength(100);
    expect(new Set(current.map((a) => a.personKey)).size).toBe(100);
    for (const line of DEMO_INVENTORY) expect(current.filter((a) => a.tier === line.tier)).toHaveLength(line.seatsPurchased);
  });

  it('has weekday seasonality and project bursts in its six months of usage', () => {
    const days = new Set(company.usage.map((u) => u.day));
    expect(days.size).toBeGreaterThan(170);
    const weekday = company.usage.filter((u) => ![0, 6].includes(weekdayOf(u.day)));
    const weekend = company.usage.filter((u) => [0, 6].includes(weekdayOf(u.day)));
    const avg = (rows: typeof company.usage) => rows.reduce((n, u) => n + u.messages, 0) / Math.max(1, rows.length);
    expect(weekday.reduce((n, u) => n + u.messages, 0)).toBeGreaterThan(10 * weekend.reduce((n, u) => n + u.messages, 0));
    // Bursts: for many people a busy week runs at 2.5x or more of a quiet (lower-quartile) week.
    const bursty = company.people.filter((p) => {
      const weekly = new Map<number, number>();
      for (const u of company.usage) if (u.personKey === p.key) weekly.set(Math.floor(Date.parse(u.day) / 6.048e8), (weekly.get(Math.floor(Date.parse(u.day) / 6.048e8)) ?? 0) + u.messages);
      const sorted = [...weekly.values()].sort((a, b) => a - b);
      return sorted.length > 10 && sorted[sorted.length - 2]! >= 2.5 * sorted[Math.floor(sorted.length / 4)]!;
    });
    expect(bursty.length).toBeGreaterThan(25);
    expect(avg(weekday)).toBeGreaterThan(0);
    for (const u of company.usage) {
      expect(u.messages).toBeGreaterThan(0);
      expect(Number(u.costUsd)).toBeGreaterThanOrEqual(0);
    }
  });

  it('caps messages at the tier limit and records limit hits instead', () => {
    const hits = company.usage.filter((u) => u.limitHits > 0);
    expect(hits.length).toBeGreaterThan(0);
    for (const u of hits) expect([45, 225]).toContain(u.messages);
  });
});
