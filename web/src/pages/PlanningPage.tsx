import { lazy, Suspense, useEffect, useState } from 'react';
import { useDepartmentPlanning, type DepartmentPlanning } from '../api/planning.ts';
import { useDepartments, useMe } from '../api/queries.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { PlanningApprovals } from '../components/PlanningApprovals.tsx';
import { PlanningProposal } from '../components/PlanningProposal.tsx';
import { ErrorState, LoadingBlock } from '../components/States.tsx';
import { formatDate, formatUsdRounded } from '../format.ts';
import { isAdmin, isOrgWideReader, leadsDepartments } from '../usage.ts';

const PlanningUsageChart = lazy(() => import('../components/PlanningUsageChart.tsx'));

export function PlanningPage() {
  const me = useMe();
  const departments = useDepartments();
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Planning · Seatwise';
  }, []);
  const isOrgWide = me.data ? isOrgWideReader(me.data) : false;
  const led = me.data ? leadsDepartments(me.data) : [];
  const choices = (departments.data?.items ?? []).filter((d) => isOrgWide || led.includes(d.id));
  const departmentId = selected ?? led[0] ?? choices[0]?.id ?? null;
  const view = useDepartmentPlanning(departmentId);
  if (me.isPending || departments.isPending) return <div className="page"><PageHeader title="Planning" /><LoadingBlock /></div>;
  if (!me.data) return <div className="page"><PageHeader title="Planning" /><ErrorState error={me.error ?? departments.error} what="planning" /></div>;
  const canPropose = departmentId !== null && (isAdmin(me.data) || led.includes(departmentId));
  return (
    <div className="page" aria-busy={view.isPending || undefined}>
      <PageHeader
        title="Planning"
        subtitle="Next quarter's premium quota and budget per department, from need, usage, requests, use cases, surveys and the forecast."
        aside={
          choices.length > 1 && (
            <label className="field planning-select">
              <span>Department</span>
              <select value={departmentId ?? ''} onChange={(e) => setSelected(e.target.value)} aria-label="Department">
                {choices.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
              </select>
            </label>
          )
        }
      />
      {isOrgWide && <PlanningApprovals canDecide={me.data.grants.some((g) => g.role === 'primary_owner' || g.role === 'owner')} canGenerate={isAdmin(me.data)} />}
      {view.isPending && departmentId && <LoadingBlock label="Putting the planning view together…" />}
      {view.isError && <ErrorState error={view.error} what="the planning view" onRetry={() => void view.refetch()} />}
      {view.data && <PlanningView key={view.data.department.id} view={view.data} canPropose={canPropose} />}
    </div>
  );
}

function PlanningView({ view, canPropose }: { view: DepartmentPlanning; canPropose: boolean }) {
  const last = view.weeks.slice(view.weeks.length / 2).reduce((n, w) => n + w.messages, 0);
  const previous = view.weeks.slice(0, view.weeks.length / 2).reduce((n, w) => n + w.messages, 0);
  const growth = previous > 0 ? Math.round((last / previous - 1) * 100) : null;
  return (
    <div data-testid="planning-view">
      <h2 className="planning-title">{view.department.name} · {view.quarterLabel}</h2>
      <div className="stat-grid">
        <div className="stat-card"><p className="stat-label">Headcount</p><p className="stat-value">{view.department.headcount}</p><p className="stat-sub">quota {view.quota.nominalPremium} premium · {view.quota.monthlyBudget ? `${formatUsdRounded(view.quota.monthlyBudget)}/mo` : 'no budget'}</p></div>
        <div className="stat-card"><p className="stat-label">High need</p><p className="stat-value">{view.need.highNeedPeople}</p><p className="stat-sub">{view.need.levels.medium} medium · {view.need.levels.low} low · mean {view.need.meanNeed.toFixed(2)}</p></div>
        <div className={`stat-card${view.requests.open + view.requests.waitlisted > 0 ? ' stat-card-warning' : ''}`}><p className="stat-label">Unmet requests</p><p className="stat-value">{view.requests.open + view.requests.waitlisted + view.requests.deniedLastQuarter}</p><p className="stat-sub">{view.requests.open} open · {view.requests.waitlisted} waitlisted · {view.requests.deniedLastQuarter} denied (90 days)</p></div>
        <div className="stat-card"><p className="stat-label">Usage trend</p><p className="stat-value">{growth === null ? '—' : `${growth >= 0 ? '+' : ''}${growth}%`}</p><p className="stat-sub">messages, last 13 weeks vs the 13 before</p></div>
      </div>
      <PlanningProposal view={view} canPropose={canPropose} />
      <section className="card fs-card" aria-labelledby="planning-usage-title">
        <div className="fs-card-header"><h2 id="planning-usage-title">Usage, last two quarters</h2></div>
        <Suspense fallback={<LoadingBlock label="Loading the chart…" />}><PlanningUsageChart weeks={view.weeks} /></Suspense>
      </section>
      <div className="planning-columns">
        <section className="card fs-card" data-testid="planning-requests" aria-labelledby="planning-requests-title">
          <div className="fs-card-header"><h2 id="planning-requests-title">Requests and waitlist</h2></div>
          {view.requests.items.length === 0 ? <p className="muted">No open, waitlisted or recently denied requests.</p> : (
            <ul className="planning-list">
              {view.requests.items.map((r) => (
                <li key={r.id}>
                  <span className="badge badge-neutral">{r.status}</span> {r.personName ?? <span className="muted">(a person of this department)</span>} · {formatDate(r.startsAt.slice(0, 10))} – {formatDate(r.endsAt.slice(0, 10))}{r.project ? ` · ${r.project}` : ''}
                </li>
              ))}
            </ul>
          )}
          {!view.isPerPerson && <p className="muted">Names are shown to this department's lead, admins, owners and auditors.</p>}
        </section>
        <section className="card fs-card" data-testid="planning-use-cases" aria-labelledby="planning-use-cases-title">
          <div className="fs-card-header"><h2 id="planning-use-cases-title">Use cases ({view.useCases.length})</h2></div>
          {view.useCases.length === 0 ? <p className="muted">Nobody in this department has shared a use case yet.</p> : (
            <ul className="planning-list">
              {view.useCases.map((u) => (
                <li key={u.id}><strong>{u.title}</strong> <span className="muted">· {u.authorName ?? 'someone'}{u.minutesSavedPerWeek ? ` · saves ${u.minutesSavedPerWeek} min/week` : ''}{u.votes ? ` · ${u.votes} votes` : ''}</span><div className="cell-sub">{u.task}</div></li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="card fs-card" aria-labelledby="planning-surveys-title">
        <div className="fs-card-header"><h2 id="planning-surveys-title">Surveys and forecast</h2></div>
        {view.surveys.rows.length === 0 ? <p className="muted">No survey answers for this department.</p> : (
          <table className="table table-compact">
            <thead><tr><th scope="col">Period</th><th scope="col" className="num">Estimated $/month</th><th scope="col" className="num">Hours/week</th><th scope="col" className="num">Respondents</th><th scope="col">Source</th></tr></thead>
            <tbody>{view.surveys.rows.map((s) => <tr key={`${s.periodStart}-${s.source}`}><td>{formatDate(s.periodStart)} – {formatDate(s.periodEnd)}</td><td className="num">{formatUsdRounded(s.estimatedMonthlyUsd)}</td><td className="num">{s.estimatedWeeklyHours ?? '—'}</td><td className="num">{s.respondents}</td><td>{s.source}</td></tr>)}</tbody>
          </table>
        )}
        <p className="muted">
          Survey correction (past actual ÷ surveyed): {view.surveys.correction === null ? 'none yet' : `× ${view.surveys.correction.toFixed(2)}`} · next quarter's survey: {view.surveys.nextQuarterMonthlyUsd ? `${formatUsdRounded(view.surveys.nextQuarterMonthlyUsd)}/month` : 'none'} · forecast: {view.forecast ? `${formatUsdRounded(view.forecast.monthlyUsd)}/month` : 'not available'}
        </p>
      </section>
    </div>
  );
}
