import { useId, useState, type FormEvent } from 'react';
import { fieldErrors, useSetRule, type ComplianceRule, type RuleBody } from '../api/governance.ts';
import { ActionError } from './States.tsx';

/** The participation rule: admins edit it, others read it. One rule for every holder of the tier. */
export function ComplianceRuleForm({ rule, canEdit, onSaved }: { rule: ComplianceRule; canEdit: boolean; onSaved: () => void }) {
  const save = useSetRule();
  const id = useId();
  const [v, setV] = useState({ isEnabled: rule.isEnabled, appliesTo: rule.appliesTo, requiredCount: String(rule.requiredCount), windowDays: String(rule.windowDays), graceDays: String(rule.graceDays), effectiveFrom: rule.effectiveFrom });
  const local: Record<string, string> = {};
  const whole = (s: string, min: number, max: number) => /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max;
  if (!whole(v.requiredCount, 1, 20)) local.requiredCount = 'A whole number from 1 to 20';
  if (!whole(v.windowDays, 7, 366)) local.windowDays = 'Between 7 and 366 days';
  if (!whole(v.graceDays, 0, 180)) local.graceDays = 'Between 0 and 180 days';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.effectiveFrom)) local.effectiveFrom = 'Pick a date';
  const server = save.error ? fieldErrors(save.error) : {};
  const errorOf = (f: string) => local[f] ?? server[f];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(local).length) return;
    const body: RuleBody = { isEnabled: v.isEnabled, appliesTo: v.appliesTo, requiredCount: Number(v.requiredCount), windowDays: Number(v.windowDays), graceDays: Number(v.graceDays), effectiveFrom: v.effectiveFrom };
    save.mutate(body, { onSuccess: onSaved });
  };
  const num = (name: 'requiredCount' | 'windowDays' | 'graceDays', label: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input type="text" id={`${id}-${name}`} inputMode="numeric" value={v[name]} disabled={!canEdit} onChange={(e) => setV((s) => ({ ...s, [name]: e.target.value }))} aria-invalid={errorOf(name) ? true : undefined} aria-describedby={errorOf(name) ? `${id}-${name}-err` : undefined} />
      {errorOf(name) && <span className="field-error" id={`${id}-${name}-err`}>{errorOf(name)}</span>}
    </div>
  );
  return (
    <form className="compliance-rule" onSubmit={submit} noValidate aria-label="Participation rule">
      <label className="compliance-toggle">
        <input type="checkbox" checked={v.isEnabled} disabled={!canEdit} onChange={(e) => setV((s) => ({ ...s, isEnabled: e.target.checked }))} /> Require participation
      </label>
      <p className="compliance-rule-text">
        Every person holding a {v.appliesTo === 'premium' ? 'premium seat (permanent or leased)' : 'permanent premium seat'} shares at least {v.requiredCount || '…'} use case{v.requiredCount === '1' ? '' : 's'} every {v.windowDays || '…'} days. No exemption by title, role or tenure; individual exemptions need a reason and are listed below.
      </p>
      <div className="usecase-form-grid compliance-rule-grid">
        <div className="field">
          <label htmlFor={`${id}-appliesTo`}>Applies to</label>
          <select id={`${id}-appliesTo`} value={v.appliesTo} disabled={!canEdit} onChange={(e) => setV((s) => ({ ...s, appliesTo: e.target.value as RuleBody['appliesTo'] }))}>
            <option value="permanent_premium">Permanent premium seats</option>
            <option value="premium">All premium seats, leases included</option>
          </select>
        </div>
        {num('requiredCount', 'Use cases to share')}
        {num('windowDays', 'Within (days, rolling)')}
        {num('graceDays', 'Grace (days)')}
        <div className="field">
          <label htmlFor={`${id}-from`}>In force from</label>
          <input id={`${id}-from`} type="date" value={v.effectiveFrom} disabled={!canEdit} onChange={(e) => setV((s) => ({ ...s, effectiveFrom: e.target.value }))} />
          {errorOf('effectiveFrom') && <span className="field-error">{errorOf('effectiveFrom')}</span>}
        </div>
      </div>
      {save.isError && Object.keys(server).length === 0 && <ActionError error={save.error} what="Could not save the rule" />}
      {canEdit && (
        <div className="usecase-form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save rule'}
          </button>
        </div>
      )}
    </form>
  );
}
