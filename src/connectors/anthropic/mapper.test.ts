import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  centsToUsd,
  ClaudeCodePageSchema,
  CostReportPageSchema,
  mapAccountEmails,
  mapClaudeCodeUsage,
  mapCostReport,
  mapMessagesUsage,
  MessagesUsagePageSchema,
  parsePage,
  sumUsd,
  UsersPageSchema,
} from './mapper.ts';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('centsToUsd', () => {
  it('turns decimal-string and numeric cents into exact USD with four places', () => {
    expect(centsToUsd(['1843.5012'])).toBe('18.4350');
    expect(centsToUsd([186])).toBe('1.8600');
    expect(centsToUsd([245, 1.5, '3'])).toBe('2.4950');
    expect(centsToUsd([])).toBe('0.0000');
  });

  it('sums before rounding, and rounds half away from zero at the fourth dollar decimal', () => {
    expect(centsToUsd(['0.005'])).toBe('0.0001');
    expect(centsToUsd(['0.0049'])).toBe('0.0000');
    expect(centsToUsd(['0.0025', '0.0025'])).toBe('0.0001');
    expect(centsToUsd(['-150'])).toBe('-1.5000');
  });

  it('is exact where floating point is not', () => {
    expect(centsToUsd(Array.from({ length: 10 }, () => '0.1'))).toBe('0.0100');
    expect(centsToUsd(['123456789012.34'])).toBe('1234567890.1234');
  });

  it('refuses anything that is not a decimal', () => {
    expect(() => centsToUsd(['12,50'])).toThrow(/not a decimal/);
  });
});

describe('sumUsd', () => {
  it('adds USD amounts exactly', () => {
    expect(sumUsd(['18.4350', '1.5650', '0.0001'])).toBe('20.0001');
    expect(sumUsd(['3', '0.5', '-1.25'])).toBe('2.2500');
    expect(sumUsd([])).toBe('0.0000');
  });
});

describe('mapMessagesUsage', () => {
  const users = parsePage(UsersPageSchema, 'users', fixture('users.json')).data;
  const buckets = parsePage(MessagesUsagePageSchema, 'messages', fixture('messages-usage.json')).data;

  it('attributes API traffic to members by their email and sums keys of one member and day', () => {
    const records = mapMessagesUsage(buckets, mapAccountEmails(users));
    const member = records.find((r) => r.identity === 'member@test.example' && r.day === '2026-11-01');
    expect(member?.source).toBe('anthropic_api');
    // 1000 uncached + 200 cache reads + 15 cache writes, plus 500 on the second key.
    expect(member?.metrics).toMatchObject({ inputTokens: 1715, outputTokens: 400, messages: 0, costUsd: '0.0000' });
    expect(records.find((r) => r.identity === 'owner@test.example' && r.day === '2026-11-02')?.metrics).toMatchObject({ inputTokens: 10_000, outputTokens: 2500 });
  });

  it('keeps traffic of unknown accounts and of keys without an account under linkable vendor ids', () => {
    const identities = mapMessagesUsage(buckets, mapAccountEmails(users)).map((r) => r.identity);
    expect(identities).toContain('anthropic-account:user_01gone');
    expect(identities).toContain('anthropic-api-key:apikey_01workspace');
  });

  it('skips rows without any tokens', () => {
    const records = mapMessagesUsage(buckets, mapAccountEmails(users));
    expect(records.filter((r) => r.identity === 'owner@test.example' && r.day === '2026-11-01')).toEqual([]);
    expect(records).toHaveLength(4);
  });
});

describe('mapCostReport', () => {
  it('gives one organization total per day and a share per workspace, converting cents to USD', () => {
    const costs = mapCostReport(parsePage(CostReportPageSchema, 'cost', fixture('cost-report.json')).data);
    expect(costs).toEqual([
      { day: '2026-11-01', totalUsd: '20.0000', workspaces: { default: '1.5650', wrkspc_01ABC: '18.4350' } },
      { day: '2026-11-02', totalUsd: '0.0000', workspaces: { wrkspc_01ABC: '0.0000' } },
    ]);
  });
});

describe('mapClaudeCodeUsage', () => {
  const records = mapClaudeCodeUsage(parsePage(ClaudeCodePageSchema, 'claude code', fixture('claude-code.json')).data);

  it('maps a user per day with lines, commits, PRs, sessions, tokens and estimated cost (cents → USD)', () => {
    const member = records.find((r) => r.identity === 'member@test.example');
    expect(member).toEqual({
      identity: 'member@test.example',
      day: '2026-11-01',
      source: 'claude_code_admin',
      metrics: {
        messages: 0,
        inputTokens: 80_500 + 310_000 + 12_000 + 1000 + 100,
        outputTokens: 21_550,
        costUsd: '2.4950',
        limitHits: 0,
        activeMinutes: 0,
        sessions: 7,
        linesAdded: 522,
        linesRemoved: 142,
        commits: 3,
        pullRequests: 1,
      },
    });
  });

  it('names API-key actors by key so an admin can link them', () => {
    expect(records.find((r) => r.identity === 'anthropic-api-key-name:ci-bot')?.metrics).toMatchObject({ sessions: 2, costUsd: '0.0000' });
    expect(records).toHaveLength(2);
  });
});

describe('parsePage', () => {
  it('names the report and the field when the vendor shape changed', () => {
    expect(() => parsePage(ClaudeCodePageSchema, 'Claude Code usage report', { data: [{ date: '2026-11-01', actor: { type: 'robot' } }], has_more: false })).toThrow(/Claude Code usage report.*data\.0\.actor/);
  });
});
