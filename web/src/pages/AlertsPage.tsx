import { lazy, Suspense, useEffect, useState } from 'react';
import { useAlerts, useBurn, type AlertStatusFilter, type BurnScope, type BurnStatus } from '../api/alerts.ts';
import { useMe } from '../api/queries.ts';
import { AlertChannels } from '../components/AlertChannels.tsx';
import { AlertList } from '../components/AlertList.tsx';
import { BurnLegend } from '../components/BurnLegend.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState } from '../components/States.tsx';
import { formatDate, formatUsd } from '../format.ts';
import { isAdmin, isDecider, isOrgWideReader } from '../usage.ts';

const BurnChart = lazy(() => import('../components/BurnChart.tsx'));

const STATUS_LABEL: Record<BurnStatus, string> = { no_budget: 'No budget', under_pace: 'Under pace', on_pace: 'On pace', over_pace: 'Over pace', exhausted: 'Budget spent' };
const STATUS_TONE: Record<BurnStatus, string> = { no_budget: 'neutral', under_pace: 'success', on_pace: 'success', over_pace: 'pending', exhausted: 'danger' };
const FILTERS: ReadonlyArray<{ id: AlertStatusFilter; label: string }> = [
  { id: 'open', label: 'Open' },
  { id: 'acknowledged', label: 'Acknowledged' },
  { id: 'all', label: 'All' },
];

export function AlertsPage() {
  const me = useMe();
  const burn = useBurn();
  const [filter, setFilter] = useState<AlertStatusFilter>('open');
  const alerts = useAlerts(filter);
  const [scopeKey, setScopeKey] = useState<string>('org');

  useEffect(() => {
    document.title = 'Alerts · Seatwise';
  }, []);

  const scopes = burn.data?.scopes ?? [];
  const keyOf = (s: BurnScope) => s.departmentId ?? 'org';
  const scope = scopes.find((s) => keyOf(s) === scopeKey) ?? scopes[0];
  const canAcknowledge = me.data ? isDecider(me.data) : false;
  const canSeeChannels = me.data ? isOrgWideReader(me.data) : false;
  const canEditChannels = me.data ? isAdmin(me.data) : false;

  return (
    <div className="page" data-testid="alerts-page">
      <PageHeader
        title={
          <>
            Alerts{alerts.data && alerts.data.open > 0 && <span className="count count-lg">{alerts.data.open}</span>}
          </>
        }
        subtitle="Spend to date against budget pace, budget thresholds (each once a month), cost surges and where alerts are delivered."
      />

      <section className="card section-card chart-card" aria-labelledby="burn-heading">
        <div className="section-card-header section-card-header-row">
          <div>
            <h2 id="burn-heading">Budget burn{burn.data ? ` · ${formatDate(`${burn.data.period}-01`, { month: 'long', year: 'numeric' })}` : ''}</h2>
            <p className="muted">Seat chargeback plus pay-per-use API spend, cumulative this month, against a straight line from zero to the budget.</p>
          </div>
          {scopes.length > 1 && (
            <label className="alerts-scope">
              <span>Budget</span>
              <select value={scope ? keyOf(scope) : ''} onChange={(e) => setScopeKey(e.target.value)} aria-label="Budget">
                {scopes.map((s) => (
                  <option key={keyOf(s)} value={keyOf(s)}>
                    {s.departmentId ? s.name : `${s.name} (organization)`}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <div className="chart-body">
          {burn.isPending && <div className="chart-placeholder skeleton" role="status" aria-label="Loading the burn…" />}
          {burn.isError && <ErrorState error={burn.error} what="the budget burn" onRetry={() => void burn.refetch()} isRetrying={burn.isFetching} />}
          {burn.data && !scope && <EmptyState title="No budgets to show">Set department budgets with <code>seatwise quota set</code>.</EmptyState>}
          {burn.data && scope && (
            <>
              <BurnFigures scope={scope} />
              <BurnLegend />
              <figure className="chart-figure">
                <Suspense fallback={<div className="chart-placeholder skeleton" role="status" aria-label="Loading the chart…" />}>
                  <BurnChart scope={scope} today={burn.data.today} thresholds={burn.data.thresholds} />
                </Suspense>
                <figcaption className="chart-caption">{describe(scope)}</figcaption>
              </figure>
            </>
          )}
        </div>
      </section>

      <section className="card section-card" aria-labelledby="alerts-heading">
        <div className="section-card-header section-card-header-row">
          <div>
            <h2 id="alerts-heading">Alert history</h2>
            <p className="muted">Unacknowledged warnings escalate to the owner after a day. Acknowledge to stop escalation.</p>
          </div>
          <div className="segmented" role="group" aria-label="Which alerts">
            {FILTERS.map((f) => (
              <button key={f.id} type="button" className="segmented-button" aria-pressed={f.id === filter} onClick={() => setFilter(f.id)}>
                {f.label}
              </button>
            ))}
          </div>
        </div>
        {alerts.isPending && <div className="chart-placeholder skeleton" role="status" aria-label="Loading alerts…" />}
        {alerts.isError && <ErrorState error={alerts.error} what="the alerts" onRetry={() => void alerts.refetch()} isRetrying={alerts.isFetching} />}
        {alerts.data && alerts.data.items.length === 0 && (
          <EmptyState title={filter === 'open' ? 'No open alerts' : 'No alerts'}>Budgets are within their thresholds and no cost surge was detected.</EmptyState>
        )}
        {alerts.data && alerts.data.items.length > 0 && <AlertList alerts={alerts.data.items} canAcknowledge={canAcknowledge} />}
      </section>

      {canSeeChannels && <AlertChannels canEdit={canEditChannels} />}
    </div>
  );
}

function BurnFigures({ scope }: { scope: BurnScope }) {
  return (
    <div className="burn-figures" data-testid="burn-figures">
      <div className="stat-card">
        <p className="stat-label">Spent to date</p>
        <p className="stat-value">{formatUsd(Number(scope.spent).toFixed(0))}</p>
        <p className="stat-sub">{scope.percentUsed === null ? 'no budget' : `${scope.percentUsed}% of ${formatUsd(Number(scope.budget).toFixed(0))}`}</p>
      </div>
      <div className="stat-card">
        <p className="stat-label">Pace to date</p>
        <p className="stat-value">{scope.paceToDate === null ? '—' : formatUsd(Number(scope.paceToDate).toFixed(0))}</p>
        <p className="stat-sub">
          <span className={`badge badge-status badge-tone-${STATUS_TONE[scope.status]}`}>{STATUS_LABEL[scope.status]}</span>
        </p>
      </div>
      <div className="stat-card">
        <p className="stat-label">Projected month end</p>
        <p className="stat-value">{formatUsd(Number(scope.projected).toFixed(0))}</p>
        <p className="stat-sub">at the average daily rate so far</p>
      </div>
      <div className="stat-card">
        <p className="stat-label">Budget owner</p>
        <p className="stat-value stat-value-text">{scope.owner}</p>
        <p className="stat-sub">{scope.isAutoApprovalPaused ? <span className="badge badge-tone-danger">Auto-approval paused</span> : `Top: ${scope.contributors.map((c) => c.name).slice(0, 2).join(', ') || '—'}`}</p>
      </div>
    </div>
  );
}

function describe(scope: BurnScope): string {
  if (scope.budget === null) return `${scope.name} has spent ${formatUsd(scope.spent)} this month and has no budget.`;
  const pace = scope.paceToDate === null ? '' : `, against ${formatUsd(Number(scope.paceToDate).toFixed(0))} on pace`;
  return `${scope.name} has spent ${formatUsd(Number(scope.spent).toFixed(0))} of its ${formatUsd(Number(scope.budget).toFixed(0))} budget${pace}; projected ${formatUsd(Number(scope.projected).toFixed(0))} by month end.`;
}
