import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { isApiError } from '../api/client.ts';
import { useApprovals, useDecideExtension, useDecideLease } from '../api/queries.ts';
import type { ApprovalImpact, ApprovalItem, Lease, LeaseExtension } from '../api/types.ts';
import { initials } from '../components/AppShell.tsx';
import { RuleTag } from '../components/Badges.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ActionError, EmptyState, ErrorState } from '../components/States.tsx';
import { dayOf, daysBetween, formatDate, formatLeaseDates, formatRelative, formatSpan, formatUsd, plural } from '../format.ts';
import type { Tone } from '../leases.ts';
import { Link } from '../router.tsx';

type Decided = Readonly<{ key: string; tone: Tone; text: string; rule: string | null }>;

export function ApprovalsPage() {
  const approvals = useApprovals();
  const [decided, setDecided] = useState<Decided[]>([]);

  useEffect(() => {
    document.title = 'Approvals · Seatwise';
  }, []);

  const record = (entry: Decided) => setDecided((list) => [entry, ...list.filter((d) => d.key !== entry.key)].slice(0, 6));
  const decidedKeys = new Set(decided.map((d) => d.key));
  const items = approvals.data?.items ?? [];
  const requests = items.filter((i) => i.lease.status === 'requested' && !decidedKeys.has(`lease:${i.lease.id}`));
  const extensions = items.flatMap((i) => i.extensions.filter((e) => e.status === 'requested' && !decidedKeys.has(`extension:${e.id}`)).map((e) => ({ item: i, extension: e })));
  const total = requests.length + extensions.length;

  return (
    <div className="page" aria-busy={approvals.isPending || undefined}>
      <PageHeader
        title={
          <>
            Approvals{approvals.data && total > 0 && <span className="count count-lg">{total}</span>}
          </>
        }
        subtitle="Premium requests and extensions waiting for your decision, oldest first, with what granting each would do to quota and budget."
        aside={approvals.isFetching && !approvals.isPending ? <span className="refreshing">Updating…</span> : undefined}
      />

      {decided.length > 0 && (
        <section className="card decided-card" aria-label="Just decided">
          <ul className="decided-list" aria-live="polite">
            {decided.map((d) => (
              <li key={d.key} className={`decided decided-${d.tone}`}>
                <span className="decided-dot" aria-hidden="true" />
                <span>{d.text}</span>
                <RuleTag rule={d.rule} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {approvals.isPending && <ApprovalsSkeleton />}
      {approvals.isError && !approvals.data && (
        <ErrorState
          error={approvals.error}
          what="the approval queue"
          onRetry={isApiError(approvals.error) && approvals.error.status === 403 ? undefined : () => void approvals.refetch()}
          isRetrying={approvals.isFetching}
        />
      )}
      {approvals.isError && approvals.data && (
        <ErrorState error={approvals.error} what="the latest queue" compact onRetry={() => void approvals.refetch()} isRetrying={approvals.isFetching} />
      )}

      {approvals.data && total === 0 && (
        <div className="card">
          <EmptyState title="Nothing waiting for you">
            New requests from your people appear here and in the bell at the top. <Link to="/my-seat">Go to my seat</Link>
          </EmptyState>
        </div>
      )}

      {requests.length > 0 && (
        <section className="approval-section" aria-labelledby="requests-heading">
          <h2 id="requests-heading" className="section-title">
            Lease requests <span className="count">{requests.length}</span>
          </h2>
          <ul className="approval-list">
            {requests.map((item) => (
              <li key={item.lease.id}>
                <RequestCard item={item} onDecided={record} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {extensions.length > 0 && (
        <section className="approval-section" aria-labelledby="extensions-heading">
          <h2 id="extensions-heading" className="section-title">
            Extensions <span className="count">{extensions.length}</span>
          </h2>
          <ul className="approval-list">
            {extensions.map(({ item, extension }) => (
              <li key={extension.id}>
                <ExtensionCard lease={item.lease} extension={extension} impact={item.impact} onDecided={record} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function ApprovalsSkeleton() {
  return (
    <div className="approval-list" role="status" aria-live="polite">
      <span className="visually-hidden">Loading the approval queue…</span>
      {[0, 1].map((i) => (
        <div key={i} className="card approval-card" aria-hidden="true">
          <div className="approval-head">
            <span className="skeleton skeleton-avatar" />
            <div className="approval-head-main">
              <span className="skeleton" style={{ width: 220, height: 16 }} />
              <span className="skeleton" style={{ width: 320, marginTop: 8 }} />
            </div>
          </div>
          <div className="approval-body">
            <span className="skeleton" style={{ width: '70%' }} />
            <span className="skeleton" style={{ width: '55%', marginTop: 10 }} />
          </div>
        </div>
      ))}
    </div>
  );
}

const ADMISSION_REASONS: Record<string, string> = {
  POOL_FULL: 'every premium seat in the pool is taken for part of these dates',
  BORROWING_LIMIT: "it would go past the department's borrowing limit",
  NO_LENDABLE_CAPACITY: 'no other department has an idle seat it may lend',
};

function QuotaImpact({ departmentName, impact }: { departmentName: string; impact: ApprovalImpact }) {
  const inUse =
    impact.nominal === 0
      ? `${departmentName} has no quota seats of its own; ${plural(impact.usedAtStart, 'premium seat')} in use at start`
      : `${departmentName}: ${impact.usedAtStart} of ${plural(impact.nominal, 'quota seat')} in use at start`;
  let effect: string;
  let tone: 'ok' | 'borrow' | 'blocked' = 'ok';
  if (!impact.fits) {
    tone = 'blocked';
    effect = `no seat is free: ${ADMISSION_REASONS[impact.reason ?? ''] ?? (impact.reason ?? 'capacity is short')}. Approving puts it on the waitlist.`;
  } else if (impact.isBorrowing) {
    tone = 'borrow';
    effect = 'granting borrows 1 from other departments (reclaimable if they need it back)';
  } else {
    effect = 'granting uses 1 of its own quota seats';
  }
  return (
    <p className={`impact-line impact-${tone}`}>
      {inUse} <span aria-hidden="true">→</span>
      <span className="visually-hidden">, so</span> {effect}
    </p>
  );
}

/** `showAdded`: the impact's added cost is the whole lease's, which only makes sense for a new request. */
function BudgetImpact({ impact, showAdded = true }: { impact: ApprovalImpact; showAdded?: boolean }) {
  if (impact.monthlyBudget === null) {
    return showAdded ? (
      <p className="impact-line">
        No monthly budget set · this lease adds <strong>{formatUsd(impact.addedCost)}</strong> in premium cost
      </p>
    ) : (
      <p className="impact-line">No monthly budget set for the department.</p>
    );
  }
  const budget = Number(impact.monthlyBudget);
  const projected = Number(impact.projectedMonthlySpend);
  const over = projected > budget;
  const fill = budget > 0 ? Math.min(projected / budget, 1) : 1;
  return (
    <div className={`impact-line impact-budget${over ? ' impact-blocked' : ''}`}>
      <p>
        Projected <strong>{formatUsd(impact.projectedMonthlySpend)}</strong> of the {formatUsd(impact.monthlyBudget)} monthly budget in its busiest month
        {showAdded && (
          <>
            {' '}
            · adds <strong>{formatUsd(impact.addedCost)}</strong>
          </>
        )}
        {over && <> · over by {formatUsd(Math.round((projected - budget) * 100) / 100)}</>}
      </p>
      <div className={`meter meter-budget${over ? ' meter-over' : ''}`} role="img" aria-label={`${Math.round(fill * 100)}% of the budget`}>
        <span style={{ width: `${fill * 100}%` }} />
      </div>
    </div>
  );
}

function CardHead({ lease, title, waitingSince, badge }: { lease: Lease; title: ReactNode; waitingSince: string; badge: ReactNode }) {
  return (
    <div className="approval-head">
      <div className="avatar avatar-lg" aria-hidden="true">
        {initials(lease.personName)}
      </div>
      <div className="approval-head-main">
        <h3 className="approval-who">
          {lease.personName}{' '}
          <Link to={`/departments/${lease.departmentId}`} className="approval-dept">
            {lease.departmentName}
          </Link>
        </h3>
        <p className="approval-what">{title}</p>
      </div>
      <div className="approval-meta">
        {badge}
        <span className="approval-waiting" title={`Requested ${new Date(waitingSince).toLocaleString()}`}>
          Waiting {formatSpan(Date.now() - Date.parse(waitingSince))}
        </span>
      </div>
    </div>
  );
}

function RequestCard({ item, onDecided }: { item: ApprovalItem; onDecided: (d: Decided) => void }) {
  const { lease, impact } = item;
  const days = daysBetween(lease.startsAt, lease.endsAt);
  const decide = useDecideLease();
  const dates = formatLeaseDates(lease.startsAt, lease.endsAt);

  const approve = () =>
    decide.mutate(
      { id: lease.id, approve: true },
      {
        onSuccess: ({ lease: updated, decision }) => {
          const granted = updated.status === 'scheduled' || updated.status === 'active';
          onDecided({
            key: `lease:${lease.id}`,
            tone: granted ? 'success' : 'waitlist',
            text: granted
              ? `Approved ${lease.personName}'s premium ${formatLeaseDates(updated.startsAt, updated.endsAt)} (${updated.status === 'active' ? 'active now' : 'scheduled'}).`
              : `${lease.personName}'s request could not be granted: ${decision.message}.`,
            rule: decision.rule,
          });
        },
      },
    );
  const deny = (note: string) =>
    decide.mutate(
      { id: lease.id, approve: false, note },
      { onSuccess: ({ decision }) => onDecided({ key: `lease:${lease.id}`, tone: 'danger', text: `Denied ${lease.personName}'s request for ${dates}.`, rule: decision.rule }) },
    );

  return (
    <article className="card approval-card" data-testid="approval-item" data-kind="request" aria-label={`${lease.personName}, ${dates}`}>
      <CardHead
        lease={lease}
        waitingSince={lease.requestedAt}
        title={
          <>
            asks for premium <strong className="nowrap">{dates}</strong> · {plural(days, 'day')}
          </>
        }
        badge={lease.queue === 'owner' ? <span className="badge badge-tone-pending">Owner decision · budget</span> : <span className="badge badge-tone-info">Lead decision</span>}
      />
      <div className="approval-body">
        <dl className="approval-facts">
          <div>
            <dt>Project or sprint</dt>
            <dd>{lease.project ? <span className="tag">{lease.project}</span> : <span className="muted">None given</span>}</dd>
          </div>
          <div>
            <dt>Deadline</dt>
            <dd>{lease.deadline ? formatDate(lease.deadline) : <span className="muted">None</span>}</dd>
          </div>
          <div>
            <dt>Requested</dt>
            <dd>{formatRelative(lease.requestedAt)}</dd>
          </div>
        </dl>
        <blockquote className="approval-reason">{lease.reason}</blockquote>
        <p className="approval-rule">
          <span className="approval-label">Why it is here</span> {lease.decision.note ?? 'The engine sent it to a person.'} <RuleTag rule={lease.decision.rule} />
        </p>
        <div className="impact" aria-label="What granting would do">
          <p className="approval-label">If you approve</p>
          <QuotaImpact departmentName={lease.departmentName} impact={impact} />
          <BudgetImpact impact={impact} />
        </div>
      </div>
      <DecisionControls isPending={decide.isPending} error={decide.error} onApprove={approve} onDeny={deny} what="request" />
    </article>
  );
}

function ExtensionCard({ lease, extension, impact, onDecided }: { lease: Lease; extension: LeaseExtension; impact: ApprovalImpact; onDecided: (d: Decided) => void }) {
  const decide = useDecideExtension();
  const extraDays = daysBetween(lease.endsAt, extension.newEndsAt);
  const decideWith = (approve: boolean, note?: string) =>
    decide.mutate(
      { id: extension.id, approve, ...(note ? { note } : {}) },
      {
        onSuccess: ({ extension: updated }) =>
          onDecided({
            key: `extension:${extension.id}`,
            tone: updated.status === 'approved' ? 'success' : 'danger',
            text:
              updated.status === 'approved'
                ? `Extended ${lease.personName}'s lease to ${formatDate(dayOf(updated.newEndsAt))}.`
                : approve
                  ? `${lease.personName}'s extension could not be granted: ${updated.decisionNote ?? 'no seat is free'}.`
                  : `Denied ${lease.personName}'s extension.`,
            rule: updated.decisionRule,
          }),
      },
    );

  return (
    <article className="card approval-card" data-testid="approval-item" data-kind="extension" aria-label={`${lease.personName}, extension to ${formatDate(dayOf(extension.newEndsAt))}`}>
      <CardHead
        lease={lease}
        waitingSince={extension.requestedAt}
        title={
          <>
            asks to extend to <strong className="nowrap">{formatDate(dayOf(extension.newEndsAt))}</strong> · {plural(extraDays, 'more day')}
          </>
        }
        badge={<span className="badge badge-tone-info">Extension</span>}
      />
      <div className="approval-body">
        <dl className="approval-facts">
          <div>
            <dt>Current lease</dt>
            <dd>{formatLeaseDates(lease.startsAt, lease.endsAt)}</dd>
          </div>
          <div>
            <dt>Project or sprint</dt>
            <dd>{lease.project ? <span className="tag">{lease.project}</span> : <span className="muted">None given</span>}</dd>
          </div>
          <div>
            <dt>Deadline</dt>
            <dd>{lease.deadline ? formatDate(lease.deadline) : <span className="muted">None</span>}</dd>
          </div>
        </dl>
        <blockquote className="approval-reason">{extension.reason}</blockquote>
        <p className="approval-rule">
          <span className="approval-label">Why it is here</span> {extension.decisionNote ?? 'The engine sent it to a person.'} <RuleTag rule={extension.decisionRule} />
        </p>
        <div className="impact" aria-label="If you approve">
          <p className="approval-label">If you approve</p>
          <p className="impact-line">
            Seatwise checks again that a premium seat is free for the {plural(extraDays, 'extra day')}; if none is, the extension is not granted and the lease ends{' '}
            {formatDate(dayOf(lease.endsAt))} as planned.
          </p>
          <BudgetImpact impact={impact} showAdded={false} />
        </div>
      </div>
      <DecisionControls isPending={decide.isPending} error={decide.error} onApprove={() => decideWith(true)} onDeny={(note) => decideWith(false, note)} what="extension" />
    </article>
  );
}

type DecisionControlsProps = Readonly<{ isPending: boolean; error: unknown; onApprove: () => void; onDeny: (note: string) => void; what: string }>;

function DecisionControls({ isPending, error, onApprove, onDeny, what }: DecisionControlsProps) {
  const [isDenying, setIsDenying] = useState(false);
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const noteId = useId();
  const noteError = note.trim() === '' ? 'Say why, so the requester knows what would change your mind' : null;

  const submitDeny = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (noteError || isPending) return;
    onDeny(note.trim());
  };

  return (
    <div className="approval-actions">
      {Boolean(error) && <ActionError error={error} what={`Could not decide this ${what}`} />}
      {!isDenying ? (
        <div className="approval-buttons">
          <button type="button" className="button button-primary" onClick={onApprove} disabled={isPending}>
            {isPending ? 'Deciding…' : 'Approve'}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setIsDenying(true)} disabled={isPending}>
            Deny
          </button>
        </div>
      ) : (
        <form className="deny-form" onSubmit={submitDeny} noValidate>
          <div className="field">
            <label htmlFor={noteId}>Reason for denying (sent to the requester)</label>
            <textarea
              id={noteId}
              rows={2}
              value={note}
              maxLength={1000}
              onChange={(e) => setNote(e.target.value)}
              aria-invalid={touched && noteError ? true : undefined}
              autoFocus
              required
            />
            {touched && noteError && <span className="field-error">{noteError}</span>}
          </div>
          <div className="approval-buttons">
            <button type="submit" className="button button-danger" disabled={isPending}>
              {isPending ? 'Denying…' : `Deny ${what}`}
            </button>
            <button type="button" className="button button-ghost" onClick={() => setIsDenying(false)} disabled={isPending}>
              Back
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
