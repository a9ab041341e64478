import { useEffect, useId, useRef, useState, type FormEvent, type Ref } from 'react';
import { Flash } from '../components/Flash.tsx';
import { isApiError, newIdempotencyKey } from '../api/client.ts';
import {
  useActivePolicy,
  useCancelLease,
  useLeaseDetails,
  useLeases,
  useMe,
  usePerson,
  useRequestExtension,
  useRequestLease,
  useReturnLease,
} from '../api/queries.ts';
import type { Lease, LeaseDecision, LeaseExtension, Me } from '../api/types.ts';
import { LeaseStatusBadge, RuleTag, TierBadge } from '../components/Badges.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ActionError, EmptyState, ErrorState, LoadingBlock } from '../components/States.tsx';
import { addDays, dayOf, daysBetween, formatDate, formatLeaseDates, formatRelative, plural, startOfDayIso, todayUtc } from '../format.ts';
import { describeOutcome, isHolding, isPending, type OutcomeSummary } from '../leases.ts';

const DEFAULT_LEASE_DAYS = 14;
const END_NOTES: Record<string, string> = { expired: 'Ran its course', returned: 'You returned it early', reclaimed: 'Reclaimed by the lending department', revoked: 'Revoked by your lead or an admin' };
const DEFAULT_EXTENSION_DAYS = 7;

export function MySeatPage() {
  const me = useMe().data;

  useEffect(() => {
    document.title = 'My seat · Seatwise';
  }, []);

  if (!me) return null;
  return (
    <div className="page">
      <PageHeader title="My seat" subtitle="Your Claude seat today, your premium leases, and a quick way to ask for premium when a sprint needs it." />
      <div className="seat-layout">
        <div className="seat-main">
          <CurrentSeatCard me={me} />
          <MyLeases me={me} />
        </div>
        <aside className="seat-side" aria-label="Request premium">
          <RequestSide me={me} />
        </aside>
      </div>
    </div>
  );
}

/** True once known that the person holds premium as an assigned seat, not through an active lease. */
function useHoldsAssignedPremium(me: Me): boolean {
  const person = usePerson(me.id);
  const open = useLeases({ mine: true, status: ['scheduled', 'active'], limit: 20, offset: 0 });
  return person.data?.currentTier === 'premium' && open.data !== undefined && !open.data.items.some((l) => l.status === 'active');
}

/**
 * The request form, except for someone who holds premium as an assigned seat (not a lease): the engine
 * would refuse any request of theirs, so the form would only invite a refusal.
 */
function RequestSide({ me }: { me: Me }) {
  if (!useHoldsAssignedPremium(me)) return <RequestCard me={me} />;
  return (
    <section className="card request-card" aria-labelledby="request-heading" data-testid="request-not-needed">
      <div className="request-card-header">
        <h2 id="request-heading">Request premium</h2>
        <p className="muted">You already hold a premium seat assigned to you, so there is nothing to request. Leases are for people on the standard tier whose sprint or deadline needs the bigger limits.</p>
      </div>
    </section>
  );
}

/* ---------- Current seat ---------- */

function CurrentSeatCard({ me }: { me: Me }) {
  const person = usePerson(me.id);
  const open = useLeases({ mine: true, status: ['scheduled', 'active'], limit: 20, offset: 0 });
  const active = open.data?.items.find((l) => l.status === 'active');
  const next = open.data?.items.filter((l) => l.status === 'scheduled').sort((a, b) => a.startsAt.localeCompare(b.startsAt))[0];

  return (
    <section className="card seat-card" aria-labelledby="seat-now-heading">
      <h2 id="seat-now-heading" className="stat-label">
        Your seat now
      </h2>
      {person.isPending && <LoadingBlock label="Loading your seat…" className="state-inline" />}
      {person.isError && <ErrorState error={person.error} what="your seat" compact onRetry={() => void person.refetch()} isRetrying={person.isFetching} />}
      {person.data && (
        <div className="seat-now">
          <div className="seat-now-tier">
            <TierBadge tier={person.data.currentTier} />
            <span className="seat-now-dept">{person.data.departmentName ?? 'No department'}</span>
          </div>
          <p className="seat-now-text">
            {active ? (
              <>
                Premium through a lease until <strong>{formatDate(dayOf(active.endsAt))}</strong>
                {active.project ? ` for ${active.project}` : ''}.
              </>
            ) : person.data.currentTier === 'premium' ? (
              'You hold a premium seat assigned to you (not a time-boxed lease).'
            ) : person.data.currentTier ? (
              'Ask for premium below when a sprint or deadline needs the bigger limits.'
            ) : (
              'You have no Claude seat yet. Ask an admin to assign you one.'
            )}
          </p>
          {next && (
            <p className="seat-now-next">
              <span className="tier-dot tier-dot-premium" aria-hidden="true" /> Next: premium {formatLeaseDates(next.startsAt, next.endsAt)}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

/* ---------- Leases ---------- */

function byStartAsc(a: Lease, b: Lease) {
  return a.startsAt.localeCompare(b.startsAt);
}

function MyLeases({ me }: { me: Me }) {
  const leases = useLeases({ mine: true, limit: 200, offset: 0 });
  const holdsAssignedPremium = useHoldsAssignedPremium(me);
  const [notice, setNotice] = useState<string | null>(null);
  const items = leases.data?.items ?? [];
  const current = items.filter((l) => isPending(l) || isHolding(l)).sort(byStartAsc);
  const past = items.filter((l) => !isPending(l) && !isHolding(l)).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const details = useLeaseDetails(current.filter(isHolding).map((l) => l.id));
  const extensionsOf = (id: string): LeaseExtension[] => details.find((d) => d.data?.id === id)?.data?.extensions ?? [];

  return (
    <section className="card section-card" aria-labelledby="my-leases-heading" data-testid="my-leases" aria-busy={leases.isPending || undefined}>
      <div className="section-card-header section-card-header-row">
        <div>
          <h2 id="my-leases-heading">Your premium leases</h2>
          <p className="muted">Current, upcoming and pending requests. Each lease is time-boxed to a sprint or project.</p>
        </div>
        {leases.isFetching && !leases.isPending && <span className="refreshing">Updating…</span>}
      </div>

      <Flash notice={notice} onDismiss={() => setNotice(null)} />

      {leases.isPending && <LoadingBlock label="Loading your leases…" />}
      {leases.isError && !leases.data && <ErrorState error={leases.error} what="your leases" onRetry={() => void leases.refetch()} isRetrying={leases.isFetching} />}
      {leases.data && current.length === 0 && (
        <EmptyState title="No current or upcoming leases">
          {past.length > 0 ? 'Your earlier leases are listed below. ' : ''}
          {holdsAssignedPremium ? 'You hold premium as an assigned seat, so you need no lease.' : 'Request premium for your next sprint with the form on this page.'}
        </EmptyState>
      )}
      {current.length > 0 && (
        <ul className="lease-list">
          {current.map((lease) => (
            <LeaseItem key={lease.id} lease={lease} extensions={extensionsOf(lease.id)} onNotice={setNotice} />
          ))}
        </ul>
      )}
      {past.length > 0 && (
        <details className="past-leases">
          <summary>
            Past leases and requests <span className="count">{past.length}</span>
          </summary>
          <ul className="lease-list lease-list-past">
            {past.map((lease) => (
              <LeaseItem key={lease.id} lease={lease} extensions={[]} onNotice={setNotice} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

type Panel = 'return' | 'cancel' | 'extend' | null;

function LeaseItem({ lease, extensions, onNotice }: { lease: Lease; extensions: readonly LeaseExtension[]; onNotice: (message: string) => void }) {
  const [panel, setPanel] = useState<Panel>(null);
  const days = daysBetween(lease.startsAt, lease.endsAt);
  const pendingExtension = extensions.find((e) => e.status === 'requested');
  const lastDecided = extensions.filter((e) => e.status !== 'requested').sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''))[0];
  const holding = isHolding(lease);
  const pending = isPending(lease);
  const shortened = lease.requestedEndsAt !== lease.endsAt && lease.reclaimNoticeAt !== null;

  return (
    <li className={`lease-item lease-item-${lease.status}`} data-lease-id={lease.id}>
      <div className="lease-item-head">
        <div className="lease-item-when">
          <p className="lease-dates">{formatLeaseDates(lease.startsAt, lease.endsAt)}</p>
          <p className="lease-sub">
            {plural(days, 'day')}
            {lease.project && (
              <>
                {' · '}
                <span className="tag">{lease.project}</span>
              </>
            )}
            {lease.deadline && <> · deadline {formatDate(lease.deadline)}</>}
            {' · '}requested {formatRelative(lease.requestedAt)}
          </p>
        </div>
        <LeaseStatusBadge lease={lease} />
      </div>
      <p className="lease-reason">{lease.reason}</p>
      {lease.status === 'cancelled' ? (
        <p className="lease-decision">
          <span className="lease-decision-label">Withdrawn</span> You withdrew this request{lease.decidedAt ? ` ${formatRelative(lease.decidedAt)}` : ''}.
        </p>
      ) : (
        lease.decision.note &&
        lease.decision.rule !== 'requested' && (
          <p className="lease-decision">
            <span className="lease-decision-label">{pending ? 'Why' : 'Decision'}</span> {lease.decision.note}
            <RuleTag rule={lease.decision.rule} />
          </p>
        )
      )}
      {lease.status === 'ended' && lease.endedAt && (
        <p className="lease-note">
          {END_NOTES[lease.endReason ?? 'expired'] ?? 'Ended'} on {formatDate(dayOf(lease.endedAt))}.
        </p>
      )}
      {lease.reclaimNoticeAt && (
        <p className="lease-alert">
          Your department lent this seat and needs it back: the lease now ends {formatDate(dayOf(lease.endsAt))}
          {shortened ? ` instead of ${formatDate(dayOf(lease.requestedEndsAt))}` : ''} (notice given {formatRelative(lease.reclaimNoticeAt)}).
        </p>
      )}
      {pendingExtension && (
        <p className="lease-note">
          Extension to {formatDate(dayOf(pendingExtension.newEndsAt))} is waiting for your lead. <RuleTag rule={pendingExtension.decisionRule} />
        </p>
      )}
      {!pendingExtension && lastDecided && (
        <p className="lease-note">
          Extension to {formatDate(dayOf(lastDecided.newEndsAt))} {lastDecided.status}
          {lastDecided.decisionNote ? `: ${lastDecided.decisionNote}` : '.'}
        </p>
      )}

      {(holding || pending) && panel === null && (
        <div className="lease-actions">
          {holding && (
            <button type="button" className="button button-secondary button-small" onClick={() => setPanel('return')}>
              Return early
            </button>
          )}
          {holding && !lease.reclaimNoticeAt && !pendingExtension && (
            <button type="button" className="button button-secondary button-small" onClick={() => setPanel('extend')}>
              Request extension
            </button>
          )}
          {pending && (
            <button type="button" className="button button-secondary button-small" onClick={() => setPanel('cancel')}>
              Cancel request
            </button>
          )}
        </div>
      )}
      {panel === 'return' && (
        <ReturnPanel
          lease={lease}
          onClose={() => setPanel(null)}
          onDone={() => {
            setPanel(null);
            onNotice(lease.status === 'active' ? 'Seat returned. You are back on your base tier and the seat is free for others.' : 'Booking given up. The seat stays free for others.');
          }}
        />
      )}
      {panel === 'cancel' && (
        <CancelPanel
          lease={lease}
          onClose={() => setPanel(null)}
          onDone={() => {
            setPanel(null);
            onNotice('Request withdrawn.');
          }}
        />
      )}
      {panel === 'extend' && <ExtensionPanel lease={lease} onClose={() => setPanel(null)} />}
    </li>
  );
}

function ReturnPanel({ lease, onClose, onDone }: { lease: Lease; onClose: () => void; onDone: () => void }) {
  const mutation = useReturnLease();
  const [note, setNote] = useState('');
  const noteId = useId();
  const started = lease.status === 'active';
  return (
    <div className="inline-panel" role="group" aria-label="Return early">
      <p className="inline-panel-title">{started ? 'Give the seat back now?' : 'Give up this booking?'}</p>
      <p className="muted">{started ? 'It returns to the pool at once and you go back to your base tier.' : 'The seat stays in the pool for others; you keep your base tier.'}</p>
      <div className="field">
        <label htmlFor={noteId}>Note (optional)</label>
        <input id={noteId} type="text" value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Sprint finished early" />
      </div>
      {mutation.isError && <ActionError error={mutation.error} what="Could not return the seat" />}
      <div className="inline-panel-actions">
        <button
          type="button"
          className="button button-primary button-small"
          disabled={mutation.isPending}
          onClick={() => mutation.mutate({ id: lease.id, ...(note.trim() ? { note: note.trim() } : {}) }, { onSuccess: onDone })}
        >
          {mutation.isPending ? 'Returning…' : started ? 'Return seat' : 'Give up booking'}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onClose} disabled={mutation.isPending}>
          Keep it
        </button>
      </div>
    </div>
  );
}

function CancelPanel({ lease, onClose, onDone }: { lease: Lease; onClose: () => void; onDone: () => void }) {
  const mutation = useCancelLease();
  return (
    <div className="inline-panel" role="group" aria-label="Cancel request">
      <p className="inline-panel-title">Withdraw this request?</p>
      <p className="muted">{lease.status === 'waitlisted' ? 'You leave the waitlist; ask again any time.' : 'Your lead will no longer see it in the approval queue.'}</p>
      {mutation.isError && <ActionError error={mutation.error} what="Could not withdraw the request" />}
      <div className="inline-panel-actions">
        <button type="button" className="button button-primary button-small" disabled={mutation.isPending} onClick={() => mutation.mutate(lease.id, { onSuccess: onDone })}>
          {mutation.isPending ? 'Withdrawing…' : 'Withdraw request'}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onClose} disabled={mutation.isPending}>
          Keep it
        </button>
      </div>
    </div>
  );
}

function ExtensionPanel({ lease, onClose }: { lease: Lease; onClose: () => void }) {
  const mutation = useRequestExtension();
  const currentEnd = dayOf(lease.endsAt);
  const [newEnd, setNewEnd] = useState(addDays(currentEnd, DEFAULT_EXTENSION_DAYS));
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const attempt = useRef<{ signature: string; key: string } | null>(null);
  const ids = { end: useId(), reason: useId() };

  const endError = newEnd <= currentEnd ? `Pick a day after ${formatDate(currentEnd)}` : null;
  const reasonError = reason.trim().length < 3 ? 'Say in a few words why you need longer' : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (endError || reasonError || mutation.isPending) return;
    const body = { id: lease.id, newEndsAt: startOfDayIso(newEnd), reason: reason.trim() };
    const signature = JSON.stringify(body);
    if (!attempt.current || attempt.current.signature !== signature) attempt.current = { signature, key: newIdempotencyKey() };
    mutation.mutate(
      { ...body, idempotencyKey: attempt.current.key },
      {
        onSettled: (_data, error) => {
          // A definite answer (success or a refusal) ends this submission; only a network failure may be retried with the same key.
          if (!error || (isApiError(error) && error.status > 0)) attempt.current = null;
        },
      },
    );
  };

  if (mutation.data) {
    const { extension } = mutation.data;
    const tone = extension.status === 'approved' ? 'success' : extension.status === 'requested' ? 'pending' : 'danger';
    const headline =
      extension.status === 'approved'
        ? `Extended to ${formatDate(dayOf(extension.newEndsAt))}`
        : extension.status === 'requested'
          ? 'Extension waiting for your lead'
          : 'Extension not granted';
    return (
      <div className={`inline-panel outcome-inline outcome-${tone}`} role="status">
        <p className="inline-panel-title">{headline}</p>
        {extension.decisionNote && <p>{extension.decisionNote}</p>}
        <RuleTag rule={extension.decisionRule} />
        <div className="inline-panel-actions">
          <button type="button" className="button button-ghost button-small" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="inline-panel" onSubmit={submit} noValidate aria-label="Request extension">
      <p className="inline-panel-title">Keep premium longer</p>
      <p className="muted">The lease ends {formatDate(currentEnd)} now. Short extensions with a free seat are approved at once; otherwise your lead decides.</p>
      <div className="form-row">
        <div className="field">
          <label htmlFor={ids.end}>New end date</label>
          <input
            id={ids.end}
            type="date"
            value={newEnd}
            min={addDays(currentEnd, 1)}
            onChange={(e) => setNewEnd(e.target.value)}
            aria-invalid={touched && endError ? true : undefined}
            required
          />
          {touched && endError && <span className="field-error">{endError}</span>}
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.reason}>Why do you need longer?</label>
        <textarea id={ids.reason} rows={2} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} aria-invalid={touched && reasonError ? true : undefined} required />
        {touched && reasonError && <span className="field-error">{reasonError}</span>}
      </div>
      {mutation.isError && <ActionError error={mutation.error} what="Could not ask for the extension" />}
      <div className="inline-panel-actions">
        <button type="submit" className="button button-primary button-small" disabled={mutation.isPending}>
          {mutation.isPending ? 'Sending…' : 'Ask for extension'}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onClose} disabled={mutation.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/* ---------- Request form ---------- */

type FormValues = Readonly<{ start: string; end: string; reason: string; project: string; deadline: string }>;

function defaultValues(): FormValues {
  const start = todayUtc();
  return { start, end: addDays(start, DEFAULT_LEASE_DAYS), reason: '', project: '', deadline: '' };
}

type FieldName = keyof FormValues;
const SERVER_FIELDS: Record<string, FieldName> = { 'body.startsAt': 'start', 'body.endsAt': 'end', 'body.reason': 'reason', 'body.project': 'project', 'body.deadline': 'deadline' };

function validate(values: FormValues, today: string): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.start)) errors.start = 'Pick the first day';
  else if (values.start < today) errors.start = 'The lease cannot start in the past';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.end)) errors.end = 'Pick the end day';
  else if (!errors.start && values.end <= values.start) errors.end = 'The end must be after the start';
  if (values.reason.trim().length < 3) errors.reason = 'Say in a few words what you need premium for';
  if (values.deadline && !/^\d{4}-\d{2}-\d{2}$/.test(values.deadline)) errors.deadline = 'Pick a valid date or leave it empty';
  return errors;
}

function RequestCard({ me }: { me: Me }) {
  const mutation = useRequestLease();
  const policy = useActivePolicy();
  const [values, setValues] = useState<FormValues>(defaultValues);
  const [touched, setTouched] = useState(false);
  const [result, setResult] = useState<LeaseDecision | null>(null);
  const attempt = useRef<{ signature: string; key: string } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const ids = { start: useId(), end: useId(), reason: useId(), project: useId(), deadline: useId(), hint: useId() };
  const today = todayUtc();

  const clientErrors = validate(values, today);
  const serverErrors: Partial<Record<FieldName, string>> = {};
  if (isApiError(mutation.error)) {
    for (const e of mutation.error.errors) {
      const field = SERVER_FIELDS[e.path];
      if (field) serverErrors[field] = e.message;
    }
  }
  const errorFor = (field: FieldName) => (touched ? clientErrors[field] : undefined) ?? serverErrors[field];
  const days = clientErrors.start || clientErrors.end ? 0 : daysBetween(startOfDayIso(values.start), startOfDayIso(values.end));
  const autoMax = policy.data?.document.autoApprove?.enabled === false ? 0 : (policy.data?.document.autoApprove?.maxDays ?? null);
  const maxDays = policy.data?.document.lease?.maxDays ?? null;

  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const set = (patch: Partial<FormValues>) => setValues((v) => ({ ...v, ...patch }));
  const setStart = (start: string) =>
    setValues((v) => {
      // Keep the length the person chose when they move the start.
      const length = v.start && v.end > v.start ? daysBetween(startOfDayIso(v.start), startOfDayIso(v.end)) : DEFAULT_LEASE_DAYS;
      return { ...v, start, end: /^\d{4}-\d{2}-\d{2}$/.test(start) ? addDays(start, length) : v.end };
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(clientErrors).length > 0 || mutation.isPending) return;
    const body = {
      startsAt: startOfDayIso(values.start),
      endsAt: startOfDayIso(values.end),
      reason: values.reason.trim(),
      project: values.project.trim() || null,
      deadline: values.deadline || null,
    };
    const signature = JSON.stringify(body);
    // One key per submission: a double click or a retry after a network failure cannot create two requests.
    if (!attempt.current || attempt.current.signature !== signature) attempt.current = { signature, key: newIdempotencyKey() };
    mutation.mutate(
      { body, idempotencyKey: attempt.current.key },
      {
        onSuccess: (data) => {
          setResult(data);
          setValues(defaultValues());
          setTouched(false);
        },
        onSettled: (_data, error) => {
          if (!error || (isApiError(error) && error.status > 0)) attempt.current = null;
        },
      },
    );
  };

  return (
    <section className="card request-card" aria-labelledby="request-heading">
      <div className="request-card-header">
        <h2 id="request-heading">Request premium</h2>
        <p className="muted">
          For a sprint, project or deadline{me.departmentName ? ` — from the ${me.departmentName} quota` : ''}. Seatwise answers at once.
        </p>
      </div>

      {result && <OutcomePanel ref={resultRef} result={result} onDismiss={() => setResult(null)} />}

      <form className="request-form" data-testid="lease-request-form" onSubmit={submit} noValidate>
        <div className="form-row">
          <div className="field">
            <label htmlFor={ids.start}>Start date</label>
            <input
              id={ids.start}
              type="date"
              value={values.start}
              min={today}
              onChange={(e) => setStart(e.target.value)}
              aria-invalid={errorFor('start') ? true : undefined}
              aria-describedby={ids.hint}
              required
            />
            {errorFor('start') && <span className="field-error">{errorFor('start')}</span>}
          </div>
          <div className="field">
            <label htmlFor={ids.end}>End date</label>
            <input
              id={ids.end}
              type="date"
              value={values.end}
              min={values.start ? addDays(values.start, 1) : today}
              onChange={(e) => set({ end: e.target.value })}
              aria-invalid={errorFor('end') ? true : undefined}
              aria-describedby={ids.hint}
              required
            />
            {errorFor('end') && <span className="field-error">{errorFor('end')}</span>}
          </div>
        </div>
        <p id={ids.hint} className="field-hint muted">
          {days > 0 ? (
            <>
              <strong>{plural(days, 'day')}</strong> of premium, back to your base tier on the end date.
            </>
          ) : (
            'Premium from the start date until the end date.'
          )}
          {autoMax === 0 && ' Every request goes to your department lead.'}
          {autoMax !== null && autoMax > 0 && ` Up to ${autoMax} days is approved at once when a seat is free; longer goes to your lead.`}
          {maxDays !== null && days > maxDays && <span className="text-warning"> Leases last at most {maxDays} days.</span>}
        </p>
        <div className="field">
          <label htmlFor={ids.reason}>Reason</label>
          <textarea
            id={ids.reason}
            rows={3}
            value={values.reason}
            maxLength={1000}
            onChange={(e) => set({ reason: e.target.value })}
            placeholder="What will you use premium for? e.g. Refactoring the OTA update service before the release"
            aria-invalid={errorFor('reason') ? true : undefined}
            required
          />
          {errorFor('reason') && <span className="field-error">{errorFor('reason')}</span>}
        </div>
        <div className="form-row">
          <div className="field">
            <label htmlFor={ids.project}>Project or sprint</label>
            <input id={ids.project} type="text" value={values.project} maxLength={200} onChange={(e) => set({ project: e.target.value })} placeholder="e.g. Sprint 48" />
            {errorFor('project') && <span className="field-error">{errorFor('project')}</span>}
          </div>
          <div className="field">
            <label htmlFor={ids.deadline}>
              Deadline <span className="label-optional">(optional)</span>
            </label>
            <input
              id={ids.deadline}
              type="date"
              value={values.deadline}
              min={today}
              onChange={(e) => set({ deadline: e.target.value })}
              aria-label="Deadline"
              aria-invalid={errorFor('deadline') ? true : undefined}
            />
            {errorFor('deadline') && <span className="field-error">{errorFor('deadline')}</span>}
          </div>
        </div>
        {mutation.isError && <ActionError error={mutation.error} what="The request was not sent" />}
        <div className="request-actions">
          <button type="submit" className="button button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Asking the engine…' : 'Request premium'}
          </button>
        </div>
      </form>
    </section>
  );
}

const OUTCOME_ICONS: Record<OutcomeSummary['tone'], string> = { success: '✓', pending: '…', waitlist: '⏳', danger: '✕', neutral: 'i', info: 'i' };

function OutcomePanel({ result, onDismiss, ref }: { result: LeaseDecision; onDismiss: () => void; ref: Ref<HTMLDivElement> }) {
  const summary = describeOutcome(result.decision, result.lease);
  return (
    <div className={`outcome outcome-${summary.tone}`} role="status" aria-live="polite" tabIndex={-1} ref={ref} data-testid="lease-request-result">
      <div className="outcome-icon" aria-hidden="true">
        {OUTCOME_ICONS[summary.tone]}
      </div>
      <div className="outcome-body">
        <p className="outcome-eyebrow">The engine's answer</p>
        <h3 className="outcome-headline">{summary.headline}</h3>
        <p className="outcome-message">{result.decision.message}</p>
        <p className="outcome-detail">{summary.detail}</p>
        <p className="outcome-rule">
          Rule <RuleTag rule={result.decision.rule} />
        </p>
      </div>
      <button type="button" className="outcome-dismiss" onClick={onDismiss} aria-label="Dismiss the answer">
        ×
      </button>
    </div>
  );
}
