import { Component, lazy, Suspense, useEffect, type ComponentType, type ReactNode } from 'react';
import { ApiError, isApiError } from './api/client.ts';
import { useMe } from './api/queries.ts';
import { AppShell, BrandMark } from './components/AppShell.tsx';
import { ErrorState, LoadingBlock } from './components/States.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { Link, navigate, usePathname } from './router.tsx';

// Each page is its own chunk: the first load carries only the shell and sign-in, and the other pages
// are fetched in the background once the signed-in app has rendered.
const pageLoaders: Array<() => Promise<unknown>> = [];
function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K) {
  pageLoaders.push(load);
  return lazy(async () => ({ default: (await load())[name] }));
}
const ApprovalsPage = lazyPage(() => import('./pages/ApprovalsPage.tsx'), 'ApprovalsPage');
const DepartmentPage = lazyPage(() => import('./pages/DepartmentPage.tsx'), 'DepartmentPage');
const MySeatPage = lazyPage(() => import('./pages/MySeatPage.tsx'), 'MySeatPage');
const MyUsagePage = lazyPage(() => import('./pages/MyUsagePage.tsx'), 'MyUsagePage');
const OverviewPage = lazyPage(() => import('./pages/OverviewPage.tsx'), 'OverviewPage');
const PeoplePage = lazyPage(() => import('./pages/PeoplePage.tsx'), 'PeoplePage');
const RecommendationsPage = lazyPage(() => import('./pages/RecommendationsPage.tsx'), 'RecommendationsPage');
const UsageDataPage = lazyPage(() => import('./pages/UsageDataPage.tsx'), 'UsageDataPage');
const ForecastPage = lazyPage(() => import('./pages/ForecastPage.tsx'), 'ForecastPage');
const AlertsPage = lazyPage(() => import('./pages/AlertsPage.tsx'), 'AlertsPage');
const UseCasesPage = lazyPage(() => import('./pages/UseCasesPage.tsx'), 'UseCasesPage');
const SurveysPage = lazyPage(() => import('./pages/SurveysPage.tsx'), 'SurveysPage');
const CompliancePage = lazyPage(() => import('./pages/CompliancePage.tsx'), 'CompliancePage');
const PlanningPage = lazyPage(() => import('./pages/PlanningPage.tsx'), 'PlanningPage');
const FairnessPage = lazyPage(() => import('./pages/FairnessPage.tsx'), 'FairnessPage');
const AuditLogPage = lazyPage(() => import('./pages/AuditLogPage.tsx'), 'AuditLogPage');
const LabPage = lazyPage(() => import('./pages/LabPage.tsx'), 'LabPage');

/** Sends the browser to the sign-in page, remembering where it was going. */
export function redirectToLogin(): void {
  const here = window.location.pathname + window.location.search;
  const next = here === '/' || here.startsWith('/login') ? '' : `?next=${encodeURIComponent(here)}`;
  navigate(`/login${next}`, { replace: true });
}

export function App() {
  const pathname = usePathname();
  if (pathname === '/login') return <LoginPage />;
  return <SignedInApp pathname={pathname} />;
}

function SignedInApp({ pathname }: { pathname: string }) {
  const me = useMe();
  const isSignedOut = isApiError(me.error) && me.error.status === 401;

  useEffect(() => {
    if (isSignedOut) redirectToLogin();
  }, [isSignedOut]);

  const isSignedIn = me.isSuccess;
  useEffect(() => {
    if (!isSignedIn) return;
    const timer = window.setTimeout(() => {
      for (const load of pageLoaders) void load().catch(() => {});
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [isSignedIn]);

  if (me.isPending || isSignedOut) {
    return (
      <div className="fullpage">
        <BrandMark size={36} />
        <LoadingBlock label={isSignedOut ? 'Taking you to sign in…' : 'Loading Seatwise…'} />
      </div>
    );
  }

  if (me.isError) {
    return (
      <div className="fullpage">
        <BrandMark size={36} />
        <div className="fullpage-card">
          <ErrorState error={me.error} what="your account" onRetry={() => void me.refetch()} isRetrying={me.isFetching} />
        </div>
      </div>
    );
  }

  return (
    <AppShell me={me.data}>
      <PageLoadBoundary pathname={pathname}>
        <Suspense fallback={<LoadingBlock label="Loading the page…" />}>
          <Page pathname={pathname} />
        </Suspense>
      </PageLoadBoundary>
    </AppShell>
  );
}

/**
 * A page whose code cannot be fetched (the server was updated since this tab loaded, or the connection
 * dropped) shows why and offers a reload, instead of leaving the whole app blank; moving to another
 * page tries again.
 */
class PageLoadBoundary extends Component<{ pathname: string; children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidUpdate(previous: { pathname: string }) {
    if (this.state.error !== undefined && previous.pathname !== this.props.pathname) this.setState({ error: undefined });
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    const problem = new ApiError({
      status: 0,
      code: 'PAGE_NOT_LOADED',
      title: 'This page could not be loaded',
      detail: 'Seatwise may have been updated since this tab was opened, or the connection dropped. Reloading fetches the current version.',
    });
    return (
      <div className="page">
        <div className="card">
          <ErrorState error={problem} onRetry={() => window.location.reload()} />
        </div>
      </div>
    );
  }
}

function Page({ pathname }: { pathname: string }) {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  switch (normalized) {
    case '/':
      return <OverviewPage />;
    case '/people':
      return <PeoplePage key="people" />;
    case '/my-seat':
      return <MySeatPage />;
    case '/approvals':
      return <ApprovalsPage />;
    case '/my-usage':
      return <MyUsagePage key="mine" />;
    case '/recommendations':
      return <RecommendationsPage />;
    case '/usage-data':
      return <UsageDataPage />;
    case '/forecast':
      return <ForecastPage />;
    case '/alerts':
      return <AlertsPage />;
    case '/use-cases':
      return <UseCasesPage />;
    case '/surveys':
      return <SurveysPage />;
    case '/compliance':
      return <CompliancePage />;
    case '/planning':
      return <PlanningPage />;
    case '/fairness':
      return <FairnessPage />;
    case '/audit':
      return <AuditLogPage />;
    case '/lab':
      return <LabPage />;
    default: {
      const personUsage = /^\/people\/([^/]+)\/usage$/.exec(normalized);
      if (personUsage?.[1]) {
        const id = decodeURIComponent(personUsage[1]);
        return <MyUsagePage key={id} personId={id} />;
      }
      const department = /^\/departments\/([^/]+)$/.exec(normalized);
      if (department?.[1]) {
        const id = decodeURIComponent(department[1]);
        return <DepartmentPage key={id} id={id} />;
      }
      return <NotFoundPage />;
    }
  }
}

function NotFoundPage() {
  useEffect(() => {
    document.title = 'Page not found · Seatwise';
  }, []);
  return (
    <div className="page">
      <div className="card not-found">
        <p className="state-eyebrow">404</p>
        <h1>This page does not exist</h1>
        <p className="muted">The address may be mistyped, or the page may have moved.</p>
        <p>
          <Link to="/" className="button button-primary">
            Go to the overview
          </Link>
        </p>
      </div>
    </div>
  );
}
