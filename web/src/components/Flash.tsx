/** A dismissible notice, also announced to screen readers. */
export function Flash({ notice, onDismiss }: { notice: string | null; onDismiss: () => void }) {
  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice ?? ''}
      </p>
      {notice && (
        <div className="flash" aria-hidden="true">
          <span>{notice}</span>
          <button type="button" className="link-button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
