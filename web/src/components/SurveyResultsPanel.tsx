import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SurveyResults } from '../api/governance.ts';
import { formatDate, formatUsd } from '../format.ts';

/** Per-department results of a campaign: respondents, expected weekly hours and the monthly estimate. */
export function SurveyResultsPanel({ results }: { results: SurveyResults }) {
  const rows = results.departments.map((d) => ({ name: d.departmentName, hours: d.averageWeeklyHours ?? 0, usd: Number(d.estimatedMonthlyUsd) }));
  const written = new Map(results.estimates.map((e) => [e.departmentId, e]));
  return (
    <div className="survey-results">
      <div className="chart-frame chart-frame-compact" aria-label="Expected weekly hours per respondent, by department">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={rows} margin={{ top: 12, right: 8, bottom: 4, left: -8 }}>
            <CartesianGrid stroke="#e9edf2" vertical={false} />
            <XAxis dataKey="name" tick={{ fill: '#556275', fontSize: 12 }} interval={0} />
            <YAxis tick={{ fill: '#556275', fontSize: 12 }} allowDecimals={false} />
            <Tooltip formatter={(v: unknown) => [`${v} h/week`, 'Average expected use']} />
            <Legend />
            <Bar isAnimationActive={false} dataKey="hours" name="Expected hours a week (average per respondent)" fill="#3b6fd8" radius={[3, 3, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
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
