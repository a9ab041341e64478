import { useState, type FormEvent } from 'react';
import { useAcknowledgeAlert, type Alert, type Severity } from '../api/alerts.ts';
import { formatDateTime, formatRelative, humanize, plural } from '../format.ts';
import { ActionError } from './States.tsx';

const SEVERITY_TONE: Record<Severity, string> = { info: 'neutral', warning: 'pending', critical: 'danger' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge badge-status badge-tone-${SEVERITY_TONE[severity]}`}>{humanize(severity)}</span>;
}

function deliverySummary(alert: Alert): string {
  const sent = alert.deliveries.filter((d) => d.status === 'sent');
  const channels = new Set(sent.filter((d) => d.target.startsWith('channel:')).map((d) => d.target)).size;
  const people = new Set(sent.filter((d) => d.target.startsWith('person:')).map((d) => d.target)).size;
  const failed = alert.deliveries.filter((d) => d.status === 'failed').length;
  const parts = [`${plural(channels, 'channel')}`, `${plural(people, 'person', 'people')} in-app`];
  return `Sent to ${parts.join(', ')}${failed ? ` · ${failed} failed, retrying` : ''}`;
}

function AlertItem({ alert, canAcknowledge }: { alert: Alert; canAcknowledge: boolean }) {
  const acknowledge = useAcknowledgeAlert();
  const [isNoting, setIsNoting] = useState(false);
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    acknowledge.mutate({ id: alert.id, note: note.trim() || undefined }, { onSuccess: () => setIsNoting(false) });
  };
  return (
    <li className={`alert-item alert-item-${alert.severity}${alert.acknowledgedAt ? ' alert-item-acked' : ''}`} data-testid="alert-item">
      <div className="alert-item-head">
        <SeverityBadge severity={alert.severity} />
        <span className="badge badge-kind">{humanize(alert.kind)}</span>
        {alert.escalationLevel > 0 && !alert.acknowledgedAt && <span className="badge badge-tone-danger">Escalated ×{alert.escalationLevel}</span>}
        <h3 className="alert-item-title">{alert.title}</h3>
        <time className="alert-item-time" dateTime={alert.createdAt} title={formatDateTime(alert.createdAt)}>
          {formatRelative(alert.createdAt)}
        </time>
      </div>
      <p className="alert-item-body">{alert.body}</p>
      <div className="alert-item-foot">
        <span className="muted">
          {alert.departmentName ?? 'Organization'} · {deliverySummary(alert)}
        </span>
        {alert.acknowledgedAt ? (
          <span className="alert-item-ack">
            Acknowledged by {alert.acknowledgedByName ?? 'an operator'} {formatRelative(alert.acknowledgedAt)}
            {alert.acknowledgeNote ? `: “${alert.acknowledgeNote}”` : ''}
          </span>
        ) : (
          canAcknowledge &&
          alert.kind !== 'test' &&
          !isNoting && (
            <button type="button" className="button button-secondary button-small" onClick={() => setIsNoting(true)}>
              Acknowledge
            </button>
          )
        )}
      </div>
      {isNoting && !alert.acknowledgedAt && (
        <form className="alert-ack-form" onSubmit={submit}>
          <label className="visually-hidden" htmlFor={`ack-${alert.id}`}>
            What was done (optional)
          </label>
          <input id={`ack-${alert.id}`} type="text" value={note} maxLength={1000} placeholder="What was done (optional)" onChange={(e) => setNote(e.target.value)} />
          <button type="submit" className="button button-primary button-small" disabled={acknowledge.isPending}>
            {acknowledge.isPending ? 'Acknowledging…' : 'Confirm'}
          </button>
          <button type="button" className="button button-ghost button-small" onClick={() => setIsNoting(false)}>
            Cancel
          </button>
        </form>
      )}
      {acknowledge.isError && <ActionError error={acknowledge.error} what="Could not acknowledge the alert" />}
    </li>
  );
}

/** Alerts newest first; acknowledging stops escalation. */
export function AlertList({ alerts, canAcknowledge }: { alerts: readonly Alert[]; canAcknowledge: boolean }) {
  return (
    <ul className="alert-list" aria-label="Alerts">
      {alerts.map((a) => (
        <AlertItem key={a.id} alert={a} canAcknowledge={canAcknowledge} />
      ))}
    </ul>
  );
}
