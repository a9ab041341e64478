import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Flash } from '../components/Flash.tsx';
import { toApiError } from '../api/client.ts';
import { useIgnoreIdentity, useImportUsage, useLinkIdentity, useMe, usePeople, usePerson, useUnmatchedIdentities, useUsageImports } from '../api/queries.ts';
import type { Person, UnmatchedIdentity, UnmatchedStatus, UsageImport, UsageImportCounts, UsageImportProblem } from '../api/types.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { ActionError, EmptyState, ErrorState, TableSkeleton } from '../components/States.tsx';
import { dayOf, formatDate, formatDateTime, formatInteger, humanize, plural } from '../format.ts';
import { useDebouncedValue } from '../hooks.ts';
import { isAdmin } from '../usage.ts';

/** What one web upload may carry (the server's body limit); bigger files go through the CLI. */
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const COLUMNS = ['date', 'email', 'source', 'messages', 'input_tokens', 'output_tokens', 'cost_usd', 'limit_hits', 'active_minutes'];

export function UsageDataPage() {
  const me = useMe().data;
  useEffect(() => {
    document.title = 'Usage data · Seatwise';
  }, []);
  if (!me) return null;
  const canChange = isAdmin(me);
  return (
    <div className="page">
      <PageHeader
        title="Usage data"
        subtitle="Import daily Claude usage from a CSV export, see every import, and match usage whose email belongs to no one in Seatwise."
      />
      {canChange ? (
        <ImportCard />
      ) : (
        <div className="card notice-card" role="note">
          Only admins import usage and link identities; you can read the history and the unmatched list.
        </div>
      )}
      <ImportHistory />
      <UnmatchedIdentities canChange={canChange} />
    </div>
  );
}

/* ---------- Upload ---------- */

type Outcome = Readonly<{ kind: 'ok'; filename: string; counts: UsageImportCounts }> | Readonly<{ kind: 'failed'; filename: string; error: unknown }>;

function ImportCard() {
  const mutation = useImportUsage();
  const [file, setFile] = useState<File | null>(null);
  const [map, setMap] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [isReading, setIsReading] = useState(false);
  const clearFile = () => {
    setFile(null);
    setInputKey((k) => k + 1);
  };
  const resultRef = useRef<HTMLDivElement>(null);
  const ids = { file: useId(), map: useId(), mapHint: useId(), fileHint: useId() };

  useEffect(() => {
    if (outcome) resultRef.current?.focus();
  }, [outcome]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending || isReading) return;
    if (!file) {
      setFileError(outcome?.kind === 'failed' ? 'Choose the corrected file' : 'Choose a CSV file to import');
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setFileError(`This file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the web upload takes up to 10 MB. Import bigger files with the seatwise CLI.`);
      return;
    }
    // Read it now: a file edited on disk after it was chosen can no longer be read (nor uploaded) by the browser.
    let data: Blob;
    setIsReading(true);
    try {
      data = new Blob([await file.arrayBuffer()], { type: 'text/csv' });
    } catch {
      setFileError('The file changed since you chose it. Choose it again.');
      clearFile();
      return;
    } finally {
      setIsReading(false);
    }
    setFileError(null);
    setOutcome(null);
    const filename = file.name;
    // Either way the choice is spent: after fixing a file, choosing it again must register as a new choice.
    clearFile();
    mutation.mutate(
      { data, filename, map },
      {
        onSuccess: (counts) => setOutcome({ kind: 'ok', filename, counts }),
        onError: (error) => setOutcome({ kind: 'failed', filename, error }),
      },
    );
  };

  return (
    <section className="card section-card import-card" aria-labelledby="import-heading">
      <div className="section-card-header">
        <h2 id="import-heading">Import a usage CSV</h2>
        <p className="muted">
          One row per person and day: <code>date</code> and <code>email</code> are required; <code>{COLUMNS.slice(2).join(', ')}</code> are optional. Importing the same
          file again changes nothing; a file with any bad row imports nothing.
        </p>
      </div>
      <form className="import-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={ids.file}>Usage CSV file</label>
          <input
            key={inputKey}
            id={ids.file}
            type="file"
            accept=".csv,text/csv"
            className="file-input"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFileError(null);
            }}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={ids.fileHint}
          />
          {fileError ? (
            <span className="field-error" id={ids.fileHint}>
              {fileError}
            </span>
          ) : (
            <span className="field-hint muted" id={ids.fileHint}>
              UTF-8 CSV with a header row, up to 10 MB.
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.map}>Column mapping</label>
          <input id={ids.map} type="text" value={map} onChange={(e) => setMap(e.target.value)} placeholder="Date=date,User Email=email" spellCheck={false} autoComplete="off" aria-describedby={ids.mapHint} />
          <span className="field-hint muted" id={ids.mapHint}>
            Optional, for exports with other column names: <code>File column=column</code>, comma-separated; <code>Column=-</code> ignores a column.
          </span>
        </div>
        <div className="import-actions">
          <button type="submit" className="button button-primary" disabled={mutation.isPending || isReading}>
            {mutation.isPending || isReading ? 'Importing…' : 'Import'}
          </button>
          {mutation.isPending && <span className="refreshing">Checking every row, then writing…</span>}
        </div>
      </form>
      {outcome && (
        <div className="import-outcome" ref={resultRef} tabIndex={-1}>
          {outcome.kind === 'ok' ? <ImportSuccess filename={outcome.filename} counts={outcome.counts} /> : <ImportFailure filename={outcome.filename} error={outcome.error} />}
        </div>
      )}
    </section>
  );
}

function ImportSuccess({ filename, counts }: { filename: string; counts: UsageImportCounts }) {
  const figures = [
    { label: 'Rows', value: counts.rows },
    { label: 'New days', value: counts.inserted },
    { label: 'Updated', value: counts.updated },
    { label: 'Unchanged', value: counts.unchanged },
    { label: 'Unmatched', value: counts.unmatched },
  ];
  return (
    <div className="outcome outcome-success import-result" role="status" data-testid="import-result">
      <div className="outcome-icon" aria-hidden="true">
        ✓
      </div>
      <div className="outcome-body">
        <p className="outcome-eyebrow">Imported</p>
        <h3 className="outcome-headline">
          {filename}: {plural(counts.rows, 'row')} imported
        </h3>
        <dl className="import-counts">
          {figures.map((f) => (
            <div key={f.label} data-count={f.label.toLowerCase().replace(' ', '-')}>
              <dt>{f.label}</dt>
              <dd>{formatInteger(f.value)}</dd>
            </div>
          ))}
        </dl>
        {counts.unmatched > 0 && (
          <p className="outcome-detail">
            {plural(counts.unmatched, 'row')} had an email that matches nobody; that usage is kept and waits in the unmatched list below.
          </p>
        )}
      </div>
    </div>
  );
}

function ImportFailure({ filename, error }: { filename: string; error: unknown }) {
  const problem = toApiError(error);
  const rows = problem.errors;
  if (rows.length === 0 || problem.status !== 422) return <ActionError error={error} what={`${filename} was not imported`} />;
  const headline = problem.detail.split('\n')[0] || `The file has ${plural(rows.length, 'problem')}; nothing was imported.`;
  const more = /… and (\d+) more/.exec(problem.detail)?.[1];
  return (
    <div className="import-errors-block" role="alert" data-testid="import-errors">
      <p className="import-errors-title">
        <strong>{filename} was not imported.</strong> {headline}
      </p>
      <div className="table-wrap import-errors-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Column</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e, i) => (
              <tr key={`${e.line ?? ''}-${e.path}-${i}`}>
                <td className="num">{e.line !== undefined && e.line > 0 ? e.line : '—'}</td>
                <td>
                  <code>{e.path.replace(/^(body|querystring)\./, '')}</code>
                </td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted import-errors-hint">
        Fix these lines, then choose the file again and import it{more ? ` (${formatInteger(Number(more))} more problems are not shown)` : ''}. Line 1 is the header row.
      </p>
    </div>
  );
}

/* ---------- History ---------- */

function ImportHistory() {
  const imports = useUsageImports();
  const items = imports.data?.items ?? [];
  return (
    <section className="card section-card" aria-labelledby="history-heading" data-testid="import-history" aria-busy={imports.isPending || undefined}>
      <div className="section-card-header section-card-header-row">
        <div>
          <h2 id="history-heading">
            Import history{imports.data && <span className="count">{items.length}</span>}
          </h2>
          <p className="muted">Every import, newest first, whether it went in or not.</p>
        </div>
        {imports.isFetching && !imports.isPending && <span className="refreshing">Updating…</span>}
      </div>
      {imports.isPending && <TableSkeleton columns={7} rows={3} label="Loading the import history…" />}
      {imports.isError && !imports.data && <ErrorState error={imports.error} what="the import history" onRetry={() => void imports.refetch()} isRetrying={imports.isFetching} />}
      {imports.data && items.length === 0 && <EmptyState title="No imports yet">Imports from this page, the CLI and connectors appear here.</EmptyState>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">File</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col" className="num">
                  New
                </th>
                <th scope="col" className="num">
                  Updated
                </th>
                <th scope="col" className="num">
                  Unchanged
                </th>
                <th scope="col" className="num">
                  Unmatched
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <HistoryRow key={i.id} item={i} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function HistoryRow({ item }: { item: UsageImport }) {
  const failed = item.status === 'failed';
  return (
    <tr data-import-id={item.id} data-status={item.status}>
      <td className="nowrap">{formatDateTime(item.startedAt)}</td>
      <td>
        <span className="cell-file">{item.filename ?? humanize(item.source)}</span>
        <span className="cell-sub">{item.filename ? `${item.source} upload` : 'connector run'}</span>
      </td>
      <td>
        <span className={`badge badge-status badge-tone-${failed ? 'danger' : item.status === 'succeeded' ? 'success' : item.status === 'running' ? 'info' : 'neutral'}`}>
          {failed ? 'Failed' : item.status === 'succeeded' ? 'Imported' : humanize(item.status)}
        </span>
        {failed && item.errors.length > 0 && <HistoryProblems problems={item.errors} />}
      </td>
      <td className="num">{formatInteger(item.rows)}</td>
      <td className="num">{failed ? '—' : formatInteger(item.inserted)}</td>
      <td className="num">{failed ? '—' : formatInteger(item.updated)}</td>
      <td className="num">{failed ? '—' : formatInteger(item.unchanged)}</td>
      <td className="num">{failed ? '—' : formatInteger(item.unmatched)}</td>
    </tr>
  );
}

function HistoryProblems({ problems }: { problems: readonly UsageImportProblem[] }) {
  return (
    <details className="history-problems">
      <summary>{plural(problems.length, 'problem')}</summary>
      <ul>
        {problems.slice(0, 10).map((p, i) => (
          <li key={`${p.line}-${i}`}>
            {p.line > 0 ? `Line ${p.line}` : 'File'} · <code>{p.path}</code> {p.message}
          </li>
        ))}
        {problems.length > 10 && <li className="muted">… and {problems.length - 10} more</li>}
      </ul>
    </details>
  );
}

/* ---------- Unmatched identities ---------- */

const STATUSES: ReadonlyArray<{ id: UnmatchedStatus; label: string }> = [
  { id: 'open', label: 'Open' },
  { id: 'linked', label: 'Linked' },
  { id: 'ignored', label: 'Ignored' },
];

function UnmatchedIdentities({ canChange }: { canChange: boolean }) {
  const [status, setStatus] = useState<UnmatchedStatus>('open');
  const [notice, setNotice] = useState<string | null>(null);
  const identities = useUnmatchedIdentities(status);
  const items = identities.data?.items ?? [];
  const isStale = identities.isPlaceholderData && identities.isFetching;

  return (
    <section className="card section-card" aria-labelledby="unmatched-heading" data-testid="unmatched-identities">
      <div className="section-card-header section-card-header-row usage-chart-header">
        <div>
          <h2 id="unmatched-heading">
            Unmatched identities{identities.data && !identities.isPlaceholderData && <span className="count">{items.length}</span>}
          </h2>
          <p className="muted">Emails in usage data that match nobody. Their usage is kept: link one to a person and it moves to them, or ignore it (a bot, a contractor).</p>
        </div>
        <div className="segmented" role="group" aria-label="Status">
          {STATUSES.map((s) => (
            <button
              key={s.id}
              type="button"
              className="segmented-button"
              aria-pressed={s.id === status}
              onClick={() => {
                setStatus(s.id);
                setNotice(null);
              }}
            >
              {s.label}
            </button>
          ))}
        </div>
      </div>
      <Flash notice={notice} onDismiss={() => setNotice(null)} />
      {identities.isPending && <TableSkeleton columns={5} rows={3} label="Loading unmatched identities…" />}
      {identities.isError && !identities.data && (
        <ErrorState error={identities.error} what="unmatched identities" onRetry={() => void identities.refetch()} isRetrying={identities.isFetching} />
      )}
      {identities.data && items.length === 0 && !isStale && (
        <EmptyState title={status === 'open' ? 'Every identity is matched' : status === 'linked' ? 'No identities linked yet' : 'No identities ignored'}>
          {status === 'open' ? 'All usage in Seatwise belongs to a known person.' : 'Identities appear here once an admin links or ignores them.'}
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className={`table-wrap${isStale ? ' is-stale' : ''}`}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Identity</th>
                <th scope="col">Source</th>
                <th scope="col" className="num">
                  Days of usage
                </th>
                <th scope="col">First and last seen</th>
                {status === 'open' && canChange && <th scope="col">Actions</th>}
                {status === 'linked' && <th scope="col">Linked to</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((identity) => (
                <IdentityRow key={identity.id} identity={identity} status={status} canChange={canChange} onNotice={setNotice} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function IdentityRow({ identity, status, canChange, onNotice }: { identity: UnmatchedIdentity; status: UnmatchedStatus; canChange: boolean; onNotice: (text: string) => void }) {
  const [isLinking, setIsLinking] = useState(false);
  const ignore = useIgnoreIdentity();
  const columns = 4 + (status === 'open' && canChange ? 1 : 0) + (status === 'linked' ? 1 : 0);
  return (
    <>
      <tr data-identity={identity.identity}>
        <th scope="row" className="cell-strong cell-identity">
          {identity.identity}
        </th>
        <td>
          <span className="tag">{identity.source}</span>
        </td>
        <td className="num">
          {status === 'linked' && identity.days === 0 ? <span className="muted">moved</span> : formatInteger(identity.days)}
          <span className="cell-sub">{plural(identity.occurrences, 'row')} seen</span>
        </td>
        <td className="nowrap">
          {dayOf(identity.firstSeenAt) === dayOf(identity.lastSeenAt)
            ? formatDate(dayOf(identity.lastSeenAt))
            : `${formatDate(dayOf(identity.firstSeenAt), { month: 'short', day: 'numeric' })} – ${formatDate(dayOf(identity.lastSeenAt))}`}
        </td>
        {status === 'open' && canChange && (
          <td>
            <div className="row-actions">
              <button type="button" className="button button-secondary button-small" onClick={() => setIsLinking((v) => !v)} aria-expanded={isLinking} disabled={ignore.isPending}>
                Link
              </button>
              <button
                type="button"
                className="button button-ghost button-small"
                disabled={ignore.isPending}
                onClick={() => ignore.mutate(identity.id, { onSuccess: () => onNotice(`${identity.identity} ignored; its usage stays kept.`) })}
              >
                {ignore.isPending ? 'Ignoring…' : 'Ignore'}
              </button>
            </div>
            {ignore.isError && <ActionError error={ignore.error} what="Could not ignore it" />}
          </td>
        )}
        {status === 'linked' && <td>{identity.personId ? <LinkedPerson personId={identity.personId} /> : <span className="muted">—</span>}</td>}
      </tr>
      {isLinking && (
        <tr className="row-panel">
          <td colSpan={columns}>
            <LinkPicker
              identity={identity}
              onClose={() => setIsLinking(false)}
              onLinked={(person, movedDays) => {
                setIsLinking(false);
                onNotice(`${identity.identity} linked to ${person.name}: ${plural(movedDays, 'day')} of usage moved to them.`);
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function LinkedPerson({ personId }: { personId: string }) {
  const person = usePerson(personId);
  if (person.data) return <span>{person.data.name}</span>;
  return <span className="muted">{person.isError ? 'Unknown person' : '…'}</span>;
}

/** "dana.smith@old.example" → "dana smith": a first guess at who it is. */
function guessName(identity: string): string {
  const local = identity.split('@')[0] ?? identity;
  return local.replace(/[._+-]+/g, ' ').replace(/\d+/g, ' ').trim();
}

function LinkPicker({ identity, onClose, onLinked }: { identity: UnmatchedIdentity; onClose: () => void; onLinked: (person: Person, movedDays: number) => void }) {
  const [search, setSearch] = useState(() => guessName(identity.identity));
  const [selected, setSelected] = useState<Person | null>(null);
  const debounced = useDebouncedValue(search.trim(), 250);
  const people = usePeople({ q: debounced, status: 'active', limit: 8, offset: 0 }, { enabled: debounced.length >= 2 });
  const link = useLinkIdentity();
  const ids = { search: useId(), list: useId() };
  const results = debounced.length >= 2 ? (people.data?.items ?? []) : [];

  return (
    <div className="link-picker" role="group" aria-label={`Link ${identity.identity} to a person`}>
      <div className="field">
        <label htmlFor={ids.search}>Find the person for {identity.identity}</label>
        <input
          id={ids.search}
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setSelected(null);
          }}
          placeholder="Name or email"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          aria-controls={ids.list}
        />
      </div>
      <div id={ids.list} className="link-results" aria-live="polite">
        {debounced.length < 2 && <p className="muted">Type at least two letters of a name or email.</p>}
        {debounced.length >= 2 && people.isPending && <p className="muted">Searching…</p>}
        {debounced.length >= 2 && people.isError && <ErrorState error={people.error} what="people" compact onRetry={() => void people.refetch()} isRetrying={people.isFetching} />}
        {debounced.length >= 2 && people.data && results.length === 0 && !people.isFetching && <p className="muted">Nobody matches “{debounced}”.</p>}
        {results.length > 0 && (
          <ul className="link-options" role="listbox" aria-label="People">
            {results.map((p) => (
              <li key={p.id} role="option" aria-selected={selected?.id === p.id}>
                <button type="button" className={`link-option${selected?.id === p.id ? ' is-selected' : ''}`} onClick={() => setSelected(p)}>
                  <span className="link-option-name">{p.name}</span>
                  <span className="link-option-sub">
                    {p.email} · {p.departmentName ?? 'No department'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {link.isError && <ActionError error={link.error} what="Could not link the identity" />}
      <div className="inline-panel-actions">
        <button
          type="button"
          className="button button-primary button-small"
          disabled={!selected || link.isPending}
          onClick={() => selected && link.mutate({ id: identity.id, personId: selected.id }, { onSuccess: (r) => onLinked(selected, r.movedDays) })}
        >
          {link.isPending ? 'Linking…' : selected ? `Link to ${selected.name}` : 'Pick a person'}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onClose} disabled={link.isPending}>
          Cancel
        </button>
      </div>
      {selected && <p className="muted link-note">{plural(identity.days, 'day')} of usage will move to {selected.name}; where they already have usage for a day and source, the identity’s replaces it.</p>}
    </div>
  );
}
