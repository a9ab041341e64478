import { lazy, Suspense } from 'react';
import type { SurveyResults } from '../api/governance.ts';
import { formatDate, formatUsd } from '../format.ts';

const SurveyHoursChart = lazy(() => import('./SurveyHoursChart.tsx'));

/** Per-department results of a campaign: respondents, expected weekly hours and the monthly estimate. */
export function SurveyResultsPanel({ results }: { results: SurveyResults }) {
  const written = new Map(results.estimates.map((e) => [e.departmentId, e]));
  return (
    <div className="survey-results">
      <div className="chart-frame chart-frame-compact" aria-label="Expected weekly hours per respondent, by department">
        <Suspense fallback={<div className="chart-placeholder chart-placeholder-compact skeleton" role="status" aria-label="Loading the chart…" />}>
          <SurveyHoursChart departments={results.departments} />
        </Suspense>
      </div>
      <div className="table-wrap">
        <table className="table table-compact">
          <caption className="visually-hidden">Survey results by department</caption>
          <thead>
            <tr>
              <th scope="col">Department</th>
              <th scope="col">Answered</th>
              <th scope="col">Avg hours / week</th>
              <th scope="col">Estimate / month (API rate)</th>
              <th scope="col">Forecast input</th>
            </tr>
          </thead>
          <tbody>
            {results.departments.map((d) => (
              <tr key={d.departmentId}>
                <th scope="row">{d.departmentName}</th>
                <td>
                  {d.respondents} of {d.headcount}
                </td>
                <td>{d.averageWeeklyHours ?? '—'}</td>
                <td>{d.respondents ? formatUsd(d.estimatedMonthlyUsd) : '—'}</td>
                <td>{written.has(d.departmentId) ? `Written ${formatDate(written.get(d.departmentId)!.updatedAt.slice(0, 10))}` : <span className="muted">Not yet</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="table-footnote muted">
        Estimate = average hours × headcount × 52/12 weeks × ${results.campaign.usdPerHour} per hour ({results.campaign.rateSource}). Closing the survey writes one estimate per department for the forecaster, which learns how actual use compares.
      </p>
    </div>
  );
}
