import type { Band, PlanComparison } from '../api/forecast.ts';
import { formatUsdRounded } from '../format.ts';

const band = (b: Band) => (
  <>
    {formatUsdRounded(b.p50)} <span className="muted">({formatUsdRounded(b.p10)}–{formatUsdRounded(b.p90)})</span>
  </>
);

/** Plan options with monthly cost and saving intervals, and the plain answer. */
export function ForecastPlansTable({ plans }: { plans: PlanComparison }) {
  return (
    <>
      <p className={`forecast-answer forecast-answer-${plans.recommendation.action}`} data-testid="plan-answer">{plans.recommendation.answer}</p>
      <table className="table table-compact" data-testid="plan-table">
        <thead>
          <tr><th scope="col">Option</th><th scope="col" className="num">Seats (std / premium)</th><th scope="col" className="num">Per month, P50 (P10–P90)</th><th scope="col" className="num">Saving vs today</th><th scope="col" className="num">Cheaper in</th></tr>
        </thead>
        <tbody>
          {plans.options.map((o) => (
            <tr key={o.kind}>
              <td>{o.label}</td>
              <td className="num">{o.kind === 'extra_usage' ? '—' : `${o.standardSeats} / ${o.premiumSeats}`}</td>
              <td className="num">{o.monthly ? band(o.monthly) : <span className="muted">no catalog price</span>}</td>
              <td className="num">{o.saving ? band(o.saving) : '—'}</td>
              <td className="num">{o.chanceCheaper === null ? '—' : `${Math.round(o.chanceCheaper * 100)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
