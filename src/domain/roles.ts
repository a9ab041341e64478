/** Roles a person can be granted. `dept_lead` is scoped to one department. */
export const ROLES = ['primary_owner', 'owner', 'admin', 'dept_lead', 'member', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type RoleGrant = Readonly<{ role: Role; departmentId: string | null }>;

/** Everyone with any grant: every authenticated person. */
export const ANY_ROLE: readonly Role[] = ROLES;
/** Employees acting for themselves (requests, returns). Auditors read everything but change nothing. */
export const MEMBER_ROLES: readonly Role[] = ['primary_owner', 'owner', 'admin', 'dept_lead', 'member'];
/** Who may change seats, people and departments. */
export const ADMIN_ROLES: readonly Role[] = ['primary_owner', 'owner', 'admin'];
/** Who may buy seats and change prices (billing). */
export const OWNER_ROLES: readonly Role[] = ['primary_owner', 'owner'];
/** Who reads the whole organization (usage, forecasts, audits), changing nothing by that alone. */
export const ORG_READER_ROLES: readonly Role[] = ['primary_owner', 'owner', 'admin', 'auditor'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when at least one grant's role is in `allowed`; scope is checked by the use case. */
export function hasAnyRole(grants: readonly RoleGrant[], allowed: readonly Role[]): boolean {
  return grants.some((grant) => allowed.includes(grant.role));
}
