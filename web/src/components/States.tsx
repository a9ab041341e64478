import type { ReactNode } from 'react';
import { toApiError } from '../api/client.ts';

export function LoadingBlock({ label = 'Loading…', className }: { label?: string; className?: string }) {
  return (
    <div className={`state state-loading${className ? ` ${className}` : ''}`} role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

type ErrorStateProps = Readonly<{
  error: unknown;
  onRetry?: () => void;
  isRetrying?: boolean;
  /** What failed, e.g. "the overview". */
  what?: string;
  compact?: boolean;
  /** Extra actions next to Retry. */
  children?: ReactNode;
}>;

export function ErrorState({ error, onRetry, isRetrying = false, what, compact = false, children }: ErrorStateProps) {
  const problem = toApiError(error);
  // Field errors repeat the detail when there is only one; list them only when they add something.
  const fieldErrors = problem.errors.filter((e) => !problem.detail.includes(e.message) || problem.errors.length > 1);
  return (
    <div className={`state state-error${compact ? ' state-compact' : ''}`} role="alert">
      <div className="state-icon" aria-hidden="true">!</div>
      <div className="state-body">
        <p className="state-eyebrow">{what ? `Could not load ${what}` : 'Something went wrong'}</p>
        <h2 className="state-title">{problem.title}</h2>
        {problem.detail && <p className="state-detail">{problem.detail}</p>}
        {fieldErrors.length > 0 && (
          <ul className="state-errors">
            {fieldErrors.map((e, i) => (
              <li key={`${e.path}-${i}`}>
                <code>{e.path}</code> {e.message}
              </li>
            ))}
          </ul>
        )}
        <div className="state-actions">
          {onRetry && (
            <button type="button" className="button button-secondary" onClick={onRetry} disabled={isRetrying}>
              {isRetrying ? 'Retrying…' : 'Retry'}
            </button>
          )}
          {children}
          {problem.requestId && (
            <span className="state-ref">
              Reference <code>{problem.requestId}</code>
            </span>
          )}
        </div>
      </div>
    </div>
  );
}

type EmptyStateProps = Readonly<{ title: string; children?: ReactNode; action?: ReactNode }>;

export function EmptyState({ title, children, action }: EmptyStateProps) {
  return (
    <div className="state state-empty" role="status">
      <div className="state-body">
        <h2 className="state-title">{title}</h2>
        {children && <div className="state-detail">{children}</div>}
        {action && <div className="state-actions">{action}</div>}
      </div>
    </div>
  );
}

/** Grey placeholder rows shaped like the table that is about to appear. */
export function TableSkeleton({ columns, rows = 8, label = 'Loading…' }: { columns: number; rows?: number; label?: string }) {
  return (
    <div className="skeleton-table" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, r) => (
        <div className="skeleton-row" key={r} aria-hidden="true">
          {Array.from({ length: columns }, (_, c) => (
            <span className="skeleton" key={c} style={{ width: `${45 + ((r * 7 + c * 13) % 45)}%` }} />
          ))}
        </div>
      ))}
    </div>
  );
}

export function SkeletonCard() {
  return (
    <div className="card stat-card" aria-hidden="true">
      <span className="skeleton skeleton-label" />
      <span className="skeleton skeleton-value" />
      <span className="skeleton skeleton-sub" />
    </div>
  );
}

/** A failed action (not a failed load), shown next to the form or button that caused it. */
export function ActionError({ error, what }: { error: unknown; what: string }) {
  const problem = toApiError(error);
  const fieldErrors = problem.errors.filter((e) => !problem.detail.includes(e.message) || problem.errors.length > 1);
  return (
    <div className="action-error" role="alert">
      <p>
        <strong>{what}.</strong> {problem.detail || problem.title}
      </p>
      {fieldErrors.length > 0 && (
        <ul>
          {fieldErrors.map((e, i) => (
            <li key={`${e.path}-${i}`}>
              <code>{e.path.replace(/^body\./, '')}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
