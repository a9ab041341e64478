import { lazy, Suspense, useEffect, useState } from 'react';
import { useForecast, usePlanComparison, useSurveyCorrection, type Band, type OrgForecast } from '../api/forecast.ts';
import { ForecastPlansTable } from '../components/ForecastPlansTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ErrorState, SkeletonCard } from '../components/States.tsx';
import { formatUsdRounded } from '../format.ts';

const ForecastFanChart = lazy(() => import('../components/ForecastFanChart.tsx'));
const ORG = '__org__';

const bandCell = (b: Band) => (
  <>
    {formatUsdRounded(b.p50)} <span className="muted">({formatUsdRounded(b.p10)}–{formatUsdRounded(b.p90)})</span>
  </>
);

/** `/forecast`: cost forecast fan chart, monthly table with intervals, plan comparison and survey correction. */
export function ForecastPage() {
  const [months, setMonths] = useState(3);
  const [group, setGroup] = useState(ORG);
  const forecast = useForecast(months);
  useEffect(() => {
    document.title = 'Forecast · Seatwise';
  }, []);
  return (
    <div className="page" data-testid="forecast-page">
      <PageHeader
        title="Forecast"
        subtitle="What the next months will cost, with P10–P90 intervals from a seeded Monte Carlo of everyone's usage, and whether another plan would be cheaper."
        aside={
          <label className="forecast-control">
            Months{' '}
            <select value={months} onChange={(e) => setMonths(Number(e.target.value))} aria-label="Months to forecast">
              {[1, 2, 3].map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
        }
      />
      {forecast.isError ? <ErrorState error={forecast.error} what="the forecast" onRetry={() => void forecast.refetch()} /> : !forecast.data ? <SkeletonCard /> : <ForecastContent forecast={forecast.data} group={group} setGroup={setGroup} />}
      <PlansSection months={months} />
      <SurveySection />
    </div>
  );
}

function ForecastContent({ forecast, group, setGroup }: { forecast: OrgForecast; group: string; setGroup: (g: string) => void }) {
  const names = Object.keys(forecast.daily.departments);
  const series = group === ORG ? forecast.daily.org : forecast.daily.departments[group];
  const label = group === ORG ? 'Organization' : group;
  return (
    <>
      <section className="section-card" aria-labelledby="forecast-chart-title">
        <div className="section-card-header forecast-header">
          <h2 id="forecast-chart-title">Daily demand at API rates — {label}</h2>
          <select value={group} onChange={(e) => setGroup(e.target.value)} aria-label="Department">
            <option value={ORG}>Organization</option>
            {names.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </div>
        {series ? (
          <Suspense fallback={<SkeletonCard />}>
            <ForecastFanChart series={series} today={forecast.today} label={label} />
          </Suspense>
        ) : null}
        <p className="muted">
          Demand is usage at API rates plus what seat limits blocked. Shaded: P10–P90 of {forecast.paths} simulated paths; line: median. Current per-capita trend {(forecast.model.growthPerMonth * 100).toFixed(1)}% a month, damped so it fades within weeks; company-wide level spread σ {forecast.model.levelSigma.toFixed(2)} calibrated on {forecast.model.calibrationOrigins} past origins.
          {forecast.model.holidaysAhead > 0
            ? ` ${forecast.model.holidaysAhead} company holiday${forecast.model.holidaysAhead === 1 ? '' : 's'} ahead, each forecast at ${Math.round(forecast.model.holidayFactor * 100)}% of a normal day (${forecast.model.holidayFactorSource === 'history' ? 'learned from past holidays' : 'like a weekend day: no past holidays to learn from'}).`
            : ' No company holidays in the calendar for this period.'}
          {forecast.model.departmentsFromSurvey.length > 0 ? ` From corrected surveys: ${forecast.model.departmentsFromSurvey.join(', ')}.` : ''}
        </p>
      </section>
      <section className="section-card" aria-labelledby="forecast-table-title">
        <div className="section-card-header"><h2 id="forecast-table-title">Monthly cost: seat fees + extra usage, P50 (P10–P90)</h2></div>
        <table className="table table-compact" data-testid="forecast-table">
          <thead>
            <tr><th scope="col">Department</th>{forecast.months.map((m) => <th key={m.month} scope="col" className="num">{m.month}</th>)}</tr>
          </thead>
          <tbody>
            {names.map((n) => (
              <tr key={n}><td>{n}</td>{forecast.months.map((m) => <td key={m.month} className="num">{m.departments[n] ? bandCell(m.departments[n].cost) : '—'}</td>)}</tr>
            ))}
            <tr className="forecast-total"><th scope="row">Organization (all purchased seats)</th>{forecast.months.map((m) => <td key={m.month} className="num" data-testid={`forecast-org-${m.month}`}>{bandCell(m.org.cost)}</td>)}</tr>
            <tr><td className="muted">of which extra usage</td>{forecast.months.map((m) => <td key={m.month} className="num muted">{bandCell(m.org.extraUsage)}</td>)}</tr>
          </tbody>
        </table>
      </section>
    </>
  );
}

function PlansSection({ months }: { months: number }) {
  const plans = usePlanComparison(months);
  return (
    <section className="section-card" aria-labelledby="forecast-plans-title">
      <div className="section-card-header"><h2 id="forecast-plans-title">Should we switch plans?</h2></div>
      {plans.isError ? <ErrorState error={plans.error} what="the plan comparison" compact /> : !plans.data ? <SkeletonCard /> : <ForecastPlansTable plans={plans.data} />}
    </section>
  );
}

function SurveySection() {
  const correction = useSurveyCorrection();
  if (!correction.data) return null;
  const c = correction.data;
  return (
    <section className="section-card" aria-labelledby="forecast-survey-title">
      <div className="section-card-header"><h2 id="forecast-survey-title">Survey correction</h2></div>
      <p className="muted">
        Surveys under-predict real use. Learned ratio of actual to surveyed usage: {c.orgRatio === null ? 'not yet (needs four weeks of usage in a surveyed period)' : `× ${c.orgRatio.toFixed(2)} across the organization`}. Departments with little history are forecast from their latest estimate times this ratio.
      </p>
      {c.departments.length > 0 && (
        <table className="table table-compact">
          <thead><tr><th scope="col">Department</th><th scope="col" className="num">Surveyed $/month</th><th scope="col" className="num">Actual $/month</th><th scope="col" className="num">Ratio</th></tr></thead>
          <tbody>{c.departments.map((d) => <tr key={d.departmentId}><td>{d.departmentName}</td><td className="num">{formatUsdRounded(d.surveyedMonthlyUsd)}</td><td className="num">{d.actualMonthlyUsd === null ? '—' : formatUsdRounded(d.actualMonthlyUsd)}</td><td className="num">{d.ratio === null ? '—' : `× ${d.ratio.toFixed(2)}`}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}
