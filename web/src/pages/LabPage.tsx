import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { LAB_POLICY_IDS, LAB_POLICY_NAMES, useLabRun, useLabScenarios, type LabCalendar, type LabPolicyId, type LabRun } from '../api/lab.ts';
import { LabMetricsTable } from '../components/LabMetricsTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ErrorState, LoadingBlock } from '../components/States.tsx';
import { addDays, formatDate, formatInteger, formatUsdRounded, todayUtc } from '../format.ts';

const LabFrontierChart = lazy(() => import('../components/LabFrontierChart.tsx'));
const LabCostChart = lazy(() => import('../components/LabCostChart.tsx'));

type Source = 'scenario' | 'replay';

/** The last 13 whole weeks before this one (Monday to Sunday): "last quarter". */
function lastQuarter(today: string): { from: string; to: string } {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(today, -weekday);
  return { from: addDays(monday, -91), to: addDays(monday, -1) };
}

export function LabPage() {
  const scenarios = useLabScenarios();
  const run = useLabRun();
  const [source, setSource] = useState<Source>('scenario');
  const [scenarioId, setScenarioId] = useState('small-team');
  const [seeds, setSeeds] = useState(5);
  const [range, setRange] = useState(() => lastQuarter(todayUtc()));
  const [calendar, setCalendar] = useState<LabCalendar>('auto');
  const [policies, setPolicies] = useState<LabPolicyId[]>([...LAB_POLICY_IDS]);
  useEffect(() => {
    document.title = 'Policy lab · Seatwise';
  }, []);
  const scenario = scenarios.data?.items.find((s) => s.id === scenarioId);
  const maxSeeds = scenario?.maxSeeds ?? 20;

  const toggle = (id: LabPolicyId) => setPolicies((current) => (current.includes(id) ? current.filter((p) => p !== id) : LAB_POLICY_IDS.filter((p) => p === id || current.includes(p))));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (policies.length === 0) return;
    run.mutate(source === 'scenario' ? { kind: 'scenario', scenario: scenarioId, policies, seeds } : { kind: 'replay', from: range.from, to: range.to, policies, calendar });
  };

  return (
    <div className="page lab-page" aria-busy={run.isPending || undefined}>
      <PageHeader
        title="Policy lab"
        subtitle="Run allocation policies P1–P6 on a synthetic company or on our own usage history, and compare cost, unmet demand and fairness against the hindsight oracle. Nothing is changed by a run."
      />
      <form className="card fs-card lab-form" onSubmit={submit} aria-label="Lab run">
        <fieldset className="lab-source">
          <legend>Demand</legend>
          <label className="lab-radio"><input type="radio" name="source" checked={source === 'scenario'} onChange={() => setSource('scenario')} /> Synthetic scenario</label>
          <label className="lab-radio"><input type="radio" name="source" checked={source === 'replay'} onChange={() => setSource('replay')} /> Our history (replay)</label>
        </fieldset>
        {source === 'scenario' ? (
          <div className="lab-row">
            <label className="field">
              <span className="lab-label">Scenario</span>
              <select value={scenarioId} onChange={(e) => setScenarioId(e.target.value)} aria-label="Scenario" disabled={!scenarios.data}>
                {(scenarios.data?.items ?? [{ id: 'small-team', name: 'Small team', people: 20, weeks: 16 }]).map((s) => <option key={s.id} value={s.id}>{s.name} · {s.people} people, {s.weeks} weeks</option>)}
              </select>
            </label>
            <label className="field lab-seeds">
              <span className="lab-label">Seeds</span>
              <input type="number" min={1} value={seeds} onChange={(e) => setSeeds(Math.max(1, Number(e.target.value) || 1))} aria-label="Seeds" />
              <span className="field-hint muted">at most {maxSeeds} here; more with <code>seatwise simulate</code></span>
            </label>
          </div>
        ) : (
          <div className="lab-row">
            <label className="field">
              <span className="lab-label">From</span>
              <input type="date" value={range.from} max={range.to} onChange={(e) => setRange((w) => ({ ...w, from: e.target.value }))} aria-label="Replay from" />
            </label>
            <label className="field">
              <span className="lab-label">To</span>
              <input type="date" value={range.to} min={range.from} max={todayUtc()} onChange={(e) => setRange((w) => ({ ...w, to: e.target.value }))} aria-label="Replay to" />
            </label>
            <label className="field">
              <span className="lab-label">Sprint calendar</span>
              <select value={calendar} onChange={(e) => setCalendar(e.target.value as LabCalendar)} aria-label="Sprint calendar">
                <option value="auto">Leases asked for, else usage bursts</option>
                <option value="leases">Leases people asked for</option>
                <option value="bursts">Inferred from usage bursts</option>
              </select>
            </label>
            <p className="field-hint muted lab-hint">Snapped to whole weeks (Monday–Sunday); the 12 weeks before are warm-up history for need scores and pool sizing.</p>
          </div>
        )}
        <fieldset className="lab-policies">
          <legend>Policies</legend>
          {LAB_POLICY_IDS.map((id) => (
            <label key={id} className="lab-check">
              <input type="checkbox" checked={policies.includes(id)} onChange={() => toggle(id)} /> <strong>{id}</strong> {LAB_POLICY_NAMES[id]}
            </label>
          ))}
        </fieldset>
        <div className="lab-actions">
          <button type="submit" className="button button-primary" disabled={run.isPending || policies.length === 0}>{run.isPending ? 'Running…' : 'Run'}</button>
          {policies.length === 0 && <span className="field-error">Choose at least one policy.</span>}
        </div>
      </form>
      {run.isPending && <LoadingBlock label={source === 'replay' ? 'Replaying our history…' : 'Running the lab…'} />}
      {run.isError && <ErrorState error={run.error} what="the lab run" />}
      {run.data && !run.isPending && <LabResultView run={run.data} />}
    </div>
  );
}

function LabResultView({ run }: { run: LabRun }) {
  const { result, inputs } = run;
  const cheapest = [...result.policies].sort((a, b) => a.cost.mean - b.cost.mean)[0];
  const bestServed = [...result.policies].sort((a, b) => a.unmetDemandShare.mean - b.unmetDemandShare.mean || a.cost.mean - b.cost.mean)[0];
  const flagged = result.policies.filter((p) => p.isFourFifthsFlagged);
  return (
    <section className="lab-result" data-testid="lab-result" aria-label="Lab result">
      <div className="lab-result-head">
        <div>
          <h2>{result.scenario.name}</h2>
          <p className="muted">
            {result.scenario.weeks} weeks from {formatDate(result.scenario.start)} · {result.seeds.length === 1 ? '1 run' : `${result.seeds.length} seeds, mean with 95% intervals`}
          </p>
        </div>
        {run.reportUrl && <a className="button button-secondary" href={run.reportUrl} target="_blank" rel="noreferrer" data-testid="lab-report-link">Open HTML report</a>}
      </div>
      <div className="stat-grid">
        <div className="stat-card"><p className="stat-label">Oracle (hindsight)</p><p className="stat-value stat-value-text">{formatUsdRounded(result.oracle.cost.mean)}</p><p className="stat-sub">{result.oracle.poolSeats.mean.toFixed(1)} premium seats, all demand served</p></div>
        {cheapest && <div className="stat-card"><p className="stat-label">Cheapest</p><p className="stat-value stat-value-text">{cheapest.id} · {formatUsdRounded(cheapest.cost.mean)}</p><p className="stat-sub">leaves {(cheapest.unmetDemandShare.mean * 100).toFixed(1)}% of need unmet</p></div>}
        {bestServed && <div className="stat-card"><p className="stat-label">Best served</p><p className="stat-value stat-value-text">{bestServed.id} · {(bestServed.unmetDemandShare.mean * 100).toFixed(1)}% unmet</p><p className="stat-sub">{formatUsdRounded(bestServed.cost.mean)}, {bestServed.costRatioToOracle.mean.toFixed(2)}× the oracle</p></div>}
        <div className={`stat-card${flagged.length ? ' stat-card-warning' : ''}`}><p className="stat-label">Four-fifths flags</p><p className="stat-value">{flagged.length}</p><p className="stat-sub">{flagged.length ? flagged.map((p) => p.id).join(', ') : 'no policy'} below 0.8 junior/senior</p></div>
      </div>
      {inputs && (
        <div className="card fs-card lab-inputs" data-testid="lab-replay-inputs">
          <p>
            Replayed <strong>{formatDate(inputs.window.from)} – {formatDate(inputs.window.to)}</strong> ({inputs.window.weeks} weeks, after {inputs.warmup.weeks} weeks of warm-up from {formatDate(inputs.warmup.from)}):
            {' '}{inputs.people} people, {formatInteger(inputs.usageRows)} person-days of usage, {formatInteger(inputs.limitHitDays)} days with limit hits, {inputs.sprints} sprints {inputs.calendar === 'leases' ? 'from the leases people asked for' : 'inferred from usage bursts'}, {inputs.premiumSeats} premium seats today.
          </p>
          <ul className="muted">{inputs.notes.map((n) => <li key={n}>{n}</li>)}</ul>
        </div>
      )}
      <div className="lab-charts">
        <section className="card fs-card" aria-labelledby="lab-frontier-title">
          <div className="fs-card-header"><h2 id="lab-frontier-title">Cost vs unmet demand</h2></div>
          <p className="muted lab-note">Each policy at its mean, whiskers the 95% intervals; lower left is better. The oracle serves all need at the lowest possible cost.</p>
          <Suspense fallback={<LoadingBlock label="Loading the chart…" />}><LabFrontierChart result={result} /></Suspense>
        </section>
        <section className="card fs-card" aria-labelledby="lab-cost-title">
          <div className="fs-card-header"><h2 id="lab-cost-title">Cost over time</h2></div>
          <p className="muted lab-note">Weekly bill; seat plans buy the pool for the horizon, so policies with the same pool share a line.</p>
          <Suspense fallback={<LoadingBlock label="Loading the chart…" />}><LabCostChart result={result} /></Suspense>
        </section>
      </div>
      <section className="card fs-card" aria-labelledby="lab-table-title">
        <div className="fs-card-header"><h2 id="lab-table-title">Metrics</h2><span className="muted">mean [95% interval]</span></div>
        <LabMetricsTable result={result} />
      </section>
    </section>
  );
}
