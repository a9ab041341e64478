import type { FairnessDimensionReport, FairnessRow } from '../api/fairness.ts';
import { DIMENSION_LABELS } from '../api/fairness.ts';
import { humanize } from '../format.ts';

/** Job families arrive as identifiers ("embedded_engineer"); departments and tenure bands as labels. */
const groupLabel = (group: string) => (/^[a-z][a-z_]*$/.test(group) ? humanize(group) : group);

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
const pval = (v: number | null) => (v === null ? '—' : v < 0.001 ? '<0.001' : v.toFixed(3));
const num = (v: number | null, d = 1) => (v === null ? '—' : v.toFixed(d));

function Ratio({ value }: { value: number | null }) {
  if (value === null) return <span className="muted">—</span>;
  return <span className={value < 0.8 ? 'fairness-bad' : undefined}>{value.toFixed(2)}</span>;
}

function Row({ row }: { row: FairnessRow }) {
  return (
    <tr className={row.flags.length ? 'fairness-flagged' : undefined} data-testid="fairness-row">
      <th scope="row">
        {groupLabel(row.group)}
        {row.isSmallSample && <span className="badge badge-warning badge-inline" title="Fewer than 5 people: read with care">small sample</span>}
      </th>
      <td className="num">{row.people}</td>
      <td className="num">{row.approved}/{row.approved + row.denied}{row.pending > 0 && <span className="cell-sub"> +{row.pending} open</span>}</td>
      <td className="num">{pct(row.approvalRate)}</td>
      <td className="num"><Ratio value={row.approvalRatio} /></td>
      <td className="num">{pval(row.approvalP)}</td>
      <td className="num">{num(row.meanWaitHours)}</td>
      <td className="num">{num(row.meanLeaseDays)}</td>
      <td className="num">{pct(row.premiumShare)}</td>
      <td className="num">{row.meanNeed.toFixed(2)}</td>
      <td className="num"><Ratio value={row.premiumPerNeedRatio} /></td>
      <td className="num">{pval(row.premiumP)}</td>
    </tr>
  );
}

function Chi({ label, value }: { label: string; value: FairnessDimensionReport['approvalChiSquare'] }) {
  if (!value) return <li>{label}: not enough data for a chi-square test</li>;
  return (
    <li>
      {label}: χ² = {value.statistic.toFixed(2)}, df = {value.degreesOfFreedom}, p = {pval(value.pValue)}
      {value.isSmallSample && <span className="badge badge-warning badge-inline">small sample: an expected count is below 5; read the Fisher p-values</span>}
    </li>
  );
}

export function FairnessTable({ report }: { report: FairnessDimensionReport }) {
  const label = DIMENSION_LABELS[report.dimension];
  return (
    <section className="card fs-card" data-testid={`fairness-${report.dimension}`} aria-labelledby={`fairness-${report.dimension}-title`}>
      <div className="fs-card-header">
        <h2 id={`fairness-${report.dimension}-title`}>By {label.toLowerCase()}</h2>
        <p className="fairness-summary">
          Four-fifths ratio · approvals <strong><Ratio value={report.approvalFourFifths} /></strong> · premium share per need <strong><Ratio value={report.premiumPerNeedFourFifths} /></strong>
        </p>
      </div>
      <ul className="fairness-tests">
        <Chi label="Approvals across groups" value={report.approvalChiSquare} />
        <Chi label="Premium holders across groups" value={report.premiumChiSquare} />
      </ul>
      <div className="table-wrap">
        <table className="table table-compact fairness-table">
          <thead>
            <tr>
              <th scope="col">{label}</th>
              <th scope="col" className="num">People</th>
              <th scope="col" className="num">Approved</th>
              <th scope="col" className="num">Approval rate</th>
              <th scope="col" className="num" title="Approval rate ÷ the highest group's">Ratio</th>
              <th scope="col" className="num" title="Fisher exact, two-sided, group vs everyone else">Fisher p</th>
              <th scope="col" className="num">Wait (h)</th>
              <th scope="col" className="num">Lease (d)</th>
              <th scope="col" className="num">Premium share</th>
              <th scope="col" className="num">Mean need</th>
              <th scope="col" className="num" title="Premium share per unit of need ÷ the best-served group's">Share/need</th>
              <th scope="col" className="num" title="Fisher exact: held premium or not, group vs everyone else">Fisher p, premium</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => <Row key={r.group} row={r} />)}
          </tbody>
        </table>
      </div>
      {report.rows.some((r) => r.flags.length > 0) && (
        <ul className="fairness-flag-list" aria-label={`Flags by ${label.toLowerCase()}`}>
          {report.rows.flatMap((r) => r.flags.map((f) => <li key={`${r.group}-${f}`}><strong>{r.group}</strong>: {f}</li>))}
        </ul>
      )}
    </section>
  );
}
