import { lazy, Suspense, useEffect, useId, useState, type FormEvent } from 'react';
import { isApiError } from '../api/client.ts';
import { useMe, useMySeatReviews, usePerson, usePersonUsage, useRespondToSeatReview } from '../api/queries.ts';
import type { NeedComponent, NeedScore, SeatReview, UsageDay } from '../api/types.ts';
import { TierBadge } from '../components/Badges.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ActionError, EmptyState, ErrorState, SkeletonCard } from '../components/States.tsx';
import { dayOf, formatDate, formatInteger, formatRelative, formatUsdRounded, plural, todayUtc } from '../format.ts';
import { Link } from '../router.tsx';
import { componentLabel, describeUsage, needLevelLabel, scorePoints, summarizeUsage, USAGE_COLORS } from '../usage.ts';

const UsageChart = lazy(() => import('../components/UsageChart.tsx'));

const RANGES = [30, 90, 180] as const;
type Range = (typeof RANGES)[number];

/** `/my-usage` (no personId) or `/people/:id/usage` for a lead or admin looking at one person. */
export function MyUsagePage({ personId }: { personId?: string }) {
  const me = useMe().data;
  const isMine = !personId || personId === me?.id;
  const id = personId ?? me?.id ?? '';
  const person = usePerson(isMine ? null : id);
  const name = isMine ? null : (person.data?.name ?? null);

  useEffect(() => {
    document.title = isMine ? 'My usage · Seatwise' : `${name ? `${name} · ` : ''}Usage · Seatwise`;
  }, [isMine, name]);

  if (!me) return null;
  return (
    <div className="page" data-testid="my-usage">
      {!isMine && (
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <Link to="/people">People</Link> <span aria-hidden="true">/</span> <span aria-current="page">{name ?? 'Person'}</span>
        </nav>
      )}
      <PageHeader
        eyebrow={isMine ? undefined : 'Usage'}
        title={isMine ? 'My usage' : (name ?? (person.isError ? 'Person' : '…'))}
        subtitle={
          isMine
            ? 'Your daily Claude use against your tier’s limit, and how Seatwise scores your need for premium — with the reasons.'
            : 'Daily Claude use against the tier’s limit, and the need score with its reasons.'
        }
        aside={
          !isMine && person.data ? (
            <span className="usage-person-facts">
              {person.data.departmentName ?? 'No department'} <TierBadge tier={person.data.currentTier} />
            </span>
          ) : undefined
        }
      />
      {isMine && <SeatReviewCards />}
      <UsageContent personId={id} isMine={isMine} />
    </div>
  );
}

function UsageContent({ personId, isMine }: { personId: string; isMine: boolean }) {
  const [range, setRange] = useState<Range>(90);
  const usage = usePersonUsage(personId, range);
  const forbidden = isApiError(usage.error) && (usage.error.status === 403 || usage.error.status === 404);

  if (usage.isError && !usage.data) {
    return (
      <ErrorState error={usage.error} what={isMine ? 'your usage' : 'this person’s usage'} onRetry={forbidden ? undefined : () => void usage.refetch()} isRetrying={usage.isFetching}>
        {!isMine && (
          <Link to="/people" className="button button-ghost">
            Back to people
          </Link>
        )}
      </ErrorState>
    );
  }

  return (
    <div className="usage-layout">
      <div className="usage-main">
        <UsageStats days={usage.data?.days} range={range} />
        <UsageChartCard days={usage.data?.days} range={range} onRange={setRange} isStale={usage.isPlaceholderData && usage.isFetching} isPending={usage.isPending} isMine={isMine} />
        {usage.isError && <ErrorState error={usage.error} what="this range" compact onRetry={() => void usage.refetch()} isRetrying={usage.isFetching} />}
      </div>
      <aside className="usage-side" aria-label="Need score">
        <NeedPanel need={usage.data?.need} isPending={usage.isPending} isMine={isMine} />
      </aside>
    </div>
  );
}

/* ---------- Stats and chart ---------- */

function UsageStats({ days, range }: { days: readonly UsageDay[] | undefined; range: Range }) {
  if (!days) {
    return (
      <section className="usage-stats" aria-label="Summary">
        {[0, 1, 2, 3].map((i) => (
          <SkeletonCard key={i} />
        ))}
      </section>
    );
  }
  const s = summarizeUsage(days);
  const today = days.at(-1);
  return (
    <section className="usage-stats" aria-label={`Summary of the last ${range} days`}>
      <div className="card stat-card">
        <h2 className="stat-label">Messages</h2>
        <p className="stat-value">{formatInteger(s.messages)}</p>
        <p className="stat-sub">
          on {formatInteger(s.activeDays)} of {range} days
        </p>
      </div>
      <div className={`card stat-card${s.hitDays > 0 ? ' stat-card-warning' : ''}`}>
        <h2 className="stat-label">Limit hit</h2>
        <p className="stat-value">
          {formatInteger(s.hitDays)} <span className="stat-unit">{s.hitDays === 1 ? 'day' : 'days'}</span>
        </p>
        <p className="stat-sub">{s.hitDays > 0 ? 'ran into the daily limit' : 'never ran into the limit'}</p>
      </div>
      <div className="card stat-card">
        <h2 className="stat-label">Limit now</h2>
        <p className="stat-value">
          {today ? formatInteger(today.limit) : '—'} <span className="stat-unit">messages</span>
        </p>
        <p className="stat-sub">{today?.tier ? `${today.tier === 'premium' ? 'Premium' : 'Standard'} seat` : 'No seat'}{s.premiumDays > 0 && s.premiumDays < days.length ? ` · premium on ${plural(s.premiumDays, 'day')}` : ''}</p>
      </div>
      <div className="card stat-card">
        <h2 className="stat-label">At API prices</h2>
        <p className="stat-value">{formatUsdRounded(s.costUsd)}</p>
        <p className="stat-sub">what this use would cost</p>
      </div>
    </section>
  );
}

function ChartLegend() {
  return (
    <ul className="chart-legend" aria-hidden="true">
      <li>
        <span className="legend-swatch" style={{ background: USAGE_COLORS.messages }} /> Messages
      </li>
      <li>
        <span className="legend-swatch" style={{ background: USAGE_COLORS.hit }} /> Limit hit that day
      </li>
      <li>
        <span className="legend-swatch legend-swatch-dashed" /> Daily limit of the tier held
      </li>
      <li>
        <span className="legend-swatch legend-swatch-premium" /> Premium days
      </li>
    </ul>
  );
}

type ChartCardProps = Readonly<{ days: readonly UsageDay[] | undefined; range: Range; onRange: (r: Range) => void; isStale: boolean; isPending: boolean; isMine: boolean }>;

function UsageChartCard({ days, range, onRange, isStale, isPending, isMine }: ChartCardProps) {
  const isEmpty = days !== undefined && days.every((d) => d.messages === 0);
  return (
    <section className="card section-card chart-card" aria-labelledby="usage-chart-heading">
      <div className="section-card-header section-card-header-row usage-chart-header">
        <div>
          <h2 id="usage-chart-heading">Daily messages against the limit</h2>
          <p className="muted">Messages per day against the daily limit of the tier held that day.</p>
        </div>
        <div className="segmented" role="group" aria-label="Date range">
          {RANGES.map((r) => (
            <button key={r} type="button" className="segmented-button" aria-pressed={r === range} onClick={() => onRange(r)}>
              {r} days
            </button>
          ))}
        </div>
      </div>
      <div className={`chart-body${isStale ? ' is-stale' : ''}`} data-testid="usage-chart" aria-busy={isStale || isPending || undefined}>
        {isPending && <div className="chart-placeholder skeleton" role="status" aria-label="Loading usage…" />}
        {days && isEmpty && (
          <EmptyState title={`No usage in the last ${range} days`}>
            {isMine ? 'Seatwise has no Claude usage recorded for you in this range.' : 'Seatwise has no Claude usage recorded for this person in this range.'} Usage arrives from CSV imports, the
            OpenTelemetry receiver and vendor connectors; an admin can check unmatched identities on the Usage data page.
          </EmptyState>
        )}
        {days && !isEmpty && (
          <>
            <ChartLegend />
            <figure className="chart-figure">
              <Suspense fallback={<div className="chart-placeholder skeleton" role="status" aria-label="Loading the chart…" />}>
                <UsageChart days={days} />
              </Suspense>
              <figcaption className="chart-caption">{describeUsage(days)}</figcaption>
            </figure>
          </>
        )}
      </div>
    </section>
  );
}

/* ---------- Need score ---------- */

function NeedPanel({ need, isPending, isMine }: { need: NeedScore | undefined; isPending: boolean; isMine: boolean }) {
  return (
    <section className="card need-card" aria-labelledby="need-heading" data-testid="need-score" aria-busy={isPending || undefined}>
      <h2 id="need-heading" className="stat-label">
        Need for premium
      </h2>
      {isPending && (
        <div aria-hidden="true" className="need-skeleton">
          <span className="skeleton" style={{ width: 140, height: 44 }} />
          {[0, 1, 2, 3, 4].map((i) => (
            <span key={i} className="skeleton" style={{ width: `${60 + ((i * 17) % 35)}%` }} />
          ))}
        </div>
      )}
      {need && (
        <>
          <div className="need-headline">
            <span className={`need-level need-level-${need.level}`} data-level={need.level}>
              {needLevelLabel(need.level)}
            </span>
            <div className="need-score-figure">
              <span className="need-score-value">{scorePoints(need.score)}</span>
              <span className="need-score-unit">/ 100</span>
            </div>
          </div>
          <p className="need-summary muted">
            {isMine ? 'Your' : 'The'} score is the weighted sum of five signals from the last 12 weeks. Limit hits on {need.limitHitDays84} of {need.workdays84} working days.
            High is 60 or more, medium 35 or more.
          </p>
          <ol className="need-components">
            {need.components.map((c) => (
              <NeedComponentRow key={c.name} component={c} />
            ))}
          </ol>
          <p className="need-footnote muted">Only usage and booked work count — never title, seniority or role.</p>
        </>
      )}
    </section>
  );
}

function NeedComponentRow({ component }: { component: NeedComponent }) {
  const value = Math.max(0, Math.min(1, component.value));
  const points = Math.round(component.weight * value * 100);
  return (
    <li className="need-component" data-testid="need-component" data-name={component.name}>
      <div className="need-component-head">
        <span className="need-component-name">{componentLabel(component.name)}</span>
        <span className="need-component-weight" title="How much this signal counts towards the score">
          weight {Math.round(component.weight * 100)}%
        </span>
      </div>
      <div className="need-component-bar">
        <div className="meter" role="img" aria-label={`${Math.round(value * 100)}%`}>
          <span style={{ width: `${value * 100}%` }} />
        </div>
        <span className="need-component-value">{Math.round(value * 100)}%</span>
        <span className="need-component-points" title="Points this signal adds to the score">
          +{points}
        </span>
      </div>
      <p className="need-component-why">{component.explanation}</p>
    </li>
  );
}

/* ---------- Seat reviews ("do you still need premium?") ---------- */

function SeatReviewCards() {
  const reviews = useMySeatReviews();
  const [answered, setAnswered] = useState<Record<string, string>>({});
  // A server without seat reviews (404) simply has nothing to ask.
  if (reviews.isError) {
    if (isApiError(reviews.error) && reviews.error.status === 404) return null;
    return <ErrorState error={reviews.error} what="your seat reviews" compact onRetry={() => void reviews.refetch()} isRetrying={reviews.isFetching} />;
  }
  const open = (reviews.data?.items ?? []).filter((r) => r.status === 'asked' || answered[r.id]);
  if (open.length === 0) return null;
  return (
    <>
      {open.map((review) =>
        answered[review.id] ? (
          <div key={review.id} className="card seat-review seat-review-done" role="status" data-testid="seat-review">
            <p>{answered[review.id]}</p>
          </div>
        ) : (
          <SeatReviewCard key={review.id} review={review} onAnswered={(text) => setAnswered((a) => ({ ...a, [review.id]: text }))} />
        ),
      )}
    </>
  );
}

function SeatReviewCard({ review, onAnswered }: { review: SeatReview; onAnswered: (text: string) => void }) {
  const respond = useRespondToSeatReview();
  const [mode, setMode] = useState<'ask' | 'keep' | 'release'>('ask');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const reasonId = useId();
  const deadlineDay = dayOf(review.deadline);
  const daysLeft = Math.max(0, Math.round((Date.parse(`${deadlineDay}T00:00:00Z`) - Date.parse(`${todayUtc()}T00:00:00Z`)) / 86_400_000));
  const reasonError = reason.trim().length < 3 ? 'Say in a few words what you use premium for' : null;
  const whatHappens =
    review.kind === 'convert_to_lease'
      ? 'If you give it back, your seat returns to the pool and you lease premium per sprint when you need it (from My seat).'
      : 'If you give it back, you move to a standard seat; you can still lease premium for a sprint from My seat.';

  const keep = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (reasonError || respond.isPending) return;
    respond.mutate({ id: review.id, keep: true, reason: reason.trim() }, { onSuccess: () => onAnswered('Thanks — you keep your premium seat. Your reason was sent to your lead.') });
  };
  const release = () =>
    respond.mutate({ id: review.id, keep: false }, { onSuccess: () => onAnswered('Thanks — your premium seat goes back to the pool. Lease premium from My seat whenever a sprint needs it.') });

  return (
    <section className="card seat-review" data-testid="seat-review" aria-labelledby={`review-${review.id}`}>
      <div className="seat-review-icon" aria-hidden="true">
        ?
      </div>
      <div className="seat-review-body">
        <p className="seat-review-eyebrow">
          Answer by {formatDate(deadlineDay, { weekday: 'short', month: 'short', day: 'numeric' })} · {daysLeft === 0 ? 'today' : `${plural(daysLeft, 'day')} left`}
        </p>
        <h2 id={`review-${review.id}`} className="seat-review-title">
          Do you still need your premium seat?
        </h2>
        <p className="seat-review-reason">{review.reason}</p>
        <p className="muted seat-review-what">
          {whatHappens} Nothing changes until you answer. Asked {formatRelative(review.createdAt)}.
        </p>
        {respond.isError && <ActionError error={respond.error} what="Your answer was not saved" />}
        {mode === 'ask' && (
          <div className="seat-review-actions">
            <button type="button" className="button button-primary" onClick={() => setMode('keep')}>
              Keep it
            </button>
            <button type="button" className="button button-secondary" onClick={() => setMode('release')}>
              Give it back
            </button>
          </div>
        )}
        {mode === 'keep' && (
          <form className="seat-review-form" onSubmit={keep} noValidate>
            <div className="field">
              <label htmlFor={reasonId}>Why do you need premium? (a short reason for your lead)</label>
              <textarea
                id={reasonId}
                rows={2}
                value={reason}
                maxLength={1000}
                onChange={(e) => setReason(e.target.value)}
                placeholder="e.g. Firmware release in three weeks; long refactoring sessions every day"
                aria-invalid={touched && reasonError ? true : undefined}
                autoFocus
                required
              />
              {touched && reasonError && <span className="field-error">{reasonError}</span>}
            </div>
            <div className="seat-review-actions">
              <button type="submit" className="button button-primary" disabled={respond.isPending}>
                {respond.isPending ? 'Saving…' : 'Keep my premium seat'}
              </button>
              <button type="button" className="button button-ghost" onClick={() => setMode('ask')} disabled={respond.isPending}>
                Back
              </button>
            </div>
          </form>
        )}
        {mode === 'release' && (
          <div className="seat-review-form">
            <p className="inline-panel-title">Give your premium seat back now?</p>
            <div className="seat-review-actions">
              <button type="button" className="button button-primary" onClick={release} disabled={respond.isPending}>
                {respond.isPending ? 'Saving…' : 'Yes, give it back'}
              </button>
              <button type="button" className="button button-ghost" onClick={() => setMode('ask')} disabled={respond.isPending}>
                Back
              </button>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
