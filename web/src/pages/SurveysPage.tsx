import { useEffect, useId, useState, type FormEvent } from 'react';
import { fieldErrors, useCloseSurvey, useOpenSurvey, useSurvey, useSurveyResults, useSurveys, type SurveyCampaign } from '../api/governance.ts';
import { useMe } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Flash } from '../components/Flash.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ActionError, EmptyState, ErrorState, LoadingBlock } from '../components/States.tsx';
import { SurveyAnswerForm } from '../components/SurveyAnswerForm.tsx';
import { SurveyResultsPanel } from '../components/SurveyResultsPanel.tsx';
import { formatDate, plural } from '../format.ts';
import { canContribute, isAdmin, isOrgWideReader } from '../usage.ts';

export function SurveysPage() {
  const me = useMe().data;
  useEffect(() => {
    document.title = 'Surveys · Seatwise';
  }, []);
  if (!me) return null;
  return <SurveysContent me={me} />;
}

function SurveysContent({ me }: { me: Me }) {
  const surveys = useSurveys();
  const [notice, setNotice] = useState<string | null>(null);
  const [resultsFor, setResultsFor] = useState<string | null>(null);
  const [isOpening, setIsOpening] = useState(false);
  const items = surveys.data?.items ?? [];
  const open = items.filter((c) => c.status === 'open');
  const shownResults = resultsFor ?? (isOrgWideReader(me) ? (items[0]?.id ?? null) : null);

  return (
    <div className="page">
      <PageHeader
        title="Demand surveys"
        subtitle="How much will you use an AI assistant next quarter? Answers are combined per department and help plan seats and budgets; the forecaster compares them with real use."
        aside={
          isAdmin(me) && !isOpening ? (
            <button type="button" className="button button-primary" onClick={() => setIsOpening(true)}>
              Open a survey
            </button>
          ) : undefined
        }
      />
      <Flash notice={notice} onDismiss={() => setNotice(null)} />
      {isOpening && <OpenSurveyForm onDone={(title) => { setIsOpening(false); if (title) setNotice(`Opened “${title}”.`); }} />}
      {surveys.isPending && <LoadingBlock label="Loading surveys…" />}
      {surveys.isError && <ErrorState error={surveys.error} what="the surveys" onRetry={() => void surveys.refetch()} />}

      {surveys.data && canContribute(me) && (
        <section aria-labelledby="open-surveys">
          <h2 id="open-surveys" className="section-title">
            Open now<span className="count">{open.length}</span>
          </h2>
          {open.length === 0 && <EmptyState title="No survey is open">You will find the next one here.</EmptyState>}
          {open.map((c) => (
            <OpenCampaignCard key={c.id} campaign={c} onAnswered={(o) => setNotice(o === 'created' ? `Thanks! Your answers to “${c.title}” are in.` : `Your answers to “${c.title}” are updated.`)} />
          ))}
        </section>
      )}

      {surveys.data && isOrgWideReader(me) && (
        <section className="card section-card" aria-labelledby="survey-results">
          <div className="section-card-header section-card-header-row">
            <div>
              <h2 id="survey-results">Results by department</h2>
              <p className="muted">Live while a survey is open; fixed when it closes.</p>
            </div>
            <div className="toolbar toolbar-inline">
              <div className="field">
                <label htmlFor="survey-pick">Survey</label>
                <select id="survey-pick" value={shownResults ?? ''} onChange={(e) => setResultsFor(e.target.value)}>
                  {items.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title} ({c.status})
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </div>
          {shownResults ? <ResultsFor id={shownResults} canClose={isAdmin(me)} onClosed={(t) => setNotice(`Closed “${t}”; survey estimates written for the forecaster.`)} /> : <EmptyState title="No survey yet" />}
        </section>
      )}

      {surveys.data && (
        <section className="card section-card" aria-labelledby="all-surveys">
          <div className="section-card-header">
            <h2 id="all-surveys">All surveys</h2>
          </div>
          <div className="table-wrap">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">Survey</th>
                  <th scope="col">About</th>
                  <th scope="col">Status</th>
                  <th scope="col">Answers</th>
                  <th scope="col">You</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.title}</th>
                    <td>
                      {formatDate(c.periodStart)} – {formatDate(c.periodEnd)}
                    </td>
                    <td>
                      <span className={`badge ${c.status === 'open' ? 'badge-tone-success' : 'badge-tone-neutral'}`}>{c.status === 'open' ? 'Open' : `Closed ${c.closedAt ? formatDate(c.closedAt.slice(0, 10)) : ''}`}</span>
                    </td>
                    <td>{plural(c.respondents, 'answer')}</td>
                    <td>{c.hasAnswered ? 'Answered' : <span className="muted">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

function OpenCampaignCard({ campaign, onAnswered }: { campaign: SurveyCampaign; onAnswered: (outcome: 'created' | 'updated') => void }) {
  const detail = useSurvey(campaign.id);
  return (
    <article className="card section-card survey-card" aria-labelledby={`s-${campaign.id}`}>
      <div className="section-card-header section-card-header-row">
        <h3 id={`s-${campaign.id}`}>{campaign.title}</h3>
        <span className={`badge ${campaign.hasAnswered ? 'badge-tone-success' : 'badge-tone-pending'}`}>{campaign.hasAnswered ? 'Answered' : 'Waiting for your answer'}</span>
      </div>
      {detail.isPending && <LoadingBlock />}
      {detail.isError && <ErrorState error={detail.error} what="the survey" compact />}
      {detail.data && <SurveyAnswerForm detail={detail.data} onAnswered={onAnswered} />}
    </article>
  );
}

function ResultsFor({ id, canClose, onClosed }: { id: string; canClose: boolean; onClosed: (title: string) => void }) {
  const results = useSurveyResults(id, true);
  const close = useCloseSurvey();
  if (results.isPending) return <LoadingBlock label="Loading results…" />;
  if (results.isError) return <ErrorState error={results.error} what="the results" onRetry={() => void results.refetch()} />;
  const c = results.data.campaign;
  return (
    <>
      <SurveyResultsPanel results={results.data} />
      {canClose && c.status === 'open' && (
        <div className="survey-actions">
          <button type="button" className="button button-secondary" disabled={close.isPending} onClick={() => close.mutate(id, { onSuccess: () => onClosed(c.title) })}>
            {close.isPending ? 'Closing…' : 'Close survey and write estimates'}
          </button>
          {close.isError && <ActionError error={close.error} what="Could not close the survey" />}
        </div>
      )}
    </>
  );
}

function OpenSurveyForm({ onDone }: { onDone: (title: string | null) => void }) {
  const openSurvey = useOpenSurvey();
  const id = useId();
  const [v, setV] = useState({ title: '', periodStart: '', periodEnd: '', usdPerHour: '' });
  const [touched, setTouched] = useState(false);
  const problems: Record<string, string> = {};
  if (v.title.trim().length < 3) problems.title = 'Give the survey a title of at least 3 characters';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.periodStart)) problems.periodStart = 'Pick the first day of the period';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.periodEnd)) problems.periodEnd = 'Pick the day after the period ends';
  else if (v.periodStart && v.periodEnd <= v.periodStart) problems.periodEnd = 'Must be after the start';
  if (v.usdPerHour && !(Number(v.usdPerHour) > 0)) problems.usdPerHour = 'A positive amount of dollars, e.g. 2.50';
  const local = touched ? problems : {};
  const server = openSurvey.error ? fieldErrors(openSurvey.error) : {};
  const errorOf = (f: string) => local[f] ?? server[f];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length > 0) return;
    openSurvey.mutate({ title: v.title.trim(), periodStart: v.periodStart, periodEnd: v.periodEnd, usdPerHour: v.usdPerHour ? Number(v.usdPerHour) : null }, { onSuccess: () => onDone(v.title.trim()) });
  };
  const input = (name: keyof typeof v, label: string, type: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input id={`${id}-${name}`} type={type} value={v[name]} onChange={(e) => setV((s) => ({ ...s, [name]: e.target.value }))} aria-invalid={errorOf(name) ? true : undefined} aria-describedby={errorOf(name) ? `${id}-${name}-err` : undefined} />
      {hint && !errorOf(name) && <span className="field-hint">{hint}</span>}
      {errorOf(name) && (
        <span className="field-error" id={`${id}-${name}-err`}>
          {errorOf(name)}
        </span>
      )}
    </div>
  );
  return (
    <form className="card section-card survey-open-form" onSubmit={submit} noValidate aria-label="Open a survey">
      <div className="section-card-header">
        <h2>Open a survey</h2>
        <p className="muted">Everyone is asked the standard questions: expected weekly use, main tasks, tools and projects.</p>
      </div>
      <div className="usecase-form-grid">
        {input('title', 'Title', 'text')}
        {input('usdPerHour', 'Dollars per hour of use (optional)', 'text', 'Leave empty to use the observed API cost per active hour of the last 84 days')}
        {input('periodStart', 'Period starts', 'date')}
        {input('periodEnd', 'Period ends (exclusive)', 'date')}
      </div>
      {openSurvey.isError && Object.keys(server).length === 0 && <ActionError error={openSurvey.error} what="Could not open the survey" />}
      <div className="usecase-form-actions">
        <button type="submit" className="button button-primary" disabled={openSurvey.isPending}>
          {openSurvey.isPending ? 'Opening…' : 'Open survey'}
        </button>
        <button type="button" className="button button-ghost" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
