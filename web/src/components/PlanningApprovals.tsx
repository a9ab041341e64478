import { useState } from 'react';
import { toApiError } from '../api/client.ts';
import { useDecideProposals, useGenerateProposals, useProposals, type ProposalDecisionResult } from '../api/planning.ts';
import { formatUsdRounded } from '../format.ts';
import { ErrorState, LoadingBlock } from './States.tsx';

type Choice = 'approve' | 'reject' | 'skip';

/** The owner's one place to approve every department's proposal (admins may generate; auditors read). */
export function PlanningApprovals({ canDecide, canGenerate }: { canDecide: boolean; canGenerate: boolean }) {
  const proposals = useProposals(true);
  const generate = useGenerateProposals();
  const decide = useDecideProposals();
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [note, setNote] = useState('');
  const [result, setResult] = useState<ProposalDecisionResult | null>(null);
  const open = proposals.data?.items.filter((p) => p.status === 'proposed') ?? [];
  const choiceOf = (id: string): Choice => choices[id] ?? 'approve';
  const body = (apply: boolean) => ({ approve: open.filter((p) => choiceOf(p.id) === 'approve').map((p) => p.id), reject: open.filter((p) => choiceOf(p.id) === 'reject').map((p) => p.id), ...(note ? { note } : {}), apply });
  const run = (apply: boolean) => decide.mutate(body(apply), { onSuccess: (r) => setResult(r) });
  return (
    <section className="card fs-card" data-testid="planning-approvals" aria-labelledby="planning-approvals-title">
      <div className="fs-card-header">
        <h2 id="planning-approvals-title">Approve proposals{proposals.data ? ` · quarter starting ${proposals.data.quarterStart}` : ''}</h2>
        {canGenerate && (
          <button type="button" className="button button-secondary" onClick={() => generate.mutate()} disabled={generate.isPending}>
            {generate.isPending ? 'Computing…' : 'Compute proposals for every department'}
          </button>
        )}
      </div>
      {generate.isError && <ErrorState compact error={generate.error} what="the proposals" />}
      {proposals.isPending && <LoadingBlock label="Loading proposals…" />}
      {proposals.isError && <ErrorState compact error={proposals.error} what="the proposals" />}
      {proposals.data && proposals.data.items.length === 0 && <p className="muted">No proposals for next quarter yet.</p>}
      {proposals.data && proposals.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col" className="num">Premium now</th>
                <th scope="col" className="num">Engine</th>
                <th scope="col" className="num">Proposed</th>
                <th scope="col" className="num">Budget now</th>
                <th scope="col" className="num">Proposed budget</th>
                <th scope="col">Adjustment</th>
                <th scope="col">Status</th>
                {canDecide && <th scope="col">Decision</th>}
              </tr>
            </thead>
            <tbody>
              {proposals.data.items.map((p) => (
                <tr key={p.id} data-testid="proposal-row">
                  <th scope="row">{p.departmentName}</th>
                  <td className="num">{p.beforeNominal}</td>
                  <td className="num">{p.computedNominal}</td>
                  <td className="num"><strong>{p.proposedNominal}</strong></td>
                  <td className="num">{p.beforeBudget ? formatUsdRounded(p.beforeBudget) : '—'}</td>
                  <td className="num">{formatUsdRounded(p.proposedBudget)}</td>
                  <td className="cell-note">{p.adjustReason ? `${p.adjustedByName ?? 'Someone'}: ${p.adjustReason}` : <span className="muted">engine's figures</span>}</td>
                  <td>{p.status === 'proposed' ? <span className="badge badge-neutral">proposed</span> : <span className={`badge ${p.status === 'approved' ? 'badge-tier-premium' : 'badge-warning'}`}>{p.status}{p.afterNominal !== null ? ` → ${p.afterNominal}` : ''}</span>}</td>
                  {canDecide && (
                    <td>
                      {p.status === 'proposed' && (
                        <select aria-label={`Decision for ${p.departmentName}`} value={choiceOf(p.id)} onChange={(e) => setChoices({ ...choices, [p.id]: e.target.value as Choice })}>
                          <option value="approve">Approve</option>
                          <option value="reject">Reject</option>
                          <option value="skip">Leave open</option>
                        </select>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canDecide && open.length > 0 && (
        <div className="planning-decide">
          <label className="field">
            <span>Note (recorded in the audit log)</span>
            <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Q1 planning review" />
          </label>
          <div className="state-actions">
            <button type="button" className="button button-secondary" onClick={() => run(false)} disabled={decide.isPending}>Preview changes</button>
            <button type="button" className="button button-primary" onClick={() => run(true)} disabled={decide.isPending}>Apply decisions</button>
          </div>
        </div>
      )}
      {decide.isError && <p className="text-danger" role="alert">{toApiError(decide.error).detail}</p>}
      {result && (
        <div className="planning-diff" data-testid="planning-diff" role="status">
          <p>
            <strong>{result.applied ? 'Applied.' : 'Preview — nothing written yet.'}</strong> {result.seats} of {result.capacity} premium seats apportioned (largest remainder).
          </p>
          <ul>
            {result.changes.filter((c) => c.beforeNominal !== c.afterNominal || c.beforeBudget !== c.afterBudget || c.decision !== 'unchanged').map((c) => (
              <li key={c.departmentId}>
                {c.departmentName}: {c.decision} · premium {c.beforeNominal} → {c.afterNominal} · budget {c.beforeBudget ? formatUsdRounded(c.beforeBudget) : '—'} → {c.afterBudget ? formatUsdRounded(c.afterBudget) : '—'}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
