import type { UseCase, VoteKind } from '../api/governance.ts';
import { formatDate, plural } from '../format.ts';

type Props = Readonly<{ useCase: UseCase; isMine: boolean; canVote: boolean; isBusy: boolean; onVote: (kind: VoteKind, on: boolean) => void; onTag: (tag: string) => void }>;

/** One use case in the library, with upvote and "I use this too". */
export function UseCaseCard({ useCase: u, isMine, canVote, isBusy, onVote, onTag }: Props) {
  const hours = u.minutesSavedPerWeek ? Math.round((u.minutesSavedPerWeek / 60) * 10) / 10 : null;
  return (
    <article className="card usecase-card" aria-labelledby={`uc-${u.id}`}>
      <header className="usecase-head">
        <h3 id={`uc-${u.id}`}>{u.title}</h3>
        {u.department && <span className="badge badge-neutral">{u.department.name}</span>}
      </header>
      <p className="usecase-task">{u.task}</p>
      {u.workflow && <p className="usecase-workflow">{u.workflow}</p>}
      <dl className="usecase-facts">
        {u.tools.length > 0 && (
          <div>
            <dt>Tools</dt>
            <dd>{u.tools.join(', ')}</dd>
          </div>
        )}
        {hours !== null && (
          <div>
            <dt>Saves</dt>
            <dd>{hours} h/week</dd>
          </div>
        )}
        <div>
          <dt>Shared by</dt>
          <dd>
            {isMine ? 'you' : u.author.name} · {formatDate(u.createdAt.slice(0, 10))}
          </dd>
        </div>
      </dl>
      {u.links.length > 0 && (
        <ul className="usecase-links">
          {u.links.map((l) => (
            <li key={l}>
              <a href={l} target="_blank" rel="noreferrer">
                {l}
              </a>
            </li>
          ))}
        </ul>
      )}
      <footer className="usecase-foot">
        <div className="usecase-tags">
          {u.tags.map((t) => (
            <button key={t} type="button" className="tag usecase-tag" onClick={() => onTag(t)} aria-label={`Show use cases tagged ${t}`}>
              #{t}
            </button>
          ))}
        </div>
        <div className="usecase-votes">
          <button type="button" className={`button button-small ${u.hasUpvoted ? 'button-primary' : 'button-secondary'}`} aria-pressed={u.hasUpvoted} disabled={!canVote || isBusy} onClick={() => onVote('upvote', !u.hasUpvoted)} title={u.hasUpvoted ? 'Take back your upvote' : 'Upvote'}>
            ▲ {u.upvotes} <span className="visually-hidden">{plural(u.upvotes, 'upvote')}</span>
          </button>
          <button type="button" className={`button button-small ${u.isUsing ? 'button-primary' : 'button-secondary'}`} aria-pressed={u.isUsing} disabled={!canVote || isBusy} onClick={() => onVote('uses', !u.isUsing)}>
            {u.isUsing ? '✓ I use this' : 'I use this too'} · {u.users}
          </button>
        </div>
      </footer>
    </article>
  );
}
