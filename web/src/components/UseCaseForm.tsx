import { useId, useState, type FormEvent } from 'react';
import { fieldErrors, useShareUseCase, type UseCase } from '../api/governance.ts';
import { ActionError } from './States.tsx';

type Department = Readonly<{ id: string; name: string }>;

const split = (text: string, by: RegExp) => text.split(by).map((s) => s.trim()).filter(Boolean);

function validate(v: { title: string; task: string; minutes: string; links: string }): Record<string, string> {
  const e: Record<string, string> = {};
  if (v.title.trim().length < 3) e.title = 'Give it a title of at least 3 characters';
  if (v.task.trim().length < 3) e.task = 'Say which task it helps with (at least 3 characters)';
  if (v.minutes.trim() && !/^\d+$/.test(v.minutes.trim())) e.minutesSavedPerWeek = 'Whole minutes, e.g. 90';
  const bad = split(v.links, /\s+/).filter((l) => !/^https?:\/\/\S+$/.test(l));
  if (bad.length) e.links = `Not a web link: ${bad.join(', ')}`;
  return e;
}

/** The share form: every field reports its own problem, from the browser or from the server. */
export function UseCaseForm({ departments, defaultDepartmentId, onShared, onCancel }: { departments: readonly Department[]; defaultDepartmentId: string | null; onShared: (u: UseCase) => void; onCancel: () => void }) {
  const share = useShareUseCase();
  const id = useId();
  const [v, setV] = useState({ title: '', task: '', workflow: '', tools: '', tags: '', links: '', minutes: '', departmentId: defaultDepartmentId ?? '' });
  const [touched, setTouched] = useState(false);
  const local = touched ? validate(v) : {};
  const server = share.error ? fieldErrors(share.error) : {};
  const errorOf = (field: string) => local[field] ?? server[field];
  const set = (field: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [field]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(validate(v)).length) return;
    share.mutate(
      { title: v.title.trim(), task: v.task.trim(), workflow: v.workflow.trim(), tools: split(v.tools, /,/), tags: split(v.tags, /[,\s]+/), links: split(v.links, /\s+/), minutesSavedPerWeek: v.minutes.trim() ? Number(v.minutes) : null, departmentId: v.departmentId || null },
      { onSuccess: onShared },
    );
  };

  const field = (name: string, label: string, input: React.ReactNode, hint?: string) => (
    <div className={`field${name === 'workflow' || name === 'task' ? ' usecase-field-wide' : ''}`}>
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {input}
      {hint && !errorOf(name) && <span className="field-hint">{hint}</span>}
      {errorOf(name) && (
        <span className="field-error" id={`${id}-${name}-error`}>
          {errorOf(name)}
        </span>
      )}
    </div>
  );
  const aria = (name: string) => ({ id: `${id}-${name}`, 'aria-invalid': errorOf(name) ? true : undefined, 'aria-describedby': errorOf(name) ? `${id}-${name}-error` : undefined });

  return (
    <form className="card section-card usecase-form" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <div className="section-card-header">
        <h2 id={`${id}-h`}>Share a use case</h2>
        <p className="muted">What you use the assistant for, and how, so others can try it.</p>
      </div>
      <div className="usecase-form-grid">
        {field('title', 'Title', <input type="text" {...aria('title')} value={v.title} onChange={set('title')} maxLength={200} placeholder="e.g. Register map to C headers" />)}
        {field('departmentId', 'Department', (
          <select {...aria('departmentId')} value={v.departmentId} onChange={set('departmentId')}>
            <option value="">No department</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        ))}
        {field('task', 'Task', <input type="text" {...aria('task')} value={v.task} onChange={set('task')} maxLength={2000} placeholder="Which task does it help with?" />)}
        {field('workflow', 'Prompts or workflow', <textarea {...aria('workflow')} value={v.workflow} onChange={set('workflow')} rows={3} placeholder="The steps or the prompt you use" />)}
        {field('tools', 'Tools', <input type="text" {...aria('tools')} value={v.tools} onChange={set('tools')} placeholder="Claude Code, API / scripts" />, 'Separate with commas')}
        {field('tags', 'Tags', <input type="text" {...aria('tags')} value={v.tags} onChange={set('tags')} placeholder="embedded, testing" />, 'Single words, separated by commas or spaces')}
        {field('minutesSavedPerWeek', 'Time saved (minutes a week)', <input type="text" {...aria('minutesSavedPerWeek')} value={v.minutes} onChange={set('minutes')} inputMode="numeric" placeholder="90" />)}
        {field('links', 'Links', <input type="text" {...aria('links')} value={v.links} onChange={set('links')} placeholder="https://wiki.example/page" />, 'Separate with spaces')}
      </div>
      {share.isError && Object.keys(server).length === 0 && <ActionError error={share.error} what="Could not share the use case" />}
      <div className="usecase-form-actions">
        <button type="submit" className="button button-primary" disabled={share.isPending}>
          {share.isPending ? 'Sharing…' : 'Share use case'}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
