import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../anthropic/mapper.ts';
import { ANTHROPIC_ENTERPRISE_SOURCE, mapEnterpriseUsage, UserActivityPageSchema, UserCostPageSchema } from './mapper.ts';

// Fixtures follow the row types of the official TypeScript SDK (BetaAnalyticsUserActivity,
// BetaAnalyticsCostUsersItem), with extra fields Seatwise ignores, one idle user, one deleted user.
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const load = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));
const users = parsePage(UserActivityPageSchema, 'user activity report', load('users-2026-11-02.json')).data;
const costs = parsePage(UserCostPageSchema, 'user cost report', load('user-cost-report.json')).data;
const DAY = '2026-11-02';

describe('mapEnterpriseUsage', () => {
  it('maps chat messages and Claude Code sessions, commits, PRs and lines per user and day', () => {
    const records = mapEnterpriseUsage({ days: [{ day: DAY, users }] });
    expect(records.map((r) => r.identity)).toEqual(['anthropic-user:user_01gone', 'dana@example.com', 'evan@example.com']);
    const dana = records.find((r) => r.identity === 'dana@example.com')!;
    expect(dana).toEqual({
      identity: 'dana@example.com',
      day: DAY,
      source: ANTHROPIC_ENTERPRISE_SOURCE,
      metrics: { messages: 37, inputTokens: 0, outputTokens: 0, costUsd: '0.0000', limitHits: 0, activeMinutes: 0, sessions: 5, linesAdded: 512, linesRemoved: 140, commits: 3, pullRequests: 1 },
    });
    // A null distinct_session_count counts as no session, not as a failure.
    expect(records.find((r) => r.identity === 'evan@example.com')!.metrics).toMatchObject({ messages: 12, sessions: 0 });
  });

  it('leaves out users with no activity at all on the day', () => {
    expect(mapEnterpriseUsage({ days: [{ day: DAY, users }] }).some((r) => r.identity === 'idle@example.com')).toBe(false);
  });

  it('adds each user\'s cost for the day: fractional cents summed exactly, to 1/10,000 USD', () => {
    const records = mapEnterpriseUsage({ days: [{ day: DAY, users }], costs });
    // 245.123456 + 0.000044 cents = 245.1235 cents = $2.451235 → 2.4512
    expect(records.find((r) => r.identity === 'dana@example.com')!.metrics).toMatchObject({ messages: 37, costUsd: '2.4512' });
    // The deleted account's cost row has no email: it joins the activity row by user id.
    expect(records.find((r) => r.identity === 'anthropic-user:user_01gone')!.metrics).toMatchObject({ messages: 2, costUsd: '0.5000' });
    // Cost without activity is still a record; a zero cost adds nothing.
    expect(records.find((r) => r.identity === 'fay@example.com')!.metrics).toMatchObject({ messages: 0, costUsd: '18.4350' });
    expect(records.find((r) => r.identity === 'evan@example.com')!.metrics.costUsd).toBe('0.0000');
    expect(records).toHaveLength(4);
  });

  it('keeps days apart and returns records sorted by day then identity', () => {
    const records = mapEnterpriseUsage({ days: [{ day: '2026-11-03', users: users.slice(0, 1) }, { day: DAY, users: users.slice(0, 1) }] });
    expect(records.map((r) => [r.day, r.identity])).toEqual([[DAY, 'dana@example.com'], ['2026-11-03', 'dana@example.com']]);
  });

  it('skips aggregated rows that carry no user', () => {
    const grouped = { ...users[0]!, user: null };
    expect(mapEnterpriseUsage({ days: [{ day: DAY, users: [grouped] }] })).toEqual([]);
  });

  it('refuses a cost row in another currency or without its day bucket', () => {
    const row = costs[0]!;
    expect(() => mapEnterpriseUsage({ days: [], costs: [{ ...row, currency: 'EUR' }] })).toThrow(/currency EUR/);
    expect(() => mapEnterpriseUsage({ days: [], costs: [{ ...row, starting_at: null }] })).toThrow(/bucket_width=1d/);
  });
});

describe('response schemas', () => {
  it('fail loudly, naming the field, when a metric Seatwise reads is missing', () => {
    const page = load('users-2026-11-02.json') as { data: Array<{ chat_metrics?: unknown }> };
    delete page.data[0]!.chat_metrics;
    expect(() => parsePage(UserActivityPageSchema, 'user activity report', page)).toThrow('Unexpected user activity report response: data.0.chat_metrics');
  });

  it('accept a page without has_more (only next_page is certain)', () => {
    expect(UserCostPageSchema.safeParse({ data: [], next_page: null }).success).toBe(true);
  });
});
