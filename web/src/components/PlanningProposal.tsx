import { useState } from 'react';
import { toApiError } from '../api/client.ts';
import { useSubmitProposal, type DepartmentPlanning } from '../api/planning.ts';
import { formatUsdRounded } from '../format.ts';

/** The engine's draft with its reasons, the stored proposal, and the lead's adjust form. */
export function PlanningProposal({ view, canPropose }: { view: DepartmentPlanning; canPropose: boolean }) {
  const submit = useSubmitProposal(view.department.id);
  const stored = view.proposal;
  const [nominal, setNominal] = useState(String(stored?.proposedNominal ?? view.draft.nominalPremium));
  const [budget, setBudget] = useState(stored?.proposedBudget ?? view.draft.monthlyBudget);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const onAdjust = (e: React.FormEvent) => {
    e.preventDefault();
    submit.mutate({ nominalPremium: Number(nominal), monthlyBudget: budget, reason }, { onSuccess: (p) => { setNotice(`Proposal for ${view.quarterLabel} saved: ${p.proposedNominal} premium seats, ${formatUsdRounded(p.proposedBudget)} a month.`); setReason(''); } });
  };
  return (
    <section className="card fs-card" data-testid="planning-proposal" aria-labelledby="planning-proposal-title">
      <div className="fs-card-header">
        <h2 id="planning-proposal-title">Proposal for {view.quarterLabel}</h2>
        {stored && <span><span className={`badge ${stored.status === 'approved' ? 'badge-tier-premium' : stored.status === 'rejected' ? 'badge-warning' : 'badge-neutral'}`}>{stored.status}</span></span>}
      </div>
      <div className="planning-proposal-figures">
        <div><p className="stat-label">Premium seats</p><p className="stat-value">{view.quota.nominalPremium} → {view.draft.nominalPremium}</p><p className="stat-sub">engine's proposal</p></div>
        <div><p className="stat-label">Monthly budget</p><p className="stat-value">{view.quota.monthlyBudget ? formatUsdRounded(view.quota.monthlyBudget) : '—'} → {formatUsdRounded(view.draft.monthlyBudget)}</p><p className="stat-sub">seats + usage + 15%</p></div>
        {stored && (
          <div><p className="stat-label">Submitted</p><p className="stat-value">{stored.proposedNominal} · {formatUsdRounded(stored.proposedBudget)}</p><p className="stat-sub">{stored.adjustReason ? `adjusted: ${stored.adjustReason}` : "engine's figures"}</p></div>
        )}
      </div>
      <h3 className="planning-subhead">Why: the inputs that moved it</h3>
      <table className="table table-compact">
        <thead><tr><th scope="col">Input</th><th scope="col">Value</th><th scope="col">Effect</th></tr></thead>
        <tbody>
          {view.draft.reasons.map((r) => <tr key={r.input}><th scope="row">{r.input}</th><td>{r.value}</td><td>{r.effect}</td></tr>)}
        </tbody>
      </table>
      {canPropose && stored?.status !== 'approved' && (
        <form className="planning-adjust" onSubmit={onAdjust} data-testid="planning-adjust-form">
          <label className="field"><span>Premium seats</span><input type="number" min={0} value={nominal} onChange={(e) => setNominal(e.target.value)} /></label>
          <label className="field"><span>Monthly budget (USD)</span><input type="text" inputMode="decimal" value={budget} onChange={(e) => setBudget(e.target.value)} /></label>
          <label className="field planning-reason"><span>Reason for the adjustment</span><input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="Why it differs from the engine's figures" /></label>
          <div className="state-actions">
            <button type="button" className="button button-secondary" disabled={submit.isPending} onClick={() => submit.mutate({}, { onSuccess: () => setNotice("The engine's proposal was submitted.") })}>Submit engine's proposal</button>
            <button type="submit" className="button button-primary" disabled={submit.isPending}>Submit adjusted proposal</button>
          </div>
        </form>
      )}
      {submit.isError && <p className="text-danger" role="alert">{toApiError(submit.error).detail}</p>}
      {notice && <p className="planning-notice" role="status">{notice}</p>}
    </section>
  );
}
