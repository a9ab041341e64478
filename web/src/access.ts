/** Which sections a person sees; the server enforces the same rules on every endpoint. */
import type { Me, Role } from './api/types.ts';

const hasRole = (me: Me, roles: readonly Role[]) => me.grants.some((g) => roles.includes(g.role));

/** Forecasts, budgets and alerts: owners (finance), admins, auditors and department leads. */
export function isMoneyReader(me: Me): boolean {
  return hasRole(me, ['primary_owner', 'owner', 'admin', 'auditor', 'dept_lead']);
}

/** Department planning: leads (their departments), owners and admins; auditors read. */
export function isPlanner(me: Me): boolean {
  return hasRole(me, ['primary_owner', 'owner', 'admin', 'auditor', 'dept_lead']);
}

/** Fairness audit and the audit log: auditors and owners. */
export function isAuditReader(me: Me): boolean {
  return hasRole(me, ['primary_owner', 'owner', 'auditor']);
}
