import { useEffect } from 'react';
import { isApiError } from './api/client.ts';
import { useMe } from './api/queries.ts';
import { AppShell, BrandMark } from './components/AppShell.tsx';
import { ErrorState, LoadingBlock } from './components/States.tsx';
import { ApprovalsPage } from './pages/ApprovalsPage.tsx';
import { DepartmentPage } from './pages/DepartmentPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MySeatPage } from './pages/MySeatPage.tsx';
import { MyUsagePage } from './pages/MyUsagePage.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { PeoplePage } from './pages/PeoplePage.tsx';
import { RecommendationsPage } from './pages/RecommendationsPage.tsx';
import { UsageDataPage } from './pages/UsageDataPage.tsx';
import { ForecastPage } from './pages/ForecastPage.tsx';
import { AlertsPage } from './pages/AlertsPage.tsx';
import { UseCasesPage } from './pages/UseCasesPage.tsx';
import { SurveysPage } from './pages/SurveysPage.tsx';
import { CompliancePage } from './pages/CompliancePage.tsx';
import { PlanningPage } from './pages/PlanningPage.tsx';
import { FairnessPage } from './pages/FairnessPage.tsx';
import { AuditLogPage } from './pages/AuditLogPage.tsx';
import { LabPage } from './pages/LabPage.tsx';
import { Link, navigate, usePathname } from './router.tsx';

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
      <Page pathname={pathname} />
    </AppShell>
  );
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
