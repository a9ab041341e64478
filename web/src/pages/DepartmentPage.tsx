import { lazy, Suspense, useEffect, useState } from 'react';
import { isApiError } from '../api/client.ts';
import { useDepartment, useDepartmentUsage, useLeases, useQuotas, useQuotaTimeline } from '../api/queries.ts';
import type { Department, DepartmentUsageDay, DepartmentUsagePerson, Lease, Quota, TimelinePoint } from '../api/types.ts';
import { LeaseStatusBadge, RuleTag } from '../components/Badges.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, SkeletonCard, TableSkeleton } from '../components/States.tsx';
import { addDays, daysBetween, formatDate, formatInteger, formatLeaseDates, formatUsd, formatUsdRounded, plural, todayUtc } from '../format.ts';
import { OPEN_STATUSES } from '../leases.ts';
import { Link } from '../router.tsx';
import { CHART_COLORS, describeTimeline } from '../timeline.ts';
import { USAGE_COLORS } from '../usage.ts';

const QuotaTimelineChart = lazy(() => import('../components/QuotaTimelineChart.tsx'));
const DepartmentUsageChart = lazy(() => import('../components/DepartmentUsageChart.tsx'));

const RANGES = [
  { id: 'around', label: '30 days back, 60 ahead', back: 30, days: 91 },
  { id: 'ahead', label: 'Next 90 days', back: 0, days: 90 },
  { id: 'past', label: 'Past 90 days', back: 89, days: 90 },
] as const;
type RangeId = (typeof RANGES)[number]['id'];

const LEASES_LIMIT = 100;

export function DepartmentPage({ id }: { id: string }) {
  const department = useDepartment(id);

  useEffect(() => {
    document.title = department.data ? `${department.data.name} · Seatwise` : 'Department · Seatwise';
  }, [department.data]);

  const notFound = isApiError(department.error) && (department.error.status === 404 || department.error.status === 400);

  return (
    <div className="page" aria-busy={department.isPending || undefined}>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/">Overview</Link> <span aria-hidden="true">/</span> <span aria-current="page">{department.data?.name ?? 'Department'}</span>
      </nav>
      {department.isPending && (
        <div className="page-header">
          <div>
            <span className="skeleton skeleton-heading" />
            <span className="skeleton skeleton-sub" />
          </div>
          <span className="visually-hidden" role="status">
            Loading the department…
          </span>
        </div>
      )}
      {department.isError && (
        <>
          <PageHeader title={notFound ? 'Department not found' : 'Department'} />
          <ErrorState error={department.error} what="this department" onRetry={notFound ? undefined : () => void department.refetch()} isRetrying={department.isFetching}>
            <Link to="/" className="button button-ghost">
              Back to the overview
            </Link>
          </ErrorState>
        </>
      )}
      {department.data && <DepartmentContent department={department.data} />}
    </div>
  );
}

function DepartmentContent({ department }: { department: Department }) {
  return (
    <>
      <PageHeader
        eyebrow="Department"
        title={department.name}
        subtitle={
          <>
            {department.leads.length === 0 ? (
              <span className="muted">No lead</span>
            ) : (
              <>
                {department.leads.length === 1 ? 'Lead ' : 'Leads '}
                <span className="lead-list">
                  {department.leads.map((l) => (
                    <a key={l.id} href={`mailto:${l.email}`} title={l.email}>
                      {l.name}
                    </a>
                  ))}
                </span>
              </>
            )}
            {' · '}
            {plural(department.headcount, 'person', 'people')}
            {' · '}
            {plural(department.premiumSeats, 'premium seat')} held now
          </>
        }
      />
      <QuotaCards department={department} />
      <TimelineSection department={department} />
      <UsageSection department={department} />
      <DepartmentLeases department={department} />
    </>
  );
}

function limitText(limit: number | null, none: string, some: (n: number) => string, zero: string): string {
  if (limit === null) return none;
  if (limit === 0) return zero;
  return some(limit);
}

function QuotaCards({ department }: { department: Department }) {
  const quotas = useQuotas();
  if (quotas.isPending) {
    return (
      <section className="quota-grid" aria-label="Quota">
        {[0, 1, 2, 3].map((i) => (
          <SkeletonCard key={i} />
        ))}
      </section>
    );
  }
  if (quotas.isError) return <ErrorState error={quotas.error} what="the quota" compact onRetry={() => void quotas.refetch()} isRetrying={quotas.isFetching} />;
  const quota: Quota = quotas.data.items.find((q) => q.departmentId === department.id) ?? {
    departmentId: department.id,
    departmentName: department.name,
    nominalPremium: 0,
    borrowingLimit: null,
    lendingLimit: null,
    monthlyBudget: null,
    updatedAt: null,
  };
  return (
    <section className="quota-grid" aria-label="Quota">
      <div className="card stat-card">
        <h2 className="stat-label">
          <span className="tier-dot tier-dot-premium" aria-hidden="true" />
          Premium quota
        </h2>
        <p className="stat-value">
          {formatInteger(quota.nominalPremium)} <span className="stat-unit">{quota.nominalPremium === 1 ? 'seat' : 'seats'}</span>
        </p>
        <p className="stat-sub">of {plural(quotas.data.capacity, 'premium seat')} in the company pool</p>
      </div>
      <div className="card stat-card">
        <h2 className="stat-label">Borrowing</h2>
        <p className="stat-value stat-value-text">{limitText(quota.borrowingLimit, 'No limit', (n) => `Up to ${plural(n, 'seat')}`, 'Not allowed')}</p>
        <p className="stat-sub">above its quota, from other departments' idle seats</p>
      </div>
      <div className="card stat-card">
        <h2 className="stat-label">Lending</h2>
        <p className="stat-value stat-value-text">{limitText(quota.lendingLimit, 'All idle seats', (n) => `Up to ${plural(n, 'seat')}`, 'None')}</p>
        <p className="stat-sub">of its idle quota others may borrow (reclaimable with notice)</p>
      </div>
      <div className="card stat-card">
        <h2 className="stat-label">Monthly budget</h2>
        {quota.monthlyBudget === null ? (
          <>
            <p className="stat-value stat-value-text muted">No budget</p>
            <p className="stat-sub">Requests are not checked against spend.</p>
          </>
        ) : (
          <>
            <p className="stat-value">{formatUsd(quota.monthlyBudget)}</p>
            <p className="stat-sub">base seats plus premium leases, charged back per month</p>
          </>
        )}
      </div>
    </section>
  );
}

function Legend() {
  return (
    <ul className="chart-legend" aria-hidden="true">
      <li>
        <span className="legend-swatch" style={{ background: CHART_COLORS.within }} /> In use within quota
      </li>
      <li>
        <span className="legend-swatch" style={{ background: CHART_COLORS.borrowed }} /> Borrowed from others
      </li>
      <li>
        <span className="legend-swatch legend-swatch-hatch" /> Lent to others
      </li>
      <li>
        <span className="legend-swatch legend-swatch-dashed" /> Nominal quota
      </li>
      <li>
        <span className="legend-swatch legend-swatch-today" /> Today
      </li>
    </ul>
  );
}

function TimelineSection({ department }: { department: Department }) {
  const [rangeId, setRangeId] = useState<RangeId>('around');
  const range = RANGES.find((r) => r.id === rangeId) ?? RANGES[0];
  const today = todayUtc();
  const from = addDays(today, -range.back);
  const timeline = useQuotaTimeline(department.id, from, range.days);
  const points: readonly TimelinePoint[] = timeline.data?.items ?? [];
  const isEmpty = points.length > 0 && points.every((p) => p.used === 0 && p.nominal === 0 && p.lent === 0);
  const isStale = timeline.isPlaceholderData && timeline.isFetching;

  return (
    <section className="card section-card chart-card" aria-labelledby="timeline-heading">
      <div className="section-card-header section-card-header-row">
        <div>
          <h2 id="timeline-heading">Premium quota over time</h2>
          <p className="muted">Seats in use each day against the department's nominal quota, including approved leases ahead.</p>
        </div>
        <div className="segmented" role="group" aria-label="Date range">
          {RANGES.map((r) => (
            <button key={r.id} type="button" className="segmented-button" aria-pressed={r.id === rangeId} onClick={() => setRangeId(r.id)}>
              {r.label}
            </button>
          ))}
        </div>
      </div>
      <div className={`chart-body${isStale ? ' is-stale' : ''}`} data-testid="quota-timeline" aria-busy={timeline.isFetching || undefined}>
        {timeline.isPending && <div className="chart-placeholder skeleton" role="status" aria-label="Loading the timeline…" />}
        {timeline.isError && !timeline.data && (
          <ErrorState error={timeline.error} what="the quota timeline" onRetry={() => void timeline.refetch()} isRetrying={timeline.isFetching} />
        )}
        {timeline.data && isEmpty && (
          <EmptyState title="No premium seats or quota in this range">
            {department.name} has no nominal quota and nobody held premium between these dates. Owners set quotas with <code>seatwise quota set</code> or the
            API.
          </EmptyState>
        )}
        {timeline.data && !isEmpty && (
          <>
            <Legend />
            <figure className="chart-figure">
              <Suspense fallback={<div className="chart-placeholder skeleton" role="status" aria-label="Loading the chart…" />}>
                <QuotaTimelineChart points={points} today={today} />
              </Suspense>
              <figcaption className="chart-caption">{describeTimeline(points, today)}</figcaption>
            </figure>
          </>
        )}
      </div>
    </section>
  );
}

/* ---------- Usage ---------- */

const USAGE_DAYS = 90;

type UsageFigures = Readonly<{ messages: number; hitDays: number; weekdayActiveAverage: number | null }>;

function usageFigures(days: readonly DepartmentUsageDay[]): UsageFigures {
  let messages = 0;
  let hitDays = 0;
  let weekdays = 0;
  let weekdayActive = 0;
  for (const d of days) {
    messages += d.messages;
    if (d.limitHits > 0) hitDays++;
    const weekday = new Date(`${d.day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      weekdays++;
      weekdayActive += d.activePeople;
    }
  }
  return { messages, hitDays, weekdayActiveAverage: weekdays > 0 ? weekdayActive / weekdays : null };
}

function describeDepartmentUsage(days: readonly DepartmentUsageDay[]): string {
  const f = usageFigures(days);
  const busiest = days.reduce<DepartmentUsageDay | undefined>((best, d) => (d.messages > 0 && (!best || d.messages > best.messages) ? d : best), undefined);
  const parts = [`${formatInteger(f.messages)} messages over the last ${plural(days.length, 'day')}`];
  parts.push(f.hitDays > 0 ? `someone hit the daily limit on ${plural(f.hitDays, 'day')}` : 'nobody hit the daily limit');
  if (busiest) parts.push(`busiest day ${formatDate(busiest.day, { month: 'short', day: 'numeric' })} with ${formatInteger(busiest.messages)} messages`);
  return `${parts.join('; ')}.`;
}

function UsageSection({ department }: { department: Department }) {
  const usage = useDepartmentUsage(department.id, USAGE_DAYS);
  const days = usage.data?.days;
  const isEmpty = days !== undefined && days.every((d) => d.messages === 0 && d.limitHits === 0);

  return (
    <section className="card section-card chart-card" aria-labelledby="dept-usage-heading" data-testid="department-usage" aria-busy={usage.isFetching || undefined}>
      <div className="section-card-header">
        <h2 id="dept-usage-heading">Usage</h2>
        <p className="muted">Claude messages sent by people in {department.name} each day over the last {USAGE_DAYS} days, and the days someone ran into the daily limit.</p>
      </div>
      <div className="chart-body">
        {usage.isPending && (
          <>
            <span className="skeleton skeleton-sub usage-figures-skeleton" aria-hidden="true" />
            <div className="chart-placeholder chart-placeholder-compact skeleton" role="status" aria-label="Loading usage…" />
          </>
        )}
        {usage.isError && !usage.data && <ErrorState error={usage.error} what="the department's usage" onRetry={() => void usage.refetch()} isRetrying={usage.isFetching} />}
        {days && isEmpty && (
          <EmptyState title={`No usage in the last ${USAGE_DAYS} days`}>
            Seatwise has no Claude usage recorded for anyone in {department.name} in this range. Usage arrives from CSV imports, the OpenTelemetry receiver and vendor
            connectors.
          </EmptyState>
        )}
        {days && !isEmpty && (
          <>
            <UsageFiguresLine days={days} />
            <ul className="chart-legend" aria-hidden="true">
              <li>
                <span className="legend-swatch" style={{ background: USAGE_COLORS.messages }} /> Messages
              </li>
              <li>
                <span className="legend-swatch legend-swatch-marker" style={{ background: USAGE_COLORS.hit }} /> Limit hits that day (right scale)
              </li>
            </ul>
            <figure className="chart-figure">
              <Suspense fallback={<div className="chart-placeholder chart-placeholder-compact skeleton" role="status" aria-label="Loading the chart…" />}>
                <DepartmentUsageChart days={days} />
              </Suspense>
              <figcaption className="chart-caption">{describeDepartmentUsage(days)}</figcaption>
            </figure>
          </>
        )}
        {usage.isError && usage.data && <ErrorState error={usage.error} what="the latest usage" compact onRetry={() => void usage.refetch()} isRetrying={usage.isFetching} />}
      </div>
      {usage.data && !isEmpty && (usage.data.people === null ? (
        <p className="usage-restricted-note muted">Per-person usage is visible to the department's lead, admins and auditors.</p>
      ) : (
        <DepartmentUsagePeople people={usage.data.people} />
      ))}
    </section>
  );
}

function UsageFiguresLine({ days }: { days: readonly DepartmentUsageDay[] }) {
  const f = usageFigures(days);
  return (
    <dl className="usage-figures" aria-label={`Summary of the last ${USAGE_DAYS} days`}>
      <div>
        <dt>Messages</dt>
        <dd>{formatInteger(f.messages)}</dd>
      </div>
      <div>
        <dt>Days with limit hits</dt>
        <dd className={f.hitDays > 0 ? 'text-danger' : undefined}>{formatInteger(f.hitDays)}</dd>
      </div>
      <div>
        <dt>Active people, weekday average</dt>
        <dd>{f.weekdayActiveAverage === null ? '—' : f.weekdayActiveAverage.toFixed(1)}</dd>
      </div>
    </dl>
  );
}

function DepartmentUsagePeople({ people }: { people: readonly DepartmentUsagePerson[] }) {
  const sorted = [...people].sort((a, b) => b.messages - a.messages || a.personName.localeCompare(b.personName));
  if (sorted.length === 0) {
    return <p className="usage-restricted-note muted">No one in this department has usage recorded in this range.</p>;
  }
  return (
    <div className="table-wrap usage-people">
      <table className="table" data-testid="department-usage-people">
        <caption className="visually-hidden">People in the department by messages over the last {USAGE_DAYS} days</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col" className="num">
              Messages
            </th>
            <th scope="col" className="num">
              Limit-hit days
            </th>
            <th scope="col" className="num" title="Messages on the person's busiest day">
              Busiest day
            </th>
            <th scope="col" className="num">
              At API prices
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => (
            <tr key={p.personId}>
              <th scope="row" className="cell-strong">
                <Link to={`/people/${encodeURIComponent(p.personId)}/usage`} className="cell-link" title={`${p.personName}: usage and need score`}>
                  {p.personName}
                </Link>
              </th>
              <td className="num">{formatInteger(p.messages)}</td>
              <td className={`num${p.limitHitDays > 0 ? ' text-danger' : ''}`}>{formatInteger(p.limitHitDays)}</td>
              <td className="num">{plural(p.busiestDay, 'message')}</td>
              <td className="num">{formatUsdRounded(p.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DepartmentLeases({ department }: { department: Department }) {
  const leases = useLeases({ departmentId: department.id, status: OPEN_STATUSES, limit: LEASES_LIMIT, offset: 0 });
  const items = [...(leases.data?.items ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.personName.localeCompare(b.personName));

  return (
    <section className="card section-card" aria-labelledby="dept-leases-heading">
      <div className="section-card-header">
        <h2 id="dept-leases-heading">
          Current and upcoming leases{leases.data && <span className="count">{formatInteger(leases.data.total)}</span>}
        </h2>
        <p className="muted">Active and approved leases, plus requests waiting for a decision or a free seat.</p>
      </div>
      {leases.isPending && <TableSkeleton columns={6} rows={4} label="Loading leases…" />}
      {leases.isError && !leases.data && <ErrorState error={leases.error} what="the department's leases" onRetry={() => void leases.refetch()} isRetrying={leases.isFetching} />}
      {leases.data && items.length === 0 && (
        <EmptyState title="No current or upcoming leases">Nobody in {department.name} holds or has asked for a premium lease right now.</EmptyState>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="department-leases">
            <thead>
              <tr>
                <th scope="col">Person</th>
                <th scope="col">Dates</th>
                <th scope="col" className="num">
                  Days
                </th>
                <th scope="col">Status</th>
                <th scope="col">Project</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {items.map((l: Lease) => (
                <tr key={l.id}>
                  <th scope="row" className="cell-strong">
                    {l.personName}
                  </th>
                  <td className="nowrap">{formatLeaseDates(l.startsAt, l.endsAt)}</td>
                  <td className="num">{daysBetween(l.startsAt, l.endsAt)}</td>
                  <td>
                    <LeaseStatusBadge lease={l} />
                  </td>
                  <td>{l.project ? <span className="tag">{l.project}</span> : <span className="muted">—</span>}</td>
                  <td className="cell-decision">
                    {l.decision.note && l.decision.rule !== 'requested' ? <span>{l.decision.note}</span> : <span className="muted">—</span>}
                    {l.decision.rule && l.decision.rule !== 'requested' && <RuleTag rule={l.decision.rule} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {leases.data && leases.data.total > items.length && (
            <p className="table-footnote muted">
              Showing the first {formatInteger(items.length)} of {formatInteger(leases.data.total)}.
            </p>
          )}
        </div>
      )}
      {leases.isError && leases.data && <ErrorState error={leases.error} what="the latest leases" compact onRetry={() => void leases.refetch()} isRetrying={leases.isFetching} />}
    </section>
  );
}
