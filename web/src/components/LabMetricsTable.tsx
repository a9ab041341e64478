import { LAB_COLORS, type LabInterval, type LabResult } from '../api/lab.ts';

const money = (v: number) => `$${Math.round(v).toLocaleString('en-US')}`;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const fixed = (d: number) => (v: number) => v.toFixed(d);

type Column = Readonly<{ label: string; title?: string; pick: (p: LabResult['policies'][number]) => LabInterval | null; format: (v: number) => string }>;

const COLUMNS: readonly Column[] = [
  { label: 'Cost', pick: (p) => p.cost, format: money },
  { label: 'Cost / oracle', pick: (p) => p.costRatioToOracle, format: fixed(3) },
  { label: 'Premium seats', pick: (p) => p.poolSeats, format: fixed(1) },
  { label: 'Unmet demand', title: 'Need days without premium', pick: (p) => p.unmetDemandShare, format: pct },
  { label: 'Gini', title: '0 = equal', pick: (p) => p.gini, format: fixed(3) },
  { label: 'Jain', title: '1 = equal', pick: (p) => p.jain, format: fixed(3) },
  { label: 'Tenure ratio', title: 'Junior vs senior approval (four-fifths rule: below 0.8 is flagged)', pick: (p) => p.tenureApprovalRatio, format: fixed(3) },
  { label: 'Churn', title: 'Tier changes per person-month', pick: (p) => p.churn, format: fixed(3) },
  { label: 'Manual / month', title: 'Decisions made by hand per month', pick: (p) => p.manualDecisionsPerMonth, format: fixed(1) },
  { label: 'Forecast error', title: '|actual − budget| / budget', pick: (p) => p.forecastError, format: pct },
];

function Cell({ value, format, isFlagged }: { value: LabInterval | null; format: (v: number) => string; isFlagged?: boolean }) {
  if (!value) return <td className="num muted">n/a</td>;
  return (
    <td className={`num${isFlagged ? ' lab-flagged' : ''}`}>
      {format(value.mean)}
      {isFlagged && <span className="badge badge-warning badge-inline" title="Below the four-fifths threshold (0.8)">&lt; 0.8</span>}
      {value.lo !== value.hi && <span className="lab-interval">[{format(value.lo)}, {format(value.hi)}]</span>}
    </td>
  );
}

/** Every policy's metrics with their 95% intervals, and the oracle's cost and pool. */
export function LabMetricsTable({ result }: { result: LabResult }) {
  const o = result.oracle;
  return (
    <div className="table-wrap">
      <table className="table table-compact lab-table" data-testid="lab-metrics-table">
        <thead>
          <tr>
            <th scope="col">Policy</th>
            {COLUMNS.map((c) => <th key={c.label} scope="col" className="num" title={c.title}>{c.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {result.policies.map((p) => (
            <tr key={p.id} data-testid="lab-policy-row">
              <th scope="row"><span className="lab-swatch" style={{ background: LAB_COLORS[p.id] }} />{p.id}<span className="lab-policy-name">{p.name}</span></th>
              {COLUMNS.map((c) => <Cell key={c.label} value={c.pick(p)} format={c.format} isFlagged={c.label === 'Tenure ratio' && p.isFourFifthsFlagged} />)}
            </tr>
          ))}
          <tr className="lab-oracle-row">
            <th scope="row"><span className="lab-swatch" style={{ background: LAB_COLORS.oracle }} />Oracle<span className="lab-policy-name">hindsight</span></th>
            <Cell value={o.cost} format={money} />
            <td className="num">1.000</td>
            <Cell value={o.poolSeats} format={fixed(1)} />
            <td className="num">0.0%</td>
            <td colSpan={COLUMNS.length - 4} />
          </tr>
        </tbody>
      </table>
    </div>
  );
}
