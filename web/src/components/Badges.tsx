import type { Lease } from '../api/types.ts';
import { humanize, roleLabel, sortRoles } from '../format.ts';
import { leaseStatusLabel, leaseStatusTone } from '../leases.ts';

export function RoleBadge({ role }: { role: string }) {
  return <span className={`badge badge-role badge-role-${role}`}>{roleLabel(role)}</span>;
}

type RoleBadgesProps = Readonly<{ roles: readonly string[]; hideMember?: boolean; className?: string }>;

/** Roles, most powerful first. "Member" is implied for everyone, so it can be hidden when other roles exist. */
export function RoleBadges({ roles, hideMember = false, className }: RoleBadgesProps) {
  const sorted = sortRoles(roles);
  const shown = hideMember && sorted.length > 1 ? sorted.filter((r) => r !== 'member') : sorted;
  if (shown.length === 0) return <span className="muted">—</span>;
  return (
    <span className={`badge-list${className ? ` ${className}` : ''}`}>
      {shown.map((role) => (
        <RoleBadge key={role} role={role} />
      ))}
    </span>
  );
}

export function TierBadge({ tier }: { tier: string | null }) {
  if (!tier) return <span className="badge badge-tier badge-tier-none">No seat</span>;
  const known = tier === 'premium' || tier === 'standard';
  return <span className={`badge badge-tier ${known ? `badge-tier-${tier}` : ''}`}>{humanize(tier)}</span>;
}

export function LeaseStatusBadge({ lease }: { lease: Pick<Lease, 'status' | 'queue' | 'endReason'> }) {
  return <span className={`badge badge-status badge-tone-${leaseStatusTone(lease)}`}>{leaseStatusLabel(lease)}</span>;
}

/** The engine rule that decided something, e.g. lead_approval.required. */
export function RuleTag({ rule }: { rule: string | null }) {
  if (!rule) return null;
  return (
    <code className="rule-tag" title="The policy rule that made this decision">
      {rule}
    </code>
  );
}
