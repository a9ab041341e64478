import { lazy, Suspense, useEffect, useState } from 'react';
import { fairnessExportUrl, useFairness, type FairnessDimension } from '../api/fairness.ts';
import { FairnessTable } from '../components/FairnessTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ErrorState, LoadingBlock } from '../components/States.tsx';
import { formatDate } from '../format.ts';

const FairnessChart = lazy(() => import('../components/FairnessChart.tsx'));

const WINDOWS = [28, 84, 182, 365] as const;

export function FairnessPage() {
  const [days, setDays] = useState<number>(84);
  const [chartBy, setChartBy] = useState<FairnessDimension>('department');
  const audit = useFairness(days);
  useEffect(() => {
    document.title = 'Fairness · Seatwise';
  }, []);
  const chartRows = audit.data?.dimensions.find((d) => d.dimension === chartBy)?.rows ?? [];
  return (
    <div className="page" aria-busy={audit.isPending || undefined}>
      <PageHeader
        title="Fairness"
        subtitle="Who gets premium, how fast and for how long, and whether it follows need — by tenure band, job family and department. Seniority is never an input; this page proves it."
        aside={
          <div className="toolbar fairness-toolbar">
            <label className="field field-inline">
              <span>Window</span>
              <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label="Audit window">
                {WINDOWS.map((w) => <option key={w} value={w}>Last {w} days</option>)}
              </select>
            </label>
            <a className="button button-secondary" href={fairnessExportUrl('csv', days)} download>Export CSV</a>
            <a className="button button-secondary" href={fairnessExportUrl('html', days)} target="_blank" rel="noreferrer">Printable report</a>
          </div>
        }
      />
      {audit.isPending && <LoadingBlock label="Running the fairness audit…" />}
      {audit.isError && <ErrorState error={audit.error} what="the fairness audit" onRetry={() => void audit.refetch()} isRetrying={audit.isFetching} />}
      {audit.data && (
        <>
          <div className="stat-grid">
            <div className="stat-card"><p className="stat-label">People audited</p><p className="stat-value">{audit.data.people}</p><p className="stat-sub">{formatDate(audit.data.from)} – {formatDate(audit.data.asOf)}</p></div>
            <div className="stat-card"><p className="stat-label">Premium requests</p><p className="stat-value">{audit.data.requests}</p></div>
            <div className={`stat-card${audit.data.flagCount ? ' stat-card-warning' : ''}`} data-testid="fairness-flag-count"><p className="stat-label">Flags</p><p className="stat-value">{audit.data.flagCount}</p><p className="stat-sub">ratios below 0.8 or Fisher p &lt; 0.05</p></div>
            <div className="stat-card"><p className="stat-label">Inequality</p><p className="stat-value stat-value-text">Gini {audit.data.premiumDaysGini.toFixed(2)}</p><p className="stat-sub">premium days · Jain {audit.data.premiumPerNeedJain.toFixed(2)} share per need</p></div>
          </div>
          <section className="card fs-card" aria-labelledby="fairness-chart-title">
            <div className="fs-card-header">
              <h2 id="fairness-chart-title">Premium share against need</h2>
              <label className="field field-inline">
                <span>Groups</span>
                <select value={chartBy} onChange={(e) => setChartBy(e.target.value as FairnessDimension)} aria-label="Chart groups">
                  <option value="department">Departments</option>
                  <option value="jobFamily">Job families</option>
                  <option value="tenureBand">Tenure bands</option>
                </select>
              </label>
            </div>
            <p className="muted fairness-note">Groups near a line through the origin get premium in proportion to need; red dots carry a flag. Dot size is headcount.</p>
            <Suspense fallback={<LoadingBlock label="Loading the chart…" />}>
              <FairnessChart rows={chartRows} />
            </Suspense>
          </section>
          {audit.data.dimensions.map((d) => <FairnessTable key={d.dimension} report={d} />)}
        </>
      )}
    </div>
  );
}
