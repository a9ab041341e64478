import { useEffect, useId, useState, type FormEvent } from 'react';
import { useDepartments, useMe, usePeople } from '../api/queries.ts';
import type { Department, Me, PeopleQuery, Person } from '../api/types.ts';
import { RoleBadges, TierBadge } from '../components/Badges.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/States.tsx';
import { formatDate, formatInteger, humanize } from '../format.ts';
import { useDebouncedValue } from '../hooks.ts';
import { Link, replaceSearch } from '../router.tsx';
import { canSeeUsageOf, usagePath } from '../usage.ts';

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 250;
const TIERS = [
  { value: '', label: 'All tiers' },
  { value: 'standard', label: 'Standard' },
  { value: 'premium', label: 'Premium' },
] as const;

type Filters = Readonly<{ q: string; departmentId: string; tier: string; offset: number }>;

const EMPTY_FILTERS: Filters = { q: '', departmentId: '', tier: '', offset: 0 };

function readFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const offset = Number(params.get('offset') ?? '0');
  return {
    q: (params.get('q') ?? '').trim(),
    departmentId: params.get('departmentId') ?? '',
    tier: params.get('tier') ?? '',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

function writeFilters(filters: Filters): void {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.departmentId) params.set('departmentId', filters.departmentId);
  if (filters.tier) params.set('tier', filters.tier);
  if (filters.offset > 0) params.set('offset', String(filters.offset));
  replaceSearch(params);
}

export function PeoplePage() {
  const [filters, setFilters] = useState<Filters>(() => readFilters(window.location.search));
  const [searchInput, setSearchInput] = useState(filters.q);
  const debouncedSearch = useDebouncedValue(searchInput, SEARCH_DEBOUNCE_MS);
  const departments = useDepartments();
  const ids = { search: useId(), department: useId(), tier: useId(), summary: useId() };

  useEffect(() => {
    document.title = 'People · Seatwise';
  }, []);

  // Apply the search once typing has settled (and only if it is still what the box says).
  useEffect(() => {
    const q = debouncedSearch.trim();
    if (debouncedSearch === searchInput && q !== filters.q) setFilters((f) => ({ ...f, q, offset: 0 }));
  }, [debouncedSearch, searchInput, filters.q]);

  useEffect(() => writeFilters(filters), [filters]);

  const query: PeopleQuery = {
    limit: PAGE_SIZE,
    offset: filters.offset,
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.departmentId ? { departmentId: filters.departmentId } : {}),
    ...(filters.tier ? { tier: filters.tier } : {}),
  };
  const people = usePeople(query);
  const me = useMe().data;

  // A stale ?offset= past the end (e.g. from a bookmark) falls back to the first page.
  const pageIsPastEnd = people.isSuccess && !people.isPlaceholderData && people.data.items.length === 0 && people.data.total > 0 && filters.offset > 0;
  useEffect(() => {
    if (pageIsPastEnd) setFilters((f) => ({ ...f, offset: 0 }));
  }, [pageIsPastEnd]);

  const hasFilters = Boolean(filters.q || filters.departmentId || filters.tier);
  const clearFilters = () => {
    setSearchInput('');
    setFilters(EMPTY_FILTERS);
  };
  const setFilter = (patch: Partial<Omit<Filters, 'offset'>>) => setFilters((f) => ({ ...f, ...patch, offset: 0 }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ q: searchInput.trim() });
  };

  const departmentName = departments.data?.items.find((d) => d.id === filters.departmentId)?.name;
  const data = people.data;
  const isStale = people.isPlaceholderData && people.isFetching;

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>People</h1>
          <p className="page-subtitle">Everyone in the company, their department and the Claude seat they hold now.</p>
        </div>
      </div>

      <section className="card section-card" aria-label="People directory">
        <form className="toolbar" role="search" onSubmit={onSubmit}>
          <div className="field field-grow">
            <label htmlFor={ids.search}>Search</label>
            <input
              id={ids.search}
              type="search"
              placeholder="Name or email"
              value={searchInput}
              onChange={(e) => setSearchInput(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
              aria-describedby={ids.summary}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.department}>Department</label>
            <select
              id={ids.department}
              value={filters.departmentId}
              onChange={(e) => setFilter({ departmentId: e.target.value })}
              disabled={departments.isPending && !filters.departmentId}
            >
              <option value="">All departments</option>
              {departments.isError && filters.departmentId && <option value={filters.departmentId}>Selected department</option>}
              {(departments.data?.items ?? []).map((d: Department) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
            {departments.isError && (
              <span className="field-hint text-warning">
                Departments unavailable.{' '}
                <button type="button" className="link-button" onClick={() => void departments.refetch()}>
                  Retry
                </button>
              </span>
            )}
          </div>
          <div className="field">
            <label htmlFor={ids.tier}>Tier</label>
            <select id={ids.tier} value={filters.tier} onChange={(e) => setFilter({ tier: e.target.value })}>
              {TIERS.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-action">
            <button type="button" className="button button-ghost" onClick={clearFilters} disabled={!hasFilters && searchInput === ''}>
              Clear filters
            </button>
          </div>
        </form>

        <p id={ids.summary} className="visually-hidden" aria-live="polite">
          {data && !people.isFetching ? `${formatInteger(data.total)} ${data.total === 1 ? 'person' : 'people'} found` : ''}
        </p>

        {people.isPending && <TableSkeleton columns={6} rows={10} label="Loading people…" />}

        {people.isError && !data && (
          <ErrorState error={people.error} what="people" onRetry={() => void people.refetch()} isRetrying={people.isFetching}>
            {hasFilters && (
              <button type="button" className="button button-ghost" onClick={clearFilters}>
                Clear filters
              </button>
            )}
          </ErrorState>
        )}

        {people.isError && data && (
          <ErrorState error={people.error} what="this page of people" compact onRetry={() => void people.refetch()} isRetrying={people.isFetching} />
        )}

        {data && data.items.length === 0 && !pageIsPastEnd && (
          hasFilters ? (
            <EmptyState
              title={`No people match ${describeFilters(filters, departmentName)}`}
              action={
                <button type="button" className="button button-secondary" onClick={clearFilters}>
                  Clear filters
                </button>
              }
            >
              Check the spelling, search by part of a name or email, or widen the department and tier filters.
            </EmptyState>
          ) : (
            <EmptyState title="No people yet">Import people from a CSV file (seatwise people import) or add them through the API.</EmptyState>
          )
        )}

        {data && data.items.length > 0 && (
          <>
            <div className={`table-wrap${isStale ? ' is-stale' : ''}`} aria-busy={isStale || undefined}>
              <PeopleTable people={data.items} me={me} />
            </div>
            <Pagination
              offset={data.offset}
              limit={data.limit}
              shown={data.items.length}
              total={data.total}
              isFetching={people.isFetching}
              onPage={(offset) => setFilters((f) => ({ ...f, offset }))}
            />
          </>
        )}
      </section>
    </div>
  );
}

function describeFilters(filters: Filters, departmentName: string | undefined): string {
  const parts: string[] = [];
  if (filters.q) parts.push(`“${filters.q}”`);
  if (filters.departmentId) parts.push(`in ${departmentName ?? 'the selected department'}`);
  if (filters.tier) parts.push(`with a ${humanize(filters.tier).toLowerCase()} seat`);
  return parts.length > 0 ? parts.join(' ') : 'these filters';
}

function PeopleTable({ people, me }: { people: readonly Person[]; me: Me | undefined }) {
  return (
    <table className="table table-people" data-testid="people-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">Department</th>
          <th scope="col" className="col-job">
            Job family
          </th>
          <th scope="col">Tier</th>
          <th scope="col">Roles</th>
        </tr>
      </thead>
      <tbody>
        {people.map((p) => (
          <tr key={p.id} className={p.status === 'left' ? 'row-muted' : undefined}>
            <th scope="row" className="cell-strong">
              {me && canSeeUsageOf(me, p) ? (
                <Link to={usagePath(me, p.id)} className="cell-link" title={`${p.name}: usage and need score`}>
                  {p.name}
                </Link>
              ) : (
                p.name
              )}
              {p.status === 'left' && (
                <span className="badge badge-neutral badge-inline" title={p.leftOn ? `Left on ${formatDate(p.leftOn)}` : 'Has left'}>
                  Left{p.leftOn ? ` ${formatDate(p.leftOn)}` : ''}
                </span>
              )}
            </th>
            <td className="cell-email">
              <a href={`mailto:${p.email}`}>{p.email}</a>
            </td>
            <td>
              {p.departmentName ?? <span className="muted">No department</span>}
              <span className="cell-sub job-inline">{humanize(p.jobFamily)}</span>
            </td>
            <td className="col-job">{humanize(p.jobFamily)}</td>
            <td>
              <TierBadge tier={p.currentTier} />
            </td>
            <td>
              <RoleBadges roles={p.roles} hideMember />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type PaginationProps = Readonly<{ offset: number; limit: number; shown: number; total: number; isFetching: boolean; onPage: (offset: number) => void }>;

function Pagination({ offset, limit, shown, total, isFetching, onPage }: PaginationProps) {
  const first = total === 0 ? 0 : offset + 1;
  const last = offset + shown;
  const hasPrevious = offset > 0;
  const hasNext = last < total;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pagination" aria-label="Pagination">
      <p className="pagination-summary">
        Showing {formatInteger(first)}–{formatInteger(last)} of {formatInteger(total)}
        {isFetching && <span className="refreshing"> · Loading…</span>}
      </p>
      <div className="pagination-controls">
        <span className="muted pagination-page">
          Page {formatInteger(page)} of {formatInteger(pages)}
        </span>
        <button type="button" className="button button-secondary" disabled={!hasPrevious} onClick={() => onPage(Math.max(0, offset - limit))}>
          <span aria-hidden="true">←</span> Previous
        </button>
        <button type="button" className="button button-secondary" disabled={!hasNext} onClick={() => onPage(offset + limit)}>
          Next <span aria-hidden="true">→</span>
        </button>
      </div>
    </nav>
  );
}
