import { useEffect, useId, useMemo, useState } from 'react';
import { isApiError } from '../api/client.ts';
import { useDemoLogin, useDemoUsers } from '../api/queries.ts';
import type { DemoUser } from '../api/types.ts';
import { BrandMark, initials } from '../components/AppShell.tsx';
import { RoleBadges } from '../components/Badges.tsx';
import { EmptyState, ErrorState } from '../components/States.tsx';
import { humanize, roleLabel } from '../format.ts';
import { navigate, safeNextPath, useSearch } from '../router.tsx';

function matches(user: DemoUser, needle: string): boolean {
  if (!needle) return true;
  const haystack = [user.name, user.email, user.departmentName ?? '', humanize(user.jobFamily), ...user.roles.map(roleLabel)].join(' ').toLowerCase();
  return needle
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export function LoginPage() {
  const search = useSearch();
  const next = safeNextPath(new URLSearchParams(search).get('next'));
  const demoUsers = useDemoUsers();
  const login = useDemoLogin();
  const [filter, setFilter] = useState('');
  const searchId = useId();

  useEffect(() => {
    document.title = 'Sign in · Seatwise';
  }, []);

  const users = demoUsers.data?.items ?? [];
  const visible = useMemo(() => users.filter((u) => matches(u, filter.trim())), [users, filter]);
  const withDuties = visible.filter((u) => u.roles.some((r) => r !== 'member'));
  const members = visible.filter((u) => !u.roles.some((r) => r !== 'member'));

  const signInById = (personId: string) => {
    login.mutate(personId, { onSuccess: () => navigate(next, { replace: true }) });
  };
  const signIn = (user: DemoUser) => signInById(user.id);

  const isDisabled = isApiError(demoUsers.error) && demoUsers.error.code === 'DEMO_LOGIN_DISABLED';

  return (
    <div className="login">
      <header className="login-header">
        <div className="brand brand-static">
          <BrandMark size={32} />
          <span className="brand-name">Seatwise</span>
        </div>
        <p className="login-tagline">Tiered AI-assistant seats, governed fairly and on budget.</p>
      </header>

      <main id="main" className="login-main">
        {isDisabled ? (
          <section className="card login-disabled" aria-labelledby="demo-off-title">
            <h1 id="demo-off-title">Demo login is turned off</h1>
            <p>
              This Seatwise server does not offer the demo sign-in. Real deployments sign people in through single sign-on; ask your Seatwise
              administrator how to get access.
            </p>
            <p>
              API tokens still work: send a personal token in the <code>Authorization: Bearer &lt;token&gt;</code> header. The API reference is at{' '}
              <a href="/api/docs">/api/docs</a>.
            </p>
          </section>
        ) : (
          <>
            <div className="demo-banner" role="note">
              <span className="demo-banner-tag" aria-hidden="true">
                Demo
              </span>
              <span>
                <strong>Demo mode — pick a person to sign in as.</strong> Not for production; real deployments use SSO.
              </span>
            </div>

            <div className="login-intro">
              <div>
                <h1>Sign in</h1>
                <p className="muted">
                  Each person sees Seatwise with their own roles. People with more responsibilities are listed first.
                </p>
              </div>
              <div className="field login-search">
                <label htmlFor={searchId}>Find a person</label>
                <input
                  id={searchId}
                  type="search"
                  placeholder="Name, email, department or role"
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                  autoComplete="off"
                  disabled={!demoUsers.isSuccess}
                />
              </div>
            </div>

            {login.isError && (
              <div className="login-error">
                <ErrorState error={login.error} what="a session" compact onRetry={() => login.variables && signInById(login.variables)} />
              </div>
            )}

            {demoUsers.isPending && <PersonGridSkeleton />}

            {demoUsers.isError && !isDisabled && (
              <ErrorState error={demoUsers.error} what="the demo people" onRetry={() => void demoUsers.refetch()} isRetrying={demoUsers.isFetching} />
            )}

            {demoUsers.isSuccess && users.length === 0 && (
              <EmptyState title="No people yet">
                The demo company has not been loaded. Start the server with demo seeding enabled, or import people with <code>seatwise people import</code>.
              </EmptyState>
            )}

            {demoUsers.isSuccess && users.length > 0 && visible.length === 0 && (
              <EmptyState
                title={`No one matches “${filter.trim()}”`}
                action={
                  <button type="button" className="button button-secondary" onClick={() => setFilter('')}>
                    Clear search
                  </button>
                }
              >
                Try a first name, a department such as “Software”, or a role such as “admin”.
              </EmptyState>
            )}

            {withDuties.length > 0 && (
              <PersonSection
                title="Owners, admins and leads"
                hint="Broader access: budgets, quotas and department decisions."
                users={withDuties}
                onPick={signIn}
                pendingId={login.isPending ? login.variables : undefined}
              />
            )}
            {members.length > 0 && (
              <PersonSection
                title="Members"
                hint="Everyday view of one's own seat and usage."
                users={members}
                onPick={signIn}
                pendingId={login.isPending ? login.variables : undefined}
              />
            )}
          </>
        )}
      </main>
    </div>
  );
}

type PersonSectionProps = Readonly<{
  title: string;
  hint: string;
  users: readonly DemoUser[];
  onPick: (user: DemoUser) => void;
  pendingId: string | undefined;
}>;

function PersonSection({ title, hint, users, onPick, pendingId }: PersonSectionProps) {
  const headingId = useId();
  return (
    <section className="person-section" aria-labelledby={headingId}>
      <div className="section-heading">
        <h2 id={headingId}>
          {title} <span className="count">{users.length}</span>
        </h2>
        <p className="muted">{hint}</p>
      </div>
      <ul className="person-grid">
        {users.map((user) => (
          <li key={user.id}>
            <PersonButton user={user} onPick={onPick} isPending={pendingId === user.id} isLocked={pendingId !== undefined} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PersonButton({ user, onPick, isPending, isLocked }: { user: DemoUser; onPick: (u: DemoUser) => void; isPending: boolean; isLocked: boolean }) {
  const describedBy = useId();
  const extraRoles = user.roles.filter((r) => r !== 'member');
  return (
    <button
      type="button"
      className="person-card"
      onClick={() => onPick(user)}
      disabled={isLocked}
      aria-label={`Sign in as ${user.name}`}
      aria-describedby={describedBy}
      aria-busy={isPending || undefined}
      title={`${user.email} · ${humanize(user.jobFamily)}`}
    >
      <span className="avatar avatar-lg" aria-hidden="true">
        {initials(user.name)}
      </span>
      <span className="person-card-body">
        <span className="person-card-name">{user.name}</span>
        <span className="person-card-dept" id={describedBy}>
          {isPending ? 'Signing in…' : (user.departmentName ?? 'No department')}
          <span className="visually-hidden">. Roles: {user.roles.map(roleLabel).join(', ')}</span>
        </span>
        {extraRoles.length > 0 && <RoleBadges roles={extraRoles} />}
      </span>
      <span className="person-card-arrow" aria-hidden="true">
        →
      </span>
    </button>
  );
}

function PersonGridSkeleton() {
  return (
    <div className="person-section" role="status" aria-live="polite">
      <span className="visually-hidden">Loading demo people…</span>
      <ul className="person-grid" aria-hidden="true">
        {Array.from({ length: 9 }, (_, i) => (
          <li key={i}>
            <div className="person-card person-card-skeleton">
              <span className="skeleton skeleton-avatar" />
              <span className="person-card-body">
                <span className="skeleton" style={{ width: '60%' }} />
                <span className="skeleton" style={{ width: '80%' }} />
              </span>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
