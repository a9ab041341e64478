import { useId, useState, type FormEvent } from 'react';
import { useAddChannel, useAlertChannels, useRemoveChannel, useSendTestAlert, useSetChannelEnabled, type Audience, type ChannelSettings } from '../api/alerts.ts';
import { useDepartments } from '../api/queries.ts';
import { humanize } from '../format.ts';
import { ActionError, EmptyState, ErrorState } from './States.tsx';

const AUDIENCE_LABEL: Record<Audience, string> = { owner: 'Owner', finance: 'Finance', department_lead: 'Department lead' };

/** Alert channels for owners and admins: list, enable/disable, remove, add, send a test. Secrets are write-only. */
export function AlertChannels({ canEdit }: { canEdit: boolean }) {
  const channels = useAlertChannels(true);
  const departments = useDepartments();
  const setEnabled = useSetChannelEnabled();
  const remove = useRemoveChannel();
  const test = useSendTestAlert();
  const [isAdding, setIsAdding] = useState(false);
  const departmentName = (id: string | null) => (id ? (departments.data?.items.find((d) => d.id === id)?.name ?? 'a department') : null);
  const items = channels.data?.items ?? [];

  return (
    <section className="card section-card" aria-labelledby="channels-heading" data-testid="alert-channels">
      <div className="section-card-header section-card-header-row">
        <div>
          <h2 id="channels-heading">Delivery channels</h2>
          <p className="muted">Slack-compatible webhooks and e-mail. Each speaks for an audience; webhook URLs and SMTP passwords are stored encrypted and never shown again.</p>
        </div>
        {canEdit && (
          <div className="alert-channel-actions">
            <button type="button" className="button button-secondary button-small" disabled={test.isPending || items.length === 0} onClick={() => test.mutate()}>
              {test.isPending ? 'Sending…' : 'Send a test alert'}
            </button>
            <button type="button" className="button button-primary button-small" onClick={() => setIsAdding((v) => !v)} aria-expanded={isAdding}>
              Add a channel
            </button>
          </div>
        )}
      </div>
      {test.data && (
        <p className="alert-test-result" role="status">
          Test alert: {test.data.results.map((r) => `${r.channelName ?? r.target} ${r.status === 'sent' ? 'sent' : `failed (${r.error})`}`).join(' · ')}
        </p>
      )}
      {test.isError && <ActionError error={test.error} what="The test alert was not sent" />}
      {isAdding && canEdit && <AddChannelForm departments={departments.data?.items ?? []} onDone={() => setIsAdding(false)} />}
      {channels.isError && <ErrorState error={channels.error} what="the channels" compact onRetry={() => void channels.refetch()} isRetrying={channels.isFetching} />}
      {channels.data && items.length === 0 && (
        <EmptyState title="No channels yet">
          Alerts still appear here and in the bell of owners and leads. Add a webhook or an e-mail channel, or run <code>seatwise alerts channels add</code>.
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Audience</th>
                <th scope="col">Target</th>
                <th scope="col">Status</th>
                {canEdit && <th scope="col"><span className="visually-hidden">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} className={c.isEnabled ? undefined : 'row-muted'}>
                  <td>{c.name}</td>
                  <td>{c.kind === 'webhook' ? 'Webhook' : 'E-mail'}</td>
                  <td>
                    {AUDIENCE_LABEL[c.audience]}
                    {departmentName(c.departmentId) ? ` · ${departmentName(c.departmentId)}` : ''}
                  </td>
                  <td className="muted">{c.target}</td>
                  <td>{c.isEnabled ? 'Enabled' : 'Disabled'}</td>
                  {canEdit && (
                    <td className="row-actions">
                      <button type="button" className="button button-ghost button-small" onClick={() => setEnabled.mutate({ id: c.id, isEnabled: !c.isEnabled })}>
                        {c.isEnabled ? 'Disable' : 'Enable'}
                      </button>
                      <button type="button" className="button button-ghost button-small" onClick={() => window.confirm(`Remove the channel “${c.name}”?`) && remove.mutate(c.id)}>
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(setEnabled.isError || remove.isError) && <ActionError error={setEnabled.error ?? remove.error} what="The channel was not changed" />}
    </section>
  );
}

function AddChannelForm({ departments, onDone }: { departments: ReadonlyArray<{ id: string; name: string }>; onDone: () => void }) {
  const add = useAddChannel();
  const id = useId();
  const [kind, setKind] = useState<'webhook' | 'email'>('webhook');
  const [form, setForm] = useState({ name: '', audience: 'finance' as Audience, departmentId: '', url: '', host: '', port: '587', from: '', to: '', user: '', pass: '' });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const settings: ChannelSettings =
      kind === 'webhook'
        ? { kind, url: form.url.trim() }
        : { kind, host: form.host.trim(), port: Number(form.port), secure: form.port === '465', from: form.from.trim(), to: form.to.split(',').map((s) => s.trim()).filter(Boolean), ...(form.user ? { user: form.user, pass: form.pass } : {}) };
    add.mutate({ name: form.name.trim(), audience: form.audience, departmentId: form.departmentId || null, settings }, { onSuccess: onDone });
  };
  return (
    <form className="alert-channel-form" onSubmit={submit} aria-label="Add a channel">
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} type="text" required value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="Finance room" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-audience`}>Audience</label>
          <select id={`${id}-audience`} value={form.audience} onChange={(e) => set({ audience: e.target.value as Audience })}>
            {(Object.keys(AUDIENCE_LABEL) as Audience[]).map((a) => (
              <option key={a} value={a}>
                {AUDIENCE_LABEL[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-dept`}>Department</label>
          <select id={`${id}-dept`} value={form.departmentId} onChange={(e) => set({ departmentId: e.target.value })}>
            <option value="">All departments</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as 'webhook' | 'email')}>
            <option value="webhook">Webhook (Slack-compatible)</option>
            <option value="email">E-mail (SMTP)</option>
          </select>
        </div>
      </div>
      {kind === 'webhook' ? (
        <div className="form-row">
          <div className="field alert-field-wide">
            <label htmlFor={`${id}-url`}>Webhook URL</label>
            <input id={`${id}-url`} type="text" required value={form.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://hooks.slack.com/services/…" autoComplete="off" />
          </div>
        </div>
      ) : (
        <div className="form-row">
          {(
            [
              ['host', 'SMTP host', 'smtp.example.com'],
              ['port', 'Port', '587'],
              ['from', 'From', 'seatwise@example.com'],
              ['to', 'To (comma-separated)', 'finance@example.com'],
              ['user', 'User (optional)', ''],
              ['pass', 'Password (optional)', ''],
            ] as const
          ).map(([key, label, placeholder]) => (
            <div className="field" key={key}>
              <label htmlFor={`${id}-${key}`}>{label}</label>
              <input id={`${id}-${key}`} type={key === 'pass' ? 'password' : 'text'} value={form[key]} onChange={(e) => set({ [key]: e.target.value })} placeholder={placeholder} autoComplete="off" required={!['user', 'pass'].includes(key)} />
            </div>
          ))}
        </div>
      )}
      <div className="form-row">
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : `Add ${humanize(kind === 'email' ? 'e-mail' : 'webhook')} channel`}
        </button>
        <button type="button" className="button button-ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
      {add.isError && <ActionError error={add.error} what="The channel was not added" />}
    </form>
  );
}
