import { humanize, roleLabel, sortRoles } from '../format.ts';

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
