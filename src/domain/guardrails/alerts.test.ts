import { describe, expect, it } from 'vitest';
import { audiencesFor, channelsFor, composePauseAlert, composeResetAlert, composeSurgeAlert, composeThresholdAlert, emailMessage, escalationLevelAt, formatUsd, slackPayload } from './alerts.ts';

const HOUR = 3_600_000;

describe('composeThresholdAlert', () => {
  it('names the budget, its owner, the amounts and the top contributors, with a per-period dedup key', () => {
    const alert = composeThresholdAlert({ departmentId: 'd1', budgetName: 'Software', ownerName: 'Mara Silva', period: '2026-11', percent: 80, spendCents: 2_468_50, budgetCents: 3_000_00, contributors: [{ name: 'Ana', cents: 900_00 }, { name: 'Bo', cents: 450_25 }] });
    expect(alert).toMatchObject({ kind: 'budget_threshold', severity: 'warning', dedupKey: 'budget:d1:2026-11:80', title: 'Software budget at 80% for 2026-11' });
    expect(alert.body).toContain('$2,468.50 of its $3,000.00 budget');
    expect(alert.body).toContain('Budget owner: Mara Silva');
    expect(alert.body).toContain('Ana $900.00, Bo $450.25');
    expect(composeThresholdAlert({ departmentId: null, budgetName: 'Kestrel', ownerName: 'X', period: '2026-11', percent: 100, spendCents: 1, budgetCents: 1, contributors: [] })).toMatchObject({ severity: 'critical', dedupKey: 'budget:org:2026-11:100' });
  });
});

describe('other alerts', () => {
  it('reset, surge and pause alerts carry their period and dedup keys', () => {
    expect(composeResetAlert({ departmentId: null, budgetName: 'Org', ownerName: 'O', period: '2026-12', previousPeriod: '2026-11', budgetCents: 100_00, previousSpendCents: 90_00 })).toMatchObject({ severity: 'info', dedupKey: 'budget-reset:org:2026-12' });
    const surge = composeSurgeAlert({ departmentId: 'd1', scopeName: 'Software', day: '2026-11-20', valueCents: 500_00, expectedCents: 100_00, ratio: 5, z: 9.3, contributors: [] });
    expect(surge).toMatchObject({ severity: 'critical', dedupKey: 'surge:d1:2026-11-20', period: '2026-11' });
    expect(surge.title).toContain('5.0×');
    expect(composePauseAlert({ departmentId: 'd1', departmentName: 'Software', period: '2026-11', spendCents: 1, budgetCents: 1 }).body).toContain('Leases already running are not touched');
  });
});

describe('routing', () => {
  const channels = [
    { id: 'owner', audience: 'owner' as const, departmentId: null, isEnabled: true },
    { id: 'finance', audience: 'finance' as const, departmentId: null, isEnabled: true },
    { id: 'lead-d1', audience: 'department_lead' as const, departmentId: 'd1', isEnabled: true },
    { id: 'lead-d2', audience: 'department_lead' as const, departmentId: 'd2', isEnabled: true },
    { id: 'off', audience: 'finance' as const, departmentId: null, isEnabled: false },
  ];
  it('sends a department warning to its lead and finance, a critical one also to the owner', () => {
    expect(channelsFor({ kind: 'budget_threshold', severity: 'warning', departmentId: 'd1' }, channels).map((c) => c.id)).toEqual(['finance', 'lead-d1']);
    expect(channelsFor({ kind: 'budget_threshold', severity: 'critical', departmentId: 'd1' }, channels).map((c) => c.id)).toEqual(['owner', 'finance', 'lead-d1']);
  });
  it('sends organization alerts to owner and finance, pauses to lead and owner, tests everywhere enabled', () => {
    expect(audiencesFor({ kind: 'surge', severity: 'warning', departmentId: null })).toEqual(['owner', 'finance']);
    expect(audiencesFor({ kind: 'guardrail_pause', severity: 'critical', departmentId: 'd1' })).toEqual(['owner', 'department_lead']);
    expect(channelsFor({ kind: 'test', severity: 'info', departmentId: null }, channels).map((c) => c.id)).toEqual(['owner', 'finance', 'lead-d1', 'lead-d2']);
  });
  it('adds the owner when escalating', () => {
    expect(audiencesFor({ kind: 'surge', severity: 'warning', departmentId: 'd1' }, 1)).toEqual(['owner', 'finance', 'department_lead']);
  });
});

describe('escalationLevelAt', () => {
  const alert = { severity: 'warning' as const, createdAt: 0, acknowledgedAt: null };
  it('climbs one level per period unacknowledged, capped at 2', () => {
    expect(escalationLevelAt(alert, 23 * HOUR, 24)).toBe(0);
    expect(escalationLevelAt(alert, 24 * HOUR, 24)).toBe(1);
    expect(escalationLevelAt(alert, 48 * HOUR, 24)).toBe(2);
    expect(escalationLevelAt(alert, 480 * HOUR, 24)).toBe(2);
  });
  it('never escalates acknowledged or informational alerts', () => {
    expect(escalationLevelAt({ ...alert, acknowledgedAt: HOUR }, 100 * HOUR, 24)).toBe(0);
    expect(escalationLevelAt({ ...alert, severity: 'info' }, 100 * HOUR, 24)).toBe(0);
  });
});

describe('message formats', () => {
  it('builds a Slack payload with text and blocks, and an e-mail with subject and body', () => {
    const payload = slackPayload({ title: 'T', body: 'B', severity: 'critical', kind: 'surge', level: 1, link: 'http://x/alerts' });
    expect(payload.text).toBe('[Escalated, unacknowledged] T');
    expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '[Escalated, unacknowledged] T' } });
    expect(JSON.stringify(payload.blocks)).toContain('<http://x/alerts|Acknowledge>');
    expect(emailMessage({ title: 'T', body: 'B', severity: 'warning', level: 0 })).toEqual({ subject: '[Seatwise warning] T', text: 'B\n\n' });
  });
  it('formats dollars with thousands separators and cents', () => {
    expect([formatUsd(0), formatUsd(123456789), formatUsd(-5)]).toEqual(['$0.00', '$1,234,567.89', '-$0.05']);
  });
});
