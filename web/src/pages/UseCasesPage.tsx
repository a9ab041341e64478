import { useEffect, useId, useState } from 'react';
import { useUseCases, useUseCaseTags, useVoteUseCase, type UseCase, type UseCaseQuery } from '../api/governance.ts';
import { useDepartments, useMe } from '../api/queries.ts';
import { Flash } from '../components/Flash.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ActionError, EmptyState, ErrorState, LoadingBlock } from '../components/States.tsx';
import { UseCaseCard } from '../components/UseCaseCard.tsx';
import { UseCaseForm } from '../components/UseCaseForm.tsx';
import { plural } from '../format.ts';
import { useDebouncedValue } from '../hooks.ts';
import { canContribute } from '../usage.ts';

export function UseCasesPage() {
  const me = useMe().data;
  const departments = useDepartments();
  const tags = useUseCaseTags();
  const vote = useVoteUseCase();
  const id = useId();
  const [filters, setFilters] = useState<Omit<UseCaseQuery, 'q'>>({ tag: '', departmentId: '', sort: 'top' });
  const [search, setSearch] = useState('');
  // Search as you type, a moment after the last key.
  const q = useDebouncedValue(search, 250);
  const query: UseCaseQuery = { ...filters, q };
  const [isSharing, setIsSharing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useUseCases(query);

  useEffect(() => {
    document.title = 'Use cases · Seatwise';
  }, []);

  const canVote = Boolean(me && canContribute(me));
  const onShared = (u: UseCase) => {
    setIsSharing(false);
    setNotice(`Shared “${u.title}”. Thank you!`);
  };

  return (
    <div className="page">
      <PageHeader
        title="Use cases"
        subtitle="What colleagues use the assistant for, and how. Search, filter by tag, upvote what helps, and say when you use one too."
        aside={
          !isSharing && canVote ? (
            <button type="button" className="button button-primary" onClick={() => setIsSharing(true)}>
              Share a use case
            </button>
          ) : undefined
        }
      />
      <Flash notice={notice} onDismiss={() => setNotice(null)} />
      {isSharing && me && <UseCaseForm departments={departments.data?.items ?? []} defaultDepartmentId={me.departmentId} onShared={onShared} onCancel={() => setIsSharing(false)} />}

      <section className="card section-card" aria-labelledby={`${id}-list`}>
        <div className="section-card-header section-card-header-row">
          <h2 id={`${id}-list`}>
            Library{list.data && <span className="count">{list.data.total}</span>}
            {list.isFetching && !list.isPending && <span className="refreshing heading-refreshing">Updating…</span>}
          </h2>
          <div className="toolbar toolbar-inline">
            <div className="field">
              <label htmlFor={`${id}-q`}>Search</label>
              <input id={`${id}-q`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Words in title, task, tools…" />
            </div>
            <div className="field">
              <label htmlFor={`${id}-tag`}>Tag</label>
              <select id={`${id}-tag`} value={query.tag} onChange={(e) => setFilters((f) => ({ ...f, tag: e.target.value }))}>
                <option value="">All tags</option>
                {(tags.data?.items ?? []).map((t) => (
                  <option key={t.tag} value={t.tag}>
                    #{t.tag} ({t.count})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-dept`}>Department</label>
              <select id={`${id}-dept`} value={query.departmentId} onChange={(e) => setFilters((f) => ({ ...f, departmentId: e.target.value }))}>
                <option value="">All departments</option>
                {(departments.data?.items ?? []).map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-sort`}>Order</label>
              <select id={`${id}-sort`} value={query.sort} onChange={(e) => setFilters((f) => ({ ...f, sort: e.target.value as 'top' | 'new' }))}>
                <option value="top">Most votes</option>
                <option value="new">Newest</option>
              </select>
            </div>
          </div>
        </div>
        {vote.isError && <ActionError error={vote.error} what="Could not record your vote" />}
        {list.isPending && <LoadingBlock label="Loading use cases…" />}
        {list.isError && <ErrorState error={list.error} what="the use cases" onRetry={() => void list.refetch()} />}
        {list.data && list.data.items.length === 0 && (
          <EmptyState title={query.q || query.tag || query.departmentId ? 'No use case matches' : 'No use cases yet'}>{query.q || query.tag || query.departmentId ? 'Try fewer words or another tag.' : 'Be the first to share one.'}</EmptyState>
        )}
        {list.data && list.data.items.length > 0 && (
          <>
            <p className="muted usecase-summary" aria-live="polite">
              {plural(list.data.total, 'use case')}
              {query.tag && ` tagged #${query.tag}`}
              {query.q && ` matching “${query.q}”`}
            </p>
            <div className="usecase-grid">
              {list.data.items.map((u) => (
                <UseCaseCard key={u.id} useCase={u} isMine={u.author.id === me?.id} canVote={canVote} isBusy={vote.isPending && vote.variables?.id === u.id} onVote={(kind, on) => vote.mutate({ id: u.id, kind, on })} onTag={(tag) => setFilters((f) => ({ ...f, tag }))} />
              ))}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
