import { useEffect } from 'react';
import { useOverview } from '../api/queries.ts';
import type { Department, Overview, TierSummary } from '../api/types.ts';
import { TierBadge } from '../components/Badges.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, SkeletonCard, TableSkeleton } from '../components/States.tsx';
import { daysInclusive, formatDateRange, formatDateTime, formatInteger, formatPercent, formatUsd, formatUsdRounded, planLabel, plural } from '../format.ts';
import { Link } from '../router.tsx';

const TIER_ORDER: Record<string, number> = { premium: 0, standard: 1 };

type TierTotals = { purchased: number; assigned: number; free: number; overAssigned: boolean; lines: number };

function totalsFor(seats: readonly TierSummary[], tier: string): TierTotals {
  return seats
    .filter((s) => s.tier === tier)
    .reduce<TierTotals>(
      (acc, s) => ({
        purchased: acc.purchased + s.purchased,
        assigned: acc.assigned + s.assigned,
        free: acc.free + s.free,
        overAssigned: acc.overAssigned || s.isOverAssigned,
        lines: acc.lines + 1,
      }),
      { purchased: 0, assigned: 0, free: 0, overAssigned: false, lines: 0 },
    );
}

export function OverviewPage() {
  const overview = useOverview();

  useEffect(() => {
    document.title = overview.data ? `${overview.data.organization.name} overview · Seatwise` : 'Overview · Seatwise';
  }, [overview.data]);

  return (
    <div className="page" data-testid="overview" aria-busy={overview.isPending || undefined}>
      {overview.isPending && <OverviewSkeleton />}
      {overview.isError && !overview.data && (
        <>
          <PageHeader title="Overview" />
          <ErrorState error={overview.error} what="the overview" onRetry={() => void overview.refetch()} isRetrying={overview.isFetching} />
        </>
      )}
      {overview.data && <OverviewContent data={overview.data} isRefreshing={overview.isFetching} />}
    </div>
  );
}

function OverviewSkeleton() {
  return (
    <>
      <div className="page-header">
        <div>
          <span className="skeleton skeleton-heading" />
          <span className="skeleton skeleton-sub" />
        </div>
      </div>
      <span className="visually-hidden" role="status">
        Loading the overview…
      </span>
      <div className="stat-grid">
        {Array.from({ length: 5 }, (_, i) => (
          <SkeletonCard key={i} />
        ))}
      </div>
      <div className="card section-card">
        <TableSkeleton columns={6} rows={2} />
      </div>
      <div className="card section-card">
        <TableSkeleton columns={5} rows={6} />
      </div>
    </>
  );
}

function OverviewContent({ data, isRefreshing }: { data: Overview; isRefreshing: boolean }) {
  const premium = totalsFor(data.seats, 'premium');
  const standard = totalsFor(data.seats, 'standard');
  const totalPurchased = data.seats.reduce((n, s) => n + s.purchased, 0);
  const unpriced = data.seats.reduce((n, s) => n + s.unpricedSeats, 0);
  const { usage } = data;

  return (
    <>
      <PageHeader
        title={data.organization.name}
        subtitle={`Seats, spend and usage at a glance · as of ${formatDateTime(data.asOf)}`}
        aside={isRefreshing ? <span className="refreshing">Updating…</span> : undefined}
      />

      <section aria-label="Summary" className="stat-grid">
        <div className="card stat-card">
          <h2 className="stat-label">Headcount</h2>
          <p className="stat-value">{formatInteger(data.headcount)}</p>
          <p className="stat-sub">
            {data.headcount === 1 ? 'person' : 'people'} in {plural(data.departments.length, 'department')}
            <br />
            <Link to="/people">Browse the directory</Link>
          </p>
        </div>

        <div className="card stat-card">
          <h2 className="stat-label">Monthly seat cost</h2>
          <p className="stat-value">{formatUsdRounded(data.monthlyCost)}</p>
          <p className="stat-sub">
            for {plural(totalPurchased, 'purchased seat')}
            {data.headcount > 0 && (
              <>
                <br />
                {formatUsdRounded(Number(data.monthlyCost) / data.headcount)} per person
              </>
            )}
            {unpriced > 0 && (
              <>
                <br />
                <span className="text-warning">{plural(unpriced, 'seat')} without a price</span>
              </>
            )}
          </p>
        </div>

        <SeatStatCard label="Premium seats" tier="premium" totals={premium} />
        <SeatStatCard label="Standard seats" tier="standard" totals={standard} />

        <div className="card stat-card stat-card-usage">
          <h2 className="stat-label">Usage history</h2>
          {usage.firstDay && usage.lastDay ? (
            <>
              <p className="stat-value">
                {formatInteger(daysInclusive(usage.firstDay, usage.lastDay))} <span className="stat-unit">days</span>
              </p>
              <p className="stat-sub">
                <span className="nowrap">{formatDateRange(usage.firstDay, usage.lastDay)}</span>
                <br />
                {plural(usage.messages, 'message')}
                <br />
                {formatUsdRounded(usage.apiEquivalentCostUsd)} at API prices
              </p>
            </>
          ) : (
            <>
              <p className="stat-value stat-value-text muted">No usage yet</p>
              <p className="stat-sub">Import a usage export to see who gets value from their seat.</p>
            </>
          )}
        </div>
      </section>

      <SeatsTable seats={data.seats} />
      <DepartmentsTable departments={data.departments} />
    </>
  );
}

function SeatStatCard({ label, tier, totals }: { label: string; tier: string; totals: TierTotals }) {
  const used = totals.purchased > 0 ? Math.min(totals.assigned / totals.purchased, 1) : 0;
  return (
    <div className={`card stat-card stat-card-seats${totals.overAssigned ? ' stat-card-warning' : ''}`}>
      <h2 className="stat-label">
        <span className={`tier-dot tier-dot-${tier}`} aria-hidden="true" />
        {label}
      </h2>
      {totals.lines === 0 ? (
        <>
          <p className="stat-value stat-value-text muted">None purchased</p>
          <p className="stat-sub">Add seats to the inventory to offer this tier.</p>
        </>
      ) : (
        <>
          <p className="stat-value">
            {formatInteger(totals.purchased)} <span className="stat-unit">purchased</span>
          </p>
          <div
            className={`meter meter-${tier}`}
            role="img"
            aria-label={`${formatInteger(totals.assigned)} of ${formatInteger(totals.purchased)} assigned`}
          >
            <span style={{ width: `${used * 100}%` }} />
          </div>
          <dl className="stat-split">
            <div>
              <dt>Assigned</dt>
              <dd>{formatInteger(totals.assigned)}</dd>
            </div>
            <div>
              <dt>Free</dt>
              <dd className={totals.free <= 0 ? 'text-muted-strong' : ''}>{formatInteger(Math.max(totals.free, 0))}</dd>
            </div>
          </dl>
          {totals.overAssigned && <p className="stat-sub text-warning">More assigned than purchased</p>}
        </>
      )}
    </div>
  );
}

function SeatsTable({ seats }: { seats: readonly TierSummary[] }) {
  const rows = [...seats].sort((a, b) => (TIER_ORDER[a.tier] ?? 9) - (TIER_ORDER[b.tier] ?? 9) || a.plan.localeCompare(b.plan));
  const total = rows.reduce(
    (acc, s) => ({ purchased: acc.purchased + s.purchased, assigned: acc.assigned + s.assigned, free: acc.free + Math.max(s.free, 0), cost: acc.cost + Number(s.monthlyCost) }),
    { purchased: 0, assigned: 0, free: 0, cost: 0 },
  );
  return (
    <section className="card section-card" aria-labelledby="seats-heading">
      <div className="section-card-header">
        <h2 id="seats-heading">Seats by tier</h2>
        <p className="muted">What the company pays for, and how much of it is in use.</p>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No seats in the inventory">Record purchased seats to see costs and free capacity here.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="seats-table">
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col">Plan</th>
                <th scope="col" className="num">Purchased</th>
                <th scope="col" className="num">Assigned</th>
                <th scope="col" className="num">Free</th>
                <th scope="col" className="num">Per seat</th>
                <th scope="col" className="num">Monthly cost</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => {
                const priced = s.purchased - s.unpricedSeats;
                const perSeat = priced > 0 ? Number(s.monthlyCost) / priced : null;
                return (
                  <tr key={`${s.vendor}-${s.plan}-${s.tier}`} className={s.isOverAssigned ? 'row-warning' : undefined}>
                    <td>
                      <span className="cell-stack">
                        <TierBadge tier={s.tier} />
                        {s.isOverAssigned && (
                          <span className="badge badge-warning">Over-assigned by {formatInteger(s.assigned - s.purchased)}</span>
                        )}
                      </span>
                    </td>
                    <td>{planLabel(s.vendor, s.plan)}</td>
                    <td className="num">{formatInteger(s.purchased)}</td>
                    <td className="num">{formatInteger(s.assigned)}</td>
                    <td className="num">{formatInteger(Math.max(s.free, 0))}</td>
                    <td className="num">{perSeat === null ? '—' : formatUsd(Math.round(perSeat * 100) / 100)}</td>
                    <td className="num">
                      {formatUsd(s.monthlyCost)}
                      {s.unpricedSeats > 0 && <span className="cell-note text-warning">{plural(s.unpricedSeats, 'seat')} unpriced</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
            {rows.length > 1 && (
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    Total
                  </th>
                  <td className="num">{formatInteger(total.purchased)}</td>
                  <td className="num">{formatInteger(total.assigned)}</td>
                  <td className="num">{formatInteger(total.free)}</td>
                  <td className="num" />
                  <td className="num">{formatUsd(Math.round(total.cost * 100) / 100)}</td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </section>
  );
}

function DepartmentsTable({ departments }: { departments: readonly Department[] }) {
  const totals = departments.reduce((acc, d) => ({ headcount: acc.headcount + d.headcount, premium: acc.premium + d.premiumSeats }), { headcount: 0, premium: 0 });
  const share = (d: { headcount: number; premiumSeats: number }) => (d.headcount > 0 ? d.premiumSeats / d.headcount : 0);
  const average = totals.headcount > 0 ? totals.premium / totals.headcount : 0;
  const maxShare = Math.max(average, ...departments.map(share));
  // Bars share one scale so departments compare at a glance; round it up to a tidy 10 % step.
  const scale = maxShare > 0 ? Math.min(1, Math.ceil((maxShare * 1.15) / 0.1) * 0.1) : 1;

  return (
    <section className="card section-card" aria-labelledby="departments-heading">
      <div className="section-card-header">
        <h2 id="departments-heading">Departments</h2>
        <p className="muted">
          Premium share is premium seats per person. Bars run from 0 to {formatPercent(scale)}; the tick marks the company average of{' '}
          {formatPercent(average)}.
        </p>
      </div>
      {departments.length === 0 ? (
        <EmptyState title="No departments yet">Create departments or import people to see how seats are spread.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="departments-table">
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col">Leads</th>
                <th scope="col" className="num">Headcount</th>
                <th scope="col" className="num">Premium seats</th>
                <th scope="col" className="col-share">Premium share</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => (
                <tr key={d.id}>
                  <th scope="row" className="cell-strong">
                    <Link to={`/departments/${d.id}`} className="cell-link">
                      {d.name}
                    </Link>
                  </th>
                  <td>
                    {d.leads.length === 0 ? (
                      <span className="muted">No lead</span>
                    ) : (
                      <span className="lead-list">
                        {d.leads.map((l) => (
                          <a key={l.id} href={`mailto:${l.email}`} title={l.email}>
                            {l.name}
                          </a>
                        ))}
                      </span>
                    )}
                  </td>
                  <td className="num">{formatInteger(d.headcount)}</td>
                  <td className="num">{formatInteger(d.premiumSeats)}</td>
                  <td className="col-share">
                    <ShareBar value={share(d)} scale={scale} average={average} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  All departments
                </th>
                <td className="num">{formatInteger(totals.headcount)}</td>
                <td className="num">{formatInteger(totals.premium)}</td>
                <td className="col-share">
                  <ShareBar value={average} scale={scale} average={average} />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

function ShareBar({ value, scale, average }: { value: number; scale: number; average: number }) {
  const width = Math.min(value / scale, 1) * 100;
  const tick = Math.min(average / scale, 1) * 100;
  return (
    <span className="share">
      <span className="share-track" aria-hidden="true">
        <span className="share-fill" style={{ width: `${width}%` }} />
        <span className="share-tick" style={{ left: `${tick}%` }} />
      </span>
      <span className="share-value">{formatPercent(value)}</span>
    </span>
  );
}
