import { useEffect, useId, useState, type FormEvent } from 'react';
import { isApiError } from '../api/client.ts';
import { useActOnRecommendation, useDepartments, useDismissRecommendation, useMe, useRecommendations } from '../api/queries.ts';
import { RECOMMENDATION_KINDS, type Me, type Recommendation, type RecommendationActResult, type RecommendationItem } from '../api/types.ts';
import { TierBadge } from '../components/Badges.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ActionError, EmptyState, ErrorState, SkeletonCard, TableSkeleton } from '../components/States.tsx';
import { addDays, formatDate, formatInteger, formatUsd, plural, todayUtc } from '../format.ts';
import { Link, replaceSearch } from '../router.tsx';
import { isDecider, isOrgWideReader, KIND_LABELS, KIND_TONES, kindLabel, leadsDepartments, addWorkingDays, nextMonday, needLevelLabel, REVIEW_WORKING_DAYS, scorePoints } from '../usage.ts';

const KIND_ORDER: Record<string, number> = { upgrade: 0, lease_next_sprint: 1, convert_to_lease: 2, downgrade: 3 };
const LEASE_DAYS = 14;
const DISMISS_DAYS = 30;

type Filters = Readonly<{ kind: string; departmentId: string }>;

function readFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const kind = params.get('kind') ?? '';
  return { kind: (RECOMMENDATION_KINDS as readonly string[]).includes(kind) ? kind : '', departmentId: params.get('departmentId') ?? '' };
}

function writeFilters(filters: Filters): void {
  const params = new URLSearchParams();
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.departmentId) params.set('departmentId', filters.departmentId);
  replaceSearch(params);
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

export function RecommendationsPage() {
  const me = useMe().data;
  useEffect(() => {
    document.title = 'Recommendations · Seatwise';
  }, []);
  if (!me) return null;
  return <RecommendationsContent me={me} />;
}

function RecommendationsContent({ me }: { me: Me }) {
  const orgWide = isOrgWideReader(me);
  const led = leadsDepartments(me);
  const [filters, setFilters] = useState<Filters>(() => {
    const f = readFilters(window.location.search);
    // Leads see their own department(s) only.
    return !orgWide && !led.includes(f.departmentId) ? { ...f, departmentId: led[0] ?? '' } : f;
  });
  const departments = useDepartments();
  const recommendations = useRecommendations(filters.departmentId);
  const canAct = isDecider(me);
  const [decided, setDecided] = useState<Decided[]>([]);
  const record = (entry: Decided) => setDecided((list) => [entry, ...list.filter((d) => d.key !== entry.key)].slice(0, 6));
  const ids = { kind: useId(), department: useId() };

  useEffect(() => writeFilters(filters), [filters]);

  const items = recommendations.data?.items ?? [];
  const withRecommendation = items.filter((i): i is RecommendationItem & { recommendation: Recommendation } => i.recommendation !== null);
  const shown = withRecommendation
    .filter((i) => !filters.kind || i.recommendation.kind === filters.kind)
    .sort((a, b) => {
      const byKind = (KIND_ORDER[a.recommendation.kind] ?? 9) - (KIND_ORDER[b.recommendation.kind] ?? 9);
      if (byKind !== 0) return byKind;
      // Strongest case first: highest need for more premium, lowest need for less.
      const giving = a.recommendation.kind === 'upgrade' || a.recommendation.kind === 'lease_next_sprint';
      return giving ? b.need.score - a.need.score : a.need.score - b.need.score;
    });
  const protectedPeople = items.filter((i) => i.graceReason !== null).sort((a, b) => a.personName.localeCompare(b.personName));
  const departmentOptions = (departments.data?.items ?? []).filter((d) => orgWide || led.includes(d.id));
  const departmentName = departments.data?.items.find((d) => d.id === filters.departmentId)?.name;
  const isStale = recommendations.isPlaceholderData && recommendations.isFetching;

  return (
    <div className="page" aria-busy={recommendations.isPending || undefined}>
      <PageHeader
        title="Recommendations"
        subtitle="Who should hold which tier, from twelve weeks of real usage. Nothing changes on its own: downgrades ask the seat holder first, and people in a grace window are left alone."
      />

      {recommendations.isPending && (
        <section className="usage-stats usage-stats-3" aria-hidden="true">
          {[0, 1, 2].map((i) => (
            <SkeletonCard key={i} />
          ))}
        </section>
      )}
      {recommendations.data && <Summary recommended={withRecommendation} protectedCount={protectedPeople.length} assessed={items.length} />}

      <section className="card section-card" aria-labelledby="recs-heading">
        <div className="section-card-header section-card-header-row">
          <div>
            <h2 id="recs-heading">
              Recommended changes{recommendations.data && <span className="count">{shown.length}</span>}
              {recommendations.isFetching && !recommendations.isPending && <span className="refreshing heading-refreshing">Updating…</span>}
            </h2>
            <p className="muted">
              {canAct
                ? 'Accept to put a change in motion through the allocation engine, or dismiss it for 30 days.'
                : 'Read-only: leads and admins accept or dismiss recommendations.'}
            </p>
          </div>
          <div className="toolbar toolbar-inline">
            <div className="field">
              <label htmlFor={ids.kind}>Kind</label>
              <select id={ids.kind} value={filters.kind} onChange={(e) => setFilters((f) => ({ ...f, kind: e.target.value }))}>
                <option value="">All kinds</option>
                {RECOMMENDATION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            {(orgWide || led.length > 1) && (
              <div className="field">
                <label htmlFor={ids.department}>Department</label>
                <select id={ids.department} value={filters.departmentId} onChange={(e) => setFilters((f) => ({ ...f, departmentId: e.target.value }))} disabled={departments.isPending}>
                  {orgWide && <option value="">All departments</option>}
                  {departmentOptions.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
        </div>

        {decided.length > 0 && (
          <ul className="decided-list recommendation-decided" aria-live="polite" aria-label="Just decided">
            {decided.map((d) => (
              <li key={d.key} className={`decided decided-${d.tone}`}>
                <span className="decided-dot" aria-hidden="true" />
                <span>{d.text}</span>
              </li>
            ))}
          </ul>
        )}
        {recommendations.isPending && <TableSkeleton columns={4} rows={5} label="Loading recommendations…" />}
        {recommendations.isError && !recommendations.data && (
          <ErrorState
            error={recommendations.error}
            what="recommendations"
            onRetry={isApiError(recommendations.error) && recommendations.error.status === 403 ? undefined : () => void recommendations.refetch()}
            isRetrying={recommendations.isFetching}
          />
        )}
        {recommendations.isError && recommendations.data && (
          <ErrorState error={recommendations.error} what="the latest recommendations" compact onRetry={() => void recommendations.refetch()} isRetrying={recommendations.isFetching} />
        )}
        {recommendations.data && shown.length === 0 && (
          <EmptyState
            title={filters.kind ? `No “${kindLabel(filters.kind).toLowerCase()}” recommendations${departmentName ? ` in ${departmentName}` : ''}` : `No changes recommended${departmentName ? ` in ${departmentName}` : ''}`}
            action={
              filters.kind ? (
                <button type="button" className="button button-secondary" onClick={() => setFilters((f) => ({ ...f, kind: '' }))}>
                  Show all kinds
                </button>
              ) : undefined
            }
          >
            {filters.kind ? 'Other kinds of recommendation may still apply.' : 'Everyone’s tier fits their recent usage. Dismissed recommendations stay hidden for 30 days.'}
          </EmptyState>
        )}
        {shown.length > 0 && (
          <div className={`recommendation-groups${isStale ? ' is-stale' : ''}`}>
            {groupByKind(shown).map((group) => (
              <section key={group.kind} className="recommendation-group" aria-labelledby={`kind-${group.kind}`}>
                <h3 id={`kind-${group.kind}`} className="recommendation-group-title">
                  {kindLabel(group.kind)} <span className="count">{group.items.length}</span>
                  <span className="recommendation-group-hint">{KIND_HINTS[group.kind] ?? ''}</span>
                </h3>
                <ul className="recommendation-list">
                  {group.items.map((item) => (
                    <li key={`${item.personId}:${item.recommendation.kind}`}>
                      <RecommendationCard item={item} canAct={canAct} onDecided={record} />
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
      </section>

      {recommendations.data && (
        <section className="card section-card" aria-labelledby="grace-heading" data-testid="grace-list">
          <div className="section-card-header">
            <h2 id="grace-heading">
              Protected by a grace window<span className="count">{protectedPeople.length}</span>
            </h2>
            <p className="muted">No recommendation is made for these people right now, and this is why: new starters and fresh tier changes are not judged on too little usage, and nobody on leave or already asked is pressed again.</p>
          </div>
          {protectedPeople.length === 0 ? (
            <EmptyState title="Nobody is in a grace window">Grace applies for 60 days after someone joins Seatwise, 30 days after a tier change, during recorded leave and while a seat review waits for an answer.</EmptyState>
          ) : (
            <div className={`table-wrap${isStale ? ' is-stale' : ''}`}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Department</th>
                    <th scope="col">Tier</th>
                    <th scope="col">Need</th>
                    <th scope="col">Why protected</th>
                  </tr>
                </thead>
                <tbody>
                  {protectedPeople.map((p) => (
                    <tr key={p.personId}>
                      <th scope="row" className="cell-strong">
                        <Link to={`/people/${encodeURIComponent(p.personId)}/usage`} className="cell-link">
                          {p.personName}
                        </Link>
                      </th>
                      <td>{p.departmentName ?? <span className="muted">No department</span>}</td>
                      <td>
                        <TierBadge tier={p.tier} />
                      </td>
                      <td>
                        <NeedBadge level={p.need.level} score={p.need.score} />
                      </td>
                      <td>{humanGrace(p.graceReason ?? '')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

type WithRecommendation = RecommendationItem & { recommendation: Recommendation };

const KIND_HINTS: Record<string, string> = {
  upgrade: 'at the standard limit week after week',
  lease_next_sprint: 'need comes in bursts: lease for a sprint instead',
  convert_to_lease: 'permanent premium used in bursts',
  downgrade: 'premium unused for weeks; asks the person first',
};

function groupByKind(items: readonly WithRecommendation[]): Array<{ kind: string; items: WithRecommendation[] }> {
  const groups: Array<{ kind: string; items: WithRecommendation[] }> = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && last.kind === item.recommendation.kind) last.items.push(item);
    else groups.push({ kind: item.recommendation.kind, items: [item] });
  }
  return groups;
}

function humanGrace(reason: string): string {
  return reason ? reason.charAt(0).toUpperCase() + reason.slice(1) : reason;
}

function Summary({ recommended, protectedCount, assessed }: { recommended: ReadonlyArray<RecommendationItem & { recommendation: Recommendation }>; protectedCount: number; assessed: number }) {
  const net = recommended.reduce((sum, i) => sum + (Number(i.recommendation.monthlySaving) || 0), 0);
  const byKind = RECOMMENDATION_KINDS.map((k) => ({ kind: k, count: recommended.filter((i) => i.recommendation.kind === k).length })).filter((k) => k.count > 0);
  return (
    <section className="usage-stats usage-stats-3" aria-label="Summary">
      <div className="card stat-card">
        <h2 className="stat-label">Recommended changes</h2>
        <p className="stat-value">{formatInteger(recommended.length)}</p>
        <p className="stat-sub">{byKind.length > 0 ? byKind.map((k) => `${k.count} ${kindLabel(k.kind).toLowerCase()}`).join(' · ') : `among ${plural(assessed, 'person', 'people')} assessed`}</p>
      </div>
      <div className="card stat-card">
        <h2 className="stat-label">Net effect if all accepted</h2>
        <p className={`stat-value${net < 0 ? ' text-cost' : net > 0 ? ' text-saving' : ''}`}>
          {formatUsd(Math.abs(Math.round(net * 100) / 100))} <span className="stat-unit">{net > 0 ? 'saved a month' : net < 0 ? 'more a month' : 'a month'}</span>
        </p>
        <p className="stat-sub">{net > 0 ? 'less spend on seats' : net < 0 ? 'upgrades cost more than the other changes save' : 'no change in seat spend'}</p>
      </div>
      <div className="card stat-card">
        <h2 className="stat-label">Protected by grace</h2>
        <p className="stat-value">{formatInteger(protectedCount)}</p>
        <p className="stat-sub">new, recently changed, on leave or already asked</p>
      </div>
    </section>
  );
}

export function NeedBadge({ level, score }: { level: string; score: number }) {
  return (
    <span className={`need-chip need-chip-${level}`} title="Need score out of 100">
      {needLevelLabel(level)} <span className="need-chip-score">{scorePoints(score)}</span>
    </span>
  );
}

function SavingLabel({ monthlySaving, kind }: { monthlySaving: string; kind: string }) {
  const value = Number(monthlySaving);
  if (!Number.isFinite(value) || value === 0) return <span className="saving saving-none">{kind === 'lease_next_sprint' ? 'Pays for the sprint only' : 'No change in cost'}</span>;
  const amount = formatUsd(Math.abs(value));
  return value > 0 ? <span className="saving saving-positive">Saves {amount}/month</span> : <span className="saving saving-negative">Costs {amount}/month more</span>;
}

function Evidence({ evidence }: { evidence: Record<string, number> }) {
  const parts: string[] = [];
  const weeks = evidence.weeks ?? 12;
  if (evidence.busyWeeks !== undefined) parts.push(`Busy ${evidence.busyWeeks} of ${weeks} weeks`);
  if (evidence.quietWeeks !== undefined) parts.push(`quiet ${evidence.quietWeeks}`);
  if (evidence.peakVsStandardP95 !== undefined) parts.push(`peak days at ${Math.round(evidence.peakVsStandardP95 * 100)}% of the standard limit`);
  if (parts.length === 0) return null;
  return <p className="recommendation-evidence">{parts.join(' · ')}</p>;
}

/** What accepting does, in words, before anyone clicks. */
function acceptExplanation(item: RecommendationItem & { recommendation: Recommendation }): { title: string; text: string; button: string } {
  const name = firstName(item.personName);
  const today = todayUtc();
  const deadline = formatDate(addWorkingDays(today, REVIEW_WORKING_DAYS), { weekday: 'short', month: 'short', day: 'numeric' });
  const cost = formatUsd(Math.abs(Number(item.recommendation.monthlySaving) || 0));
  switch (item.recommendation.kind) {
    case 'lease_next_sprint': {
      const start = nextMonday(today);
      return {
        title: `Request a sprint lease for ${name}?`,
        text: `Requests a ${LEASE_DAYS}-day premium lease from Monday ${formatDate(start, { month: 'short', day: 'numeric' })} to ${formatDate(addDays(start, LEASE_DAYS), { month: 'short', day: 'numeric' })}. The allocation engine decides it like any request: granted at once when a seat is free and the policy allows, otherwise queued.`,
        button: 'Request lease',
      };
    }
    case 'upgrade':
      return {
        title: `Give ${name} a permanent premium seat?`,
        text: `Assigns a permanent premium seat if the pool has one free (about ${cost} a month more). If none is free, nothing changes and you are told why.`,
        button: 'Assign premium',
      };
    case 'convert_to_lease':
      return {
        title: `Ask ${name} about leasing instead?`,
        text: `Asks ${name} to keep their permanent premium seat or give it back and lease premium per sprint, by ${deadline}; nothing changes until they answer.`,
        button: `Ask ${name}`,
      };
    case 'downgrade':
      return {
        title: `Ask ${name} about their premium seat?`,
        text: `Asks ${name} to keep or give back their premium seat by ${deadline}; nothing changes until they answer. Giving it back saves ${cost} a month.`,
        button: `Ask ${name}`,
      };
    default:
      return { title: 'Accept this recommendation?', text: 'The allocation engine carries it out.', button: 'Accept' };
  }
}

type Panel = 'accept' | 'dismiss' | null;
type Decided = Readonly<{ key: string; tone: 'success' | 'neutral'; text: string }>;
type Done = Readonly<{ tone: 'success' | 'neutral'; text: string }>;

function RecommendationCard({ item, canAct, onDecided }: { item: WithRecommendation; canAct: boolean; onDecided: (d: Decided) => void }) {
  const { recommendation: rec } = item;
  const [panel, setPanel] = useState<Panel>(null);
  const [done, setDoneState] = useState<Done | null>(null);
  // The card may leave the list when it refreshes; the page keeps a line about it either way.
  const setDone = (d: Done) => {
    setDoneState(d);
    onDecided({ key: `${item.personId}:${rec.kind}`, tone: d.tone === 'success' ? 'success' : 'neutral', text: `${item.personName} · ${kindLabel(rec.kind)}: ${d.text}` });
  };
  const tone = KIND_TONES[rec.kind] ?? 'neutral';

  return (
    <article className={`recommendation${done ? ' is-done' : ''}${canAct ? '' : ' recommendation-readonly'}`} data-testid="recommendation" data-kind={rec.kind} aria-label={`${item.personName}: ${kindLabel(rec.kind)}`}>
      <div className="recommendation-who">
        <h4>
          <Link to={`/people/${encodeURIComponent(item.personId)}/usage`} className="recommendation-name" title={`${item.personName}: usage and need score`}>
            {item.personName}
          </Link>
        </h4>
        <p className="recommendation-sub">
          <span>{item.departmentName ?? 'No department'}</span>
          <TierBadge tier={item.tier} />
          <NeedBadge level={item.need.level} score={item.need.score} />
        </p>
      </div>
      <div className="recommendation-why">
        <p className="recommendation-reason">{rec.reason}</p>
        <Evidence evidence={rec.evidence} />
      </div>
      <div className="recommendation-meta">
        <span className={`badge badge-kind badge-tone-${tone}`}>{kindLabel(rec.kind)}</span>
        <SavingLabel monthlySaving={rec.monthlySaving} kind={rec.kind} />
      </div>
      {canAct && (
        <div className="recommendation-buttons">
          {!done && panel === null && (
            <>
              <button type="button" className="button button-primary button-small" onClick={() => setPanel('accept')}>
                Accept
              </button>
              <button type="button" className="button button-secondary button-small" onClick={() => setPanel('dismiss')}>
                Dismiss
              </button>
            </>
          )}
        </div>
      )}
      {done && (
        <div className={`recommendation-panel recommendation-done recommendation-done-${done.tone}`} role="status">
          {done.text}
        </div>
      )}
      {!done && panel === 'accept' && (
        <div className="recommendation-panel">
          <AcceptPanel item={item} onClose={() => setPanel(null)} onDone={(result) => setDone({ tone: 'success', text: describeResult(result) })} />
        </div>
      )}
      {!done && panel === 'dismiss' && (
        <div className="recommendation-panel">
          <DismissPanel item={item} onClose={() => setPanel(null)} onDone={() => setDone({ tone: 'neutral', text: `Dismissed: hidden for ${DISMISS_DAYS} days.` })} />
        </div>
      )}
    </article>
  );
}

function describeResult(result: RecommendationActResult): string {
  const message = result.message?.trim();
  if (message) return message;
  if (result.reviewId) return 'Asked. Nothing changes until they answer.';
  if (result.leaseId) return 'Lease requested.';
  return `Done (${result.outcome}).`;
}

function AcceptPanel({ item, onClose, onDone }: { item: RecommendationItem & { recommendation: Recommendation }; onClose: () => void; onDone: (result: RecommendationActResult) => void }) {
  const act = useActOnRecommendation();
  const explanation = acceptExplanation(item);
  return (
    <div className="inline-panel" role="group" aria-label="Confirm">
      <p className="inline-panel-title">{explanation.title}</p>
      <p className="recommendation-confirm-text">{explanation.text}</p>
      {act.isError && <ActionError error={act.error} what="Could not accept the recommendation" />}
      <div className="inline-panel-actions">
        <button
          type="button"
          className="button button-primary button-small"
          disabled={act.isPending}
          onClick={() => act.mutate({ personId: item.personId, kind: item.recommendation.kind }, { onSuccess: onDone })}
        >
          {act.isPending ? 'Working…' : explanation.button}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onClose} disabled={act.isPending}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function DismissPanel({ item, onClose, onDone }: { item: RecommendationItem & { recommendation: Recommendation }; onClose: () => void; onDone: () => void }) {
  const dismiss = useDismissRecommendation();
  const [note, setNote] = useState('');
  const noteId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dismiss.isPending) return;
    dismiss.mutate({ personId: item.personId, kind: item.recommendation.kind, ...(note.trim() ? { note: note.trim() } : {}) }, { onSuccess: onDone });
  };
  return (
    <form className="inline-panel" onSubmit={submit} aria-label="Dismiss recommendation">
      <p className="inline-panel-title">Dismiss for {DISMISS_DAYS} days?</p>
      <p className="muted">It stays hidden until {formatDate(addDays(todayUtc(), DISMISS_DAYS))}; nothing changes for {firstName(item.personName)}.</p>
      <div className="field">
        <label htmlFor={noteId}>
          Note <span className="label-optional">(optional)</span>
        </label>
        <input id={noteId} type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Release crunch ends in March" />
      </div>
      {dismiss.isError && <ActionError error={dismiss.error} what="Could not dismiss the recommendation" />}
      <div className="inline-panel-actions">
        <button type="submit" className="button button-primary button-small" disabled={dismiss.isPending}>
          {dismiss.isPending ? 'Dismissing…' : 'Dismiss'}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onClose} disabled={dismiss.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
