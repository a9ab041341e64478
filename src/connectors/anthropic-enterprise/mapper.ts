import { z } from 'zod';
import { mergeUsage, normalizeIdentity, ZERO_USAGE, type UsageRecord } from '../../domain/usage.ts';
import { centsToUsd } from '../anthropic/mapper.ts';

/**
 * Claude Enterprise Analytics API → Seatwise (pure). Seat users' activity per UTC day, across claude.ai
 * chat and Claude Code, plus (optionally) their cost.
 *
 * Where the shapes come from: the official TypeScript SDK's generated types
 * (`src/resources/beta/organization/analytics/{analytics,users,user-cost-report}.ts`, read Nov 2026),
 * not from live responses. Confirmed there, and relied on:
 * - envelope `{ data[], has_more, next_page }`, next page requested with `page=<next_page>` (the SDK's
 *   `PageCursor`: it stops when `has_more` is false or `next_page` is empty);
 * - `GET /v1/organizations/analytics/users?date=YYYY-MM-DD`: one row per user, `user { id, email_address,
 *   type }` (null on aggregated rows), `chat_metrics.message_count`,
 *   `claude_code_metrics.core_metrics { commit_count, pull_request_count, distinct_session_count (nullable),
 *   lines_of_code { added_count, removed_count } }`;
 * - `GET /v1/organizations/analytics/user_cost_report`: rows `{ actor { type: 'user_actor', user_id,
 *   email_address (null for deleted accounts), name, deleted }, amount, list_amount, currency,
 *   starting_at, ending_at, … }` where `amount` is a string of fractional cents (post-discount,
 *   pre-credit) and `starting_at` is the day bucket when `bucket_width=1d` is sent.
 * Not confirmed: the page size limits, whether `has_more` is always present (treated as optional), the
 * exact error body of a "date too recent" answer (only its 4xx status is used), and whether the API
 * wants a beta header (none is sent; the SDK marks these resources beta with a `beta=true` query flag).
 * Not used: cowork/design/office/science metrics, web searches, tool acceptance, thinking messages.
 *
 * Schemas are strict about the fields Seatwise reads and lenient about the rest, so a changed vendor
 * shape fails the sync loudly instead of writing zeros.
 */

/** usage_daily source of the Enterprise Analytics API (chat and Claude Code activity of seat users). */
export const ANTHROPIC_ENTERPRISE_SOURCE = 'anthropic_enterprise';

const count = z.number().int().nonnegative();
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, { error: 'must be a decimal string' });

export const UserActivityPageSchema = z.object({
  data: z.array(
    z.object({
      user: z.object({ id: z.string(), email_address: z.string().nullish() }).nullish(),
      chat_metrics: z.object({ message_count: count }),
      claude_code_metrics: z.object({
        core_metrics: z.object({
          commit_count: count,
          pull_request_count: count,
          distinct_session_count: count.nullable(),
          lines_of_code: z.object({ added_count: count, removed_count: count }),
        }),
      }),
    }),
  ),
  has_more: z.boolean().optional(),
  next_page: z.string().nullish(),
});
export type UserActivity = z.infer<typeof UserActivityPageSchema>['data'][number];

export const UserCostPageSchema = z.object({
  data: z.array(
    z.object({
      actor: z.object({ type: z.literal('user_actor'), user_id: z.string(), email_address: z.string().nullish() }),
      amount: decimal,
      currency: z.string(),
      starting_at: z.string().nullish(),
    }),
  ),
  has_more: z.boolean().optional(),
  next_page: z.string().nullish(),
});
export type UserCost = z.infer<typeof UserCostPageSchema>['data'][number];

/** One requested day and the activity rows the vendor returned for it. */
export type ActivityDay = Readonly<{ day: string; users: readonly UserActivity[] }>;

/** Identity of a user without an email (a deleted account): their tagged id, linkable by an admin. */
const userIdIdentity = (userId: string) => `anthropic-user:${userId}`;

/**
 * Per-user, per-day usage (source `anthropic_enterprise`): messages = chat messages sent; sessions,
 * commits, pull requests and lines from Claude Code; cost (when cost rows are given) = the user's
 * amount for the day, fractional cents summed exactly then kept to 1/10,000 USD. Users are identified
 * by email; a cost row without an email takes the email of the same user id from the activity rows,
 * else `anthropic-user:<id>`. Aggregated rows (no user) and days with nothing at all are left out.
 */
export function mapEnterpriseUsage(input: { days: readonly ActivityDay[]; costs?: readonly UserCost[] }): UsageRecord[] {
  const emails = new Map<string, string>();
  const records: UsageRecord[] = [];
  for (const { day, users } of input.days) {
    for (const row of users) {
      if (!row.user) continue;
      const email = row.user.email_address?.trim();
      if (email) emails.set(row.user.id, email);
      const core = row.claude_code_metrics.core_metrics;
      const metrics = {
        ...ZERO_USAGE,
        messages: row.chat_metrics.message_count,
        sessions: core.distinct_session_count ?? 0,
        commits: core.commit_count,
        pullRequests: core.pull_request_count,
        linesAdded: core.lines_of_code.added_count,
        linesRemoved: core.lines_of_code.removed_count,
        costUsd: '0.0000',
      };
      if (Object.values(metrics).every((v) => v === 0 || v === '0.0000')) continue;
      records.push({ identity: email || userIdIdentity(row.user.id), day, source: ANTHROPIC_ENTERPRISE_SOURCE, metrics });
    }
  }
  const amounts = new Map<string, { identity: string; day: string; cents: string[] }>();
  for (const row of input.costs ?? []) {
    if (row.currency !== 'USD') throw new Error(`Unexpected user cost report currency ${row.currency} for ${row.actor.user_id} (only USD is supported)`);
    if (!row.starting_at) throw new Error('Unexpected user cost report row without starting_at (the day bucket); was bucket_width=1d sent?');
    const identity = normalizeIdentity(row.actor.email_address?.trim() || emails.get(row.actor.user_id) || userIdIdentity(row.actor.user_id));
    const day = row.starting_at.slice(0, 10);
    const key = `${identity}\u0000${day}`;
    const entry = amounts.get(key) ?? { identity, day, cents: [] };
    entry.cents.push(row.amount);
    amounts.set(key, entry);
  }
  for (const { identity, day, cents } of amounts.values()) {
    const costUsd = centsToUsd(cents);
    if (costUsd === '0.0000') continue;
    records.push({ identity, day, source: ANTHROPIC_ENTERPRISE_SOURCE, metrics: { ...ZERO_USAGE, costUsd } });
  }
  // Activity and cost of one user and day become one record.
  return mergeUsage(records).sort((a, b) => a.day.localeCompare(b.day) || a.identity.localeCompare(b.identity));
}
