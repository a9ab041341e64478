import { useEffect, useId, useRef, useState } from 'react';
import { useMarkNotificationRead, useNotifications } from '../api/queries.ts';
import type { Notification } from '../api/types.ts';
import { formatRelative } from '../format.ts';
import { navigate } from '../router.tsx';
import { ErrorState, LoadingBlock } from './States.tsx';

/** Notifications for a decider open the approval queue; everything else is about the reader's own leases. */
const QUEUE_KINDS = new Set(['lease.awaiting_decision', 'lease.extension_requested', 'lease.reminder']);

function targetOf(notification: Notification): string | null {
  if (!notification.leaseId) return null;
  return QUEUE_KINDS.has(notification.kind) ? '/approvals' : '/my-seat';
}

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 3a6 6 0 0 0-6 6v3.6l-1.6 2.7A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.7L18 12.6V9a6 6 0 0 0-6-6Zm-2.4 15.5a2.5 2.5 0 0 0 4.8 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.7"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function NotificationsBell() {
  const notifications = useNotifications();
  const markRead = useMarkNotificationRead();
  const [isOpen, setIsOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const unread = notifications.data?.unread ?? 0;
  const items = notifications.data?.items ?? [];

  useEffect(() => {
    if (!isOpen) return;
    const onPointer = (event: PointerEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setIsOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setIsOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [isOpen]);

  const open = (notification: Notification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    const target = targetOf(notification);
    if (target) {
      setIsOpen(false);
      navigate(target);
    }
  };

  const markAllRead = () => {
    for (const n of items) if (!n.readAt) markRead.mutate(n.id);
  };

  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={`bell-button${isOpen ? ' is-open' : ''}`}
        aria-label={label}
        title={label}
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setIsOpen((v) => !v)}
        data-testid="notifications-bell"
      >
        <BellIcon />
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {isOpen && (
        <div className="bell-panel" id={panelId} role="region" aria-label="Notifications" data-testid="notifications-panel">
          <div className="bell-panel-header">
            <h2>Notifications</h2>
            {unread > 0 && (
              <button type="button" className="link-button" onClick={markAllRead}>
                Mark all read
              </button>
            )}
          </div>
          {notifications.isPending && <LoadingBlock label="Loading notifications…" />}
          {notifications.isError && !notifications.data && (
            <ErrorState error={notifications.error} what="notifications" compact onRetry={() => void notifications.refetch()} isRetrying={notifications.isFetching} />
          )}
          {notifications.data && items.length === 0 && (
            <div className="bell-empty">
              <p className="bell-empty-title">You are all caught up</p>
              <p className="muted">Decisions on your requests, and requests waiting for you, show up here.</p>
            </div>
          )}
          {items.length > 0 && (
            <ul className="bell-list">
              {items.map((n) => (
                <li key={n.id}>
                  <button type="button" className={`bell-item${n.readAt ? '' : ' is-unread'}`} onClick={() => open(n)}>
                    <span className="bell-item-dot" aria-hidden="true" />
                    <span className="bell-item-body">
                      <span className="bell-item-title">
                        {n.title}
                        {!n.readAt && <span className="visually-hidden"> (unread)</span>}
                      </span>
                      {n.body && <span className="bell-item-text">{n.body}</span>}
                      <span className="bell-item-time">{formatRelative(n.createdAt)}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {notifications.isError && notifications.data && <p className="bell-footnote text-warning">Could not refresh; showing what was loaded earlier.</p>}
        </div>
      )}
    </div>
  );
}
