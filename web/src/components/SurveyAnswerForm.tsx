import { useId, useState, type FormEvent } from 'react';
import { fieldErrors, useAnswerSurvey, type AnswerValue, type SurveyDetail } from '../api/governance.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { ActionError } from './States.tsx';

/** One open campaign's questions; answering again replaces the earlier answer. */
export function SurveyAnswerForm({ detail, onAnswered }: { detail: SurveyDetail; onAnswered: (outcome: 'created' | 'updated') => void }) {
  const answer = useAnswerSurvey();
  const id = useId();
  const initial = detail.myAnswers ?? {};
  const [values, setValues] = useState<Record<string, AnswerValue>>(initial);
  const [touched, setTouched] = useState(false);
  const server = answer.error ? fieldErrors(answer.error) : {};
  const problems: Record<string, string> = {};
  for (const q of detail.questions) {
    const v = values[q.key];
    const isEmpty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
    if (q.isRequired && isEmpty) problems[`answers.${q.key}`] = 'Please answer this question';
    else if (q.kind === 'hours' && !isEmpty && (!/^\d+(\.\d+)?$/.test(String(v)) || Number(v) > 60)) problems[`answers.${q.key}`] = 'Hours between 0 and 60, e.g. 4 or 2.5';
  }
  const local = touched ? problems : {};
  const errorOf = (key: string) => local[`answers.${key}`] ?? server[`answers.${key}`];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(problems).length > 0) return;
    const answers: Record<string, AnswerValue> = {};
    for (const q of detail.questions) {
      const v = values[q.key];
      if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      answers[q.key] = q.kind === 'hours' ? Number(v) : v;
    }
    answer.mutate({ id: detail.campaign.id, answers }, { onSuccess: (r) => onAnswered(r.outcome) });
  };

  return (
    <form className="survey-form" onSubmit={submit} noValidate aria-label={`Answer ${detail.campaign.title}`}>
      {detail.questions.map((q) => {
        const fid = `${id}-${q.key}`;
        const err = errorOf(q.key);
        return (
          <fieldset key={q.key} className="survey-question" aria-invalid={err ? true : undefined} aria-describedby={err ? `${fid}-error` : undefined}>
            <legend>
              {q.prompt}
              {!q.isRequired && <span className="label-optional"> (optional)</span>}
            </legend>
            {q.kind === 'hours' && (
              <div className="survey-hours">
                <input type="text" id={fid} aria-label={q.prompt} inputMode="decimal" value={String(values[q.key] ?? '')} onChange={(e) => setValues((s) => ({ ...s, [q.key]: e.target.value }))} />
                <span className="muted">hours a week</span>
              </div>
            )}
            {q.kind === 'choices' && (
              <div className="survey-choices">
                {q.options.map((o) => {
                  const picked = Array.isArray(values[q.key]) ? (values[q.key] as string[]) : [];
                  return (
                    <label key={o} className="survey-choice">
                      <input type="checkbox" checked={picked.includes(o)} onChange={(e) => setValues((s) => ({ ...s, [q.key]: e.target.checked ? [...picked, o] : picked.filter((x) => x !== o) }))} /> {o}
                    </label>
                  );
                })}
              </div>
            )}
            {q.kind === 'text' && <input type="text" id={fid} aria-label={q.prompt} value={String(values[q.key] ?? '')} onChange={(e) => setValues((s) => ({ ...s, [q.key]: e.target.value }))} maxLength={2000} />}
            {err && (
              <span className="field-error" id={`${fid}-error`}>
                {err}
              </span>
            )}
          </fieldset>
        );
      })}
      {answer.isError && Object.keys(server).length === 0 && <ActionError error={answer.error} what="Could not save your answers" />}
      <div className="survey-actions">
        <button type="submit" className="button button-primary" disabled={answer.isPending}>
          {answer.isPending ? 'Saving…' : detail.myAnsweredAt ? 'Update my answers' : 'Send my answers'}
        </button>
        <span className="muted">
          {detail.myAnsweredAt ? `You answered on ${formatDateTime(detail.myAnsweredAt)}. You can change your answers until the survey closes.` : `About ${formatDate(detail.campaign.periodStart)} – ${formatDate(detail.campaign.periodEnd)}. Answers are aggregated per department.`}
        </span>
      </div>
    </form>
  );
}
