import { useId, useState, type FormEvent } from 'react';
import { fieldErrors, useGrantExemption, useRevokeExemption, type CompliancePerson, type Exemption } from '../api/governance.ts';
import { formatDate } from '../format.ts';
import { ActionError, EmptyState } from './States.tsx';

/** Every exemption with its reason (including revoked ones), and the admin's grant form. */
export function ComplianceExemptions({ exemptions, people, canEdit, onChanged }: { exemptions: readonly Exemption[]; people: readonly CompliancePerson[]; canEdit: boolean; onChanged: (notice: string) => void }) {
  const grant = useGrantExemption();
  const revoke = useRevokeExemption();
  const id = useId();
  const [v, setV] = useState({ personId: '', reason: '', validUntil: '' });
  const [touched, setTouched] = useState(false);
  const problems: Record<string, string> = {};
  if (!v.personId) problems.personId = 'Choose a person';
  if (v.reason.trim().length < 10) problems.reason = 'A reason of at least 10 characters is required; everyone reading the report sees it';
  const local = touched ? problems : {};
  const server = grant.error ? fieldErrors(grant.error) : {};
  const errorOf = (f: string) => local[f] ?? server[f];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length > 0) return;
    grant.mutate({ personId: v.personId, reason: v.reason.trim(), validUntil: v.validUntil || null }, { onSuccess: (x) => { setV({ personId: '', reason: '', validUntil: '' }); setTouched(false); onChanged(`${x.personName} is exempt: ${x.reason}`); } });
  };
  const candidates = people.filter((p) => p.status !== 'exempt');
  return (
    <>
      {exemptions.length === 0 ? (
        <EmptyState title="No exemptions" />
      ) : (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Reason</th>
                <th scope="col">Until</th>
                <th scope="col">Granted</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {exemptions.map((x) => (
                <tr key={x.id} className={x.revokedAt ? 'row-muted' : undefined}>
                  <th scope="row">
                    {x.personName}
                    <div className="cell-sub">{x.departmentName ?? 'No department'}</div>
                  </th>
                  <td className="compliance-reason">{x.reason}</td>
                  <td>{x.validUntil ? formatDate(x.validUntil) : 'No end date'}</td>
                  <td>
                    {formatDate(x.createdAt.slice(0, 10))}
                    <div className="cell-sub">by {x.grantedByName ?? 'an operator'}</div>
                  </td>
                  <td>
                    {x.revokedAt ? (
                      `Revoked ${formatDate(x.revokedAt.slice(0, 10))}: ${x.revokeReason ?? ''}`
                    ) : canEdit ? (
                      <button type="button" className="button button-small button-ghost" disabled={revoke.isPending} onClick={() => { const reason = window.prompt(`Why does ${x.personName}'s exemption end?`); if (reason) revoke.mutate({ id: x.id, reason }, { onSuccess: () => onChanged(`${x.personName}'s exemption ended`) }); }}>
                        Revoke…
                      </button>
                    ) : (
                      'Active'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.isError && <ActionError error={revoke.error} what="Could not revoke the exemption" />}
      {canEdit && (
        <form className="compliance-exempt-form" onSubmit={submit} noValidate aria-label="Grant an exemption">
          <h3>Grant an exemption</h3>
          <div className="usecase-form-grid">
            <div className="field">
              <label htmlFor={`${id}-p`}>Person</label>
              <select id={`${id}-p`} value={v.personId} onChange={(e) => setV((s) => ({ ...s, personId: e.target.value }))} aria-invalid={errorOf('personId') ? true : undefined}>
                <option value="">Choose…</option>
                {candidates.map((p) => (
                  <option key={p.personId} value={p.personId}>
                    {p.name} ({p.departmentName ?? 'no department'})
                  </option>
                ))}
              </select>
              {errorOf('personId') && <span className="field-error">{errorOf('personId')}</span>}
            </div>
            <div className="field">
              <label htmlFor={`${id}-u`}>Until (optional)</label>
              <input id={`${id}-u`} type="date" value={v.validUntil} onChange={(e) => setV((s) => ({ ...s, validUntil: e.target.value }))} />
              {errorOf('validUntil') && <span className="field-error">{errorOf('validUntil')}</span>}
            </div>
            <div className="field usecase-field-wide">
              <label htmlFor={`${id}-r`}>Reason</label>
              <textarea id={`${id}-r`} rows={2} value={v.reason} onChange={(e) => setV((s) => ({ ...s, reason: e.target.value }))} aria-invalid={errorOf('reason') ? true : undefined} aria-describedby={errorOf('reason') ? `${id}-r-err` : undefined} />
              {errorOf('reason') && <span className="field-error" id={`${id}-r-err`}>{errorOf('reason')}</span>}
            </div>
          </div>
          {grant.isError && Object.keys(server).length === 0 && <ActionError error={grant.error} what="Could not grant the exemption" />}
          <div className="usecase-form-actions">
            <button type="submit" className="button button-secondary" disabled={grant.isPending}>
              {grant.isPending ? 'Saving…' : 'Grant exemption'}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
