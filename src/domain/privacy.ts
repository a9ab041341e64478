import { ORG_READER_ROLES, type RoleGrant } from './roles.ts';

/**
 * Who sees whose usage (docs/privacy.md). Employees see their own; a department lead sees the people of
 * the departments they lead; admins, owners and auditors see everyone (auditors read, never change).
 * Everyone else sees aggregates only, and an aggregate over fewer than K_ANONYMITY_MIN people is
 * suppressed, because with so few people in a group a total is nearly a personal figure.
 */
export const K_ANONYMITY_MIN = 5;

/** A signed-in person, or the installation's operator at the CLI (an app `Actor` is a Viewer as it is). */
export type Viewer = Readonly<{ kind: 'person'; personId: string; grants: readonly RoleGrant[] } | { kind: 'cli' }>;

const ORG_WIDE_READERS = new Set<string>(ORG_READER_ROLES);

/** True when the viewer may see everybody's individual usage (operators, owners, admins, auditors). */
export function seesEveryone(viewer: Viewer): boolean {
  return viewer.kind === 'cli' || viewer.grants.some((g) => ORG_WIDE_READERS.has(g.role));
}

/** True when the viewer may see per-person usage of the people in `departmentId`. */
export function canSeeDepartmentPeople(viewer: Viewer, departmentId: string | null): boolean {
  if (seesEveryone(viewer)) return true;
  return departmentId !== null && viewer.kind === 'person' && viewer.grants.some((g) => g.role === 'dept_lead' && g.departmentId === departmentId);
}

/** True when the viewer may see one person's individual usage. */
export function canSeePersonUsage(viewer: Viewer, subject: Readonly<{ personId: string; departmentId: string | null }>): boolean {
  if (viewer.kind === 'person' && viewer.personId === subject.personId) return true;
  return canSeeDepartmentPeople(viewer, subject.departmentId);
}

/** True when an aggregate over `groupSize` people may be shown to someone not entitled to per-person data. */
export function isDisclosable(groupSize: number, k: number = K_ANONYMITY_MIN): boolean {
  return groupSize >= k;
}

export type Suppressed<T> = Readonly<{ value: T; isSuppressed: false; groupSize: number }> | Readonly<{ value: null; isSuppressed: true; groupSize: null }>;

/**
 * An aggregate as a viewer may see it: whole when they are entitled to the group's people or the group
 * has at least k people; otherwise withheld, including its size (a size of 1 or 2 identifies people too).
 */
export function discloseAggregate<T>(input: Readonly<{ value: T; groupSize: number; isEntitled: boolean; k?: number }>): Suppressed<T> {
  if (input.isEntitled || isDisclosable(input.groupSize, input.k)) return { value: input.value, isSuppressed: false, groupSize: input.groupSize };
  return { value: null, isSuppressed: true, groupSize: null };
}

/**
 * Applies k-suppression to a list of groups (departments, job families…): each group's aggregate is kept
 * when the viewer is entitled to that group's people or it has at least k members, and replaced by
 * `null` otherwise. Groups keep their order and keys, so a chart can show "fewer than 5" in place.
 */
export function suppressSmallGroups<G extends Readonly<{ size: number }>, V>(
  groups: readonly G[],
  options: Readonly<{ value: (group: G) => V; isEntitled?: (group: G) => boolean; k?: number }>,
): Array<Readonly<{ group: G; value: V | null; isSuppressed: boolean }>> {
  const k = options.k ?? K_ANONYMITY_MIN;
  return groups.map((group) => {
    const isShown = (options.isEntitled?.(group) ?? false) || isDisclosable(group.size, k);
    return { group, value: isShown ? options.value(group) : null, isSuppressed: !isShown };
  });
}
