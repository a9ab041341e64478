import { useEffect, useId, useState } from 'react';
import { auditExportUrl, useAuditLog, useAuditVerification, type AuditEntry, type AuditQuery } from '../api/audit.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/States.tsx';
import { formatDateTime, formatInteger, humanize } from '../format.ts';
import { useDebouncedValue } from '../hooks.ts';

const PAGE_SIZE = 50;
const ENTITY_TYPES = ['lease', 'person', 'department', 'department_quota', 'seat_assignment', 'seat_inventory', 'policy', 'organization', 'api_token', 'seat_review', 'price_catalog'];

type Filters = Readonly<{ entityType: string; action: string; actorKind: string; from: string; to: string; offset: number }>;
const EMPTY: Filters = { entityType: '', action: '', actorKind: '', from: '', to: '', offset: 0 };

function toQuery(f: Filters): AuditQuery {
  return {
    limit: PAGE_SIZE,
    offset: f.offset,
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(f.actorKind ? { actorKind: f.actorKind } : {}),
    ...(f.from ? { from: `${f.from}T00:00:00.000Z` } : {}),
    ...(f.to ? { to: new Date(Date.parse(`${f.to}T00:00:00.000Z`) + 86_400_000).toISOString() } : {}),
  };
}

export function AuditLogPage() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [actionInput, setActionInput] = useState('');
  const settledAction = useDebouncedValue(actionInput, 300);
  const log = useAuditLog(toQuery(filters));
  const ids = { entity: useId(), action: useId(), actor: useId(), from: useId(), to: useId() };
  const setFilter = (patch: Partial<Omit<Filters, 'offset'>>) => setFilters((f) => ({ ...f, ...patch, offset: 0 }));
  const hasFilters = filters.entityType !== '' || filters.action !== '' || filters.actorKind !== '' || filters.from !== '' || filters.to !== '';

  useEffect(() => {
    document.title = 'Audit log · Seatwise';
  }, []);

  // The typed action applies once typing has settled, from the first page (Clear filters empties it at once).
  useEffect(() => {
    if (settledAction === actionInput) setFilters((f) => (f.action === settledAction ? f : { ...f, action: settledAction, offset: 0 }));
  }, [settledAction, actionInput]);

  const data = log.data;
  return (
    <div className="page">
      <PageHeader
        title="Audit log"
        subtitle="Every change: who, what, before and after, when, why and under which policy rule. Hash-chained, so an edit or a deletion shows."
        aside={
          <div className="audit-export">
            <a className="button button-secondary" href={auditExportUrl('csv')} download>
              Export CSV
            </a>
            <a className="button button-ghost" href={auditExportUrl('jsonl')} download>
              JSON lines
            </a>
          </div>
        }
      />
      <ChainBanner />

      <section className="card section-card" aria-label="Audit events">
        <form className="toolbar audit-toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={ids.entity}>Entity</label>
            <select id={ids.entity} value={filters.entityType} onChange={(e) => setFilter({ entityType: e.target.value })}>
              <option value="">All entities</option>
              {ENTITY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {humanize(t)}
                </option>
              ))}
            </select>
          </div>
          <div className="field audit-action-field">
            <label htmlFor={ids.action}>Action</label>
            <input id={ids.action} type="search" placeholder="lease.approved or lease." value={actionInput} onChange={(e) => setActionInput(e.target.value)} maxLength={100} spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor={ids.actor}>Actor</label>
            <select id={ids.actor} value={filters.actorKind} onChange={(e) => setFilter({ actorKind: e.target.value })}>
              <option value="">Anyone</option>
              <option value="person">A person</option>
              <option value="system">The system</option>
              <option value="cli">The CLI operator</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.from}>From</label>
            <input id={ids.from} type="date" value={filters.from} onChange={(e) => setFilter({ from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={ids.to}>To</label>
            <input id={ids.to} type="date" value={filters.to} onChange={(e) => setFilter({ to: e.target.value })} />
          </div>
          <div className="field field-action">
            <button type="button" className="button button-ghost" disabled={!hasFilters && actionInput === ''} onClick={() => { setActionInput(''); setFilters(EMPTY); }}>
              Clear filters
            </button>
          </div>
        </form>

        {log.isPending && <TableSkeleton columns={7} rows={10} label="Loading the audit log…" />}
        {log.isError && <ErrorState error={log.error} what="the audit log" onRetry={() => void log.refetch()} isRetrying={log.isFetching} />}
        {data && data.items.length === 0 && <EmptyState title={hasFilters ? 'No events match these filters' : 'No events yet'}>Widen the filters, or clear them to see everything.</EmptyState>}
        {data && data.items.length > 0 && (
          <>
            <div className={`table-wrap${log.isPlaceholderData && log.isFetching ? ' is-stale' : ''}`}>
              <AuditTable entries={data.items} />
            </div>
            <nav className="pagination" aria-label="Pagination">
              <p className="pagination-summary">
                Showing {formatInteger(data.offset + 1)}–{formatInteger(data.offset + data.items.length)} of {formatInteger(data.total)}
              </p>
              <div className="pagination-controls">
                <button type="button" className="button button-secondary" disabled={data.offset === 0} onClick={() => setFilters((f) => ({ ...f, offset: Math.max(0, f.offset - PAGE_SIZE) }))}>
                  <span aria-hidden="true">←</span> Newer
                </button>
                <button type="button" className="button button-secondary" disabled={data.offset + data.items.length >= data.total} onClick={() => setFilters((f) => ({ ...f, offset: f.offset + PAGE_SIZE }))}>
                  Older <span aria-hidden="true">→</span>
                </button>
              </div>
            </nav>
          </>
        )}
      </section>
    </div>
  );
}

function ChainBanner() {
  const v = useAuditVerification();
  if (v.isPending) return <div className="audit-chain audit-chain-pending" role="status">Verifying the audit chain…</div>;
  if (v.isError) return <ErrorState error={v.error} what="the chain status" compact onRetry={() => void v.refetch()} />;
  const data = v.data;
  if (data.status === 'broken' && data.firstBreak) {
    return (
      <div className="audit-chain audit-chain-broken" role="alert" data-testid="chain-status">
        <strong>Chain broken at entry {formatInteger(data.firstBreak.seq)}</strong>
        <span>{data.firstBreak.message}. Entries before it verify; treat everything from it on as untrusted and investigate.</span>
      </div>
    );
  }
  return (
    <div className="audit-chain audit-chain-verified" role="status" data-testid="chain-status">
      <strong>Chain verified</strong>
      <span>
        {formatInteger(data.entries)} entries recomputed {formatDateTime(data.checkedAt)} · head #{formatInteger(data.headSeq ?? 0)} <code title={data.headHash ?? ''}>{(data.headHash ?? '').slice(0, 16)}…</code>
      </span>
      <button type="button" className="link-button" onClick={() => void v.refetch()} disabled={v.isFetching}>
        {v.isFetching ? 'Checking…' : 'Verify again'}
      </button>
    </div>
  );
}

const short = (value: unknown): string => {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 36 ? `${text.slice(0, 35)}…` : text;
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields an event changed, as "field: before → after" (at most four; the rest counted). */
function changedFields(before: unknown, after: unknown): { lines: string[]; more: number } {
  if (!isRecord(before) && !isRecord(after)) {
    if (before === null && after === null) return { lines: [], more: 0 };
    return { lines: [`${short(before ?? undefined)} → ${short(after ?? undefined)}`], more: 0 };
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  const lines = keys.slice(0, 4).map((k) => (k in b ? `${k}: ${short(b[k])} → ${short(a[k])}` : `${k}: ${short(a[k])}`));
  return { lines, more: Math.max(0, keys.length - 4) };
}

function Change({ entry }: { entry: AuditEntry }) {
  const { lines, more } = changedFields(entry.before, entry.after);
  if (lines.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="audit-diff" title={`before: ${JSON.stringify(entry.before)}\nafter: ${JSON.stringify(entry.after)}`}>
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
      {more > 0 && <li className="muted">+{more} more</li>}
    </ul>
  );
}

function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <table className="table table-audit" data-testid="audit-table">
      <thead>
        <tr>
          <th scope="col" className="num">#</th>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Entity</th>
          <th scope="col">Rule</th>
          <th scope="col">Why</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id}>
            <td className="num muted">{e.seq ?? '—'}</td>
            <td className="audit-when">{formatDateTime(e.occurredAt)}</td>
            <td>{e.actor.name ?? (e.actor.kind === 'cli' ? 'CLI operator' : humanize(e.actor.kind))}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              {humanize(e.entityType)}
              {e.entityId && <span className="audit-id muted" title={e.entityId}> {e.entityId.slice(0, 8)}</span>}
            </td>
            <td className="audit-rule">{e.rule ? <code>{e.rule}</code> : <span className="muted">—</span>}</td>
            <td className="audit-reason">{e.reason ?? <span className="muted">—</span>}</td>
            <td className="audit-change">
              <Change entry={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
