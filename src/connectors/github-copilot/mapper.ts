import { z } from 'zod';

/**
 * GitHub Copilot seat list → Seatwise (pure). GitHub logins are not emails: a seat's person comes only
 * from an explicit login → person link (unmatched identity of source `github_copilot`).
 */

/** Identity source of Copilot logins in unmatched_identities. */
export const GITHUB_COPILOT_SOURCE = 'github_copilot';

/** Seats without activity for this many days (or never used this long after assignment) are idle. */
export const DEFAULT_IDLE_DAYS = 30;

const dateTime = z.string().nullish().transform((v) => (v ? v : null));

export const SeatsPageSchema = z.object({
  total_seats: z.number().int().nonnegative(),
  seats: z.array(
    z.object({
      // The schema also allows team/organization assignees; only users have a login.
      assignee: z.object({ login: z.string().optional(), type: z.string().nullish() }).nullish(),
      created_at: dateTime,
      updated_at: dateTime,
      pending_cancellation_date: dateTime,
      last_activity_at: dateTime,
      last_activity_editor: z.string().nullish(),
      plan_type: z.string().nullish(),
    }),
  ),
});
export type SeatsPage = z.infer<typeof SeatsPageSchema>;
export type VendorSeat = SeatsPage['seats'][number];

export type CopilotSeat = Readonly<{
  login: string;
  planType: string | null;
  assignedAt: Date | null;
  lastActivityAt: Date | null;
  lastActivityEditor: string | null;
  pendingCancellationDate: string | null;
}>;

export function parseSeatsPage(json: unknown): SeatsPage {
  const parsed = SeatsPageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`Unexpected Copilot seats response: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`);
}

const toDate = (value: string | null): Date | null => {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
};

/**
 * Vendor seats → Seatwise seats, one per login (case-insensitive; the later entry wins). Seats without
 * a user login (team or organization assignees) are counted in `skipped`.
 */
export function mapSeats(seats: readonly VendorSeat[]): { seats: CopilotSeat[]; skipped: number } {
  const byLogin = new Map<string, CopilotSeat>();
  let skipped = 0;
  for (const s of seats) {
    const login = s.assignee?.login?.trim();
    if (!login) {
      skipped++;
      continue;
    }
    byLogin.set(login.toLowerCase(), {
      login,
      planType: s.plan_type ?? null,
      assignedAt: toDate(s.created_at),
      lastActivityAt: toDate(s.last_activity_at),
      lastActivityEditor: s.last_activity_editor ?? null,
      pendingCancellationDate: s.pending_cancellation_date ? s.pending_cancellation_date.slice(0, 10) : null,
    });
  }
  return { seats: [...byLogin.values()].sort((a, b) => a.login.localeCompare(b.login)), skipped };
}

const DAY_MS = 86_400_000;

/**
 * Whether a seat is idle at `asOf`: its last activity is `idleDays` or more days old, or it never
 * showed activity and was assigned at least `idleDays` ago (a seat assigned yesterday is not idle yet;
 * one with no assignment date and no activity is). `daysSinceActivity` is null without any activity.
 */
export function seatIdleness(seat: Pick<CopilotSeat, 'assignedAt' | 'lastActivityAt'>, asOf: Date, idleDays: number = DEFAULT_IDLE_DAYS): { isIdle: boolean; daysSinceActivity: number | null } {
  const daysSince = (d: Date) => Math.floor((asOf.getTime() - d.getTime()) / DAY_MS);
  if (seat.lastActivityAt) {
    const days = daysSince(seat.lastActivityAt);
    return { isIdle: days >= idleDays, daysSinceActivity: Math.max(0, days) };
  }
  return { isIdle: seat.assignedAt ? daysSince(seat.assignedAt) >= idleDays : true, daysSinceActivity: null };
}
