import type { ReactNode } from 'react';
import { useApprovals, useLogout } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Link, navigate, usePathname } from '../router.tsx';
import { canSeeRecommendations, isDecider, isOrgWideReader, leadsDepartments } from '../usage.ts';
import { isAuditReader, isMoneyReader, isPlanner } from '../access.ts';
import { RoleBadges } from './Badges.tsx';
import { NotificationsBell } from './NotificationsBell.tsx';

type NavItem = Readonly<{ to: string; label: string; badge?: number }>;
type NavGroup = Readonly<{ label: string; items: readonly NavItem[] }>;

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.charAt(0) ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.charAt(0) ?? '') : '';
  return (first + last).toUpperCase() || '?';
}

export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <rect x="7" y="15" width="5" height="10" rx="1.5" fill="#cfe3f5" />
      <rect x="13.5" y="10" width="5" height="15" rx="1.5" fill="#ffffff" />
      <rect x="20" y="6" width="5" height="19" rx="1.5" fill="#f2c14e" />
    </svg>
  );
}

export function AppShell({ me, children }: { me: Me; children: ReactNode }) {
  const pathname = usePathname();
  const logout = useLogout();
  const roles = me.grants.map((g) => g.role);
  const decides = isDecider(me);
  const approvals = useApprovals({ enabled: decides });
  const waiting = approvals.data ? approvals.data.items.reduce((n, i) => n + (i.lease.status === 'requested' ? 1 : 0) + i.extensions.filter((e) => e.status === 'requested').length, 0) : 0;
  const lead = leadsDepartments(me).length > 0;
  const groups: NavGroup[] = [
    { label: 'You', items: [{ to: '/', label: 'Overview' }, { to: '/my-seat', label: 'My seat' }, { to: '/my-usage', label: 'My usage' }] },
    {
      label: 'Departments',
      items: [
        ...(decides ? [{ to: '/approvals', label: 'Approvals', badge: waiting }] : []),
        ...(canSeeRecommendations(me) ? [{ to: '/recommendations', label: 'Recommendations' }] : []),
        ...(isPlanner(me) ? [{ to: '/planning', label: 'Planning' }] : []),
        { to: '/people', label: 'People' },
        { to: '/use-cases', label: 'Use cases' },
        { to: '/surveys', label: 'Surveys' },
      ],
    },
    {
      label: 'Spend',
      items: [
        ...(isMoneyReader(me) ? [{ to: '/forecast', label: 'Forecast' }, { to: '/alerts', label: 'Budgets & alerts' }] : []),
        ...(isOrgWideReader(me) ? [{ to: '/usage-data', label: 'Usage data' }] : []),
      ],
    },
    {
      label: 'Oversight',
      items: [
        ...(isOrgWideReader(me) ? [{ to: '/compliance', label: 'Compliance' }] : []),
        ...(isAuditReader(me) ? [{ to: '/fairness', label: 'Fairness' }, { to: '/audit', label: 'Audit log' }] : []),
        ...(isOrgWideReader(me) || lead ? [{ to: '/lab', label: 'Policy lab' }] : []),
      ],
    },
  ].filter((g) => g.items.length > 0);

  const signOut = () => {
    logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label="Seatwise home">
            <BrandMark />
            <span className="brand-name">Seatwise</span>
          </Link>
          <span className="topbar-org" title="Organization">
            {me.organization.name}
          </span>
          <div className="topbar-user">
            <NotificationsBell />
            <div className="avatar" aria-hidden="true">
              {initials(me.name)}
            </div>
            <div className="user-meta">
              <span className="user-name" title={me.email}>
                {me.name}
              </span>
              <RoleBadges roles={roles} hideMember className="user-roles" />
            </div>
            <button type="button" className="button button-ghost" onClick={signOut} disabled={logout.isPending}>
              {logout.isPending ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
      </header>
      <div className="shell">
        <nav className="sidenav" aria-label="Main">
          {groups.map((group) => (
            <div className="sidenav-group" key={group.label}>
              <p className="sidenav-heading">{group.label}</p>
              <ul>
                {group.items.map((item) => {
                  const isCurrent = pathname === item.to || (item.to !== '/' && pathname.startsWith(`${item.to}/`));
                  return (
                    <li key={item.to}>
                      <Link to={item.to} className="nav-link" aria-current={isCurrent ? 'page' : undefined}>
                        <span>{item.label}</span>
                        {item.badge ? (
                          <span className="nav-badge" aria-label={`${item.badge} waiting`}>
                            {item.badge}
                          </span>
                        ) : null}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
