import { z } from 'zod';
import { mergeUsage, ZERO_USAGE, type UsageRecord } from '../../domain/usage.ts';

/**
 * Anthropic Admin API → Seatwise (pure). Response schemas are lenient about fields we do not use and
 * strict about the ones we do, so a changed vendor shape fails the sync loudly instead of writing zeros.
 *
 * Units: cost_report `amount` is a decimal string in cents; claude_code `estimated_cost.amount` is in
 * cents. Seatwise keeps USD with four decimals (`UsageMetrics.costUsd`).
 */

/** usage_daily source of API traffic from the messages usage report. */
export const ANTHROPIC_API_SOURCE = 'anthropic_api';
/** usage_daily source of the Claude Code usage report. */
export const CLAUDE_CODE_ADMIN_SOURCE = 'claude_code_admin';

const count = z
  .number()
  .nonnegative()
  .nullish()
  .transform((v) => Math.round(v ?? 0));
const idOrNull = z.string().nullish().transform((v) => v ?? null);
const decimal = z.union([z.string().regex(/^-?\d+(\.\d+)?$/, { error: 'must be a decimal string' }), z.number().finite()]);

export const UsersPageSchema = z.object({
  data: z.array(z.object({ id: z.string(), email: z.string(), name: z.string().nullish(), role: z.string().nullish() })),
  has_more: z.boolean(),
  last_id: z.string().nullish(),
});
export type AnthropicUser = z.infer<typeof UsersPageSchema>['data'][number];

const bucketPage = <T extends z.ZodType>(result: T) =>
  z.object({
    data: z.array(z.object({ starting_at: z.string(), ending_at: z.string(), results: z.array(result) })),
    has_more: z.boolean(),
    next_page: z.string().nullish(),
  });

export const MessagesUsagePageSchema = bucketPage(
  z.object({
    account_id: idOrNull,
    api_key_id: idOrNull,
    service_account_id: idOrNull,
    workspace_id: idOrNull,
    model: idOrNull,
    uncached_input_tokens: count,
    cache_read_input_tokens: count,
    cache_creation: z.object({ ephemeral_1h_input_tokens: count, ephemeral_5m_input_tokens: count }).nullish(),
    output_tokens: count,
  }),
);
export type MessagesUsageBucket = z.infer<typeof MessagesUsagePageSchema>['data'][number];

export const CostReportPageSchema = bucketPage(
  z.object({ amount: decimal, currency: z.string().nullish(), workspace_id: idOrNull, cost_type: idOrNull, description: idOrNull }),
);
export type CostReportBucket = z.infer<typeof CostReportPageSchema>['data'][number];

export const ClaudeCodePageSchema = z.object({
  data: z.array(
    z.object({
      date: z.string(),
      actor: z.discriminatedUnion('type', [
        z.object({ type: z.literal('user_actor'), email_address: z.string() }),
        z.object({ type: z.literal('api_actor'), api_key_name: z.string() }),
      ]),
      customer_type: z.string().nullish(),
      terminal_type: z.string().nullish(),
      core_metrics: z
        .object({
          num_sessions: count,
          lines_of_code: z.object({ added: count, removed: count }).nullish(),
          commits_by_claude_code: count,
          pull_requests_by_claude_code: count,
        })
        .nullish(),
      model_breakdown: z
        .array(
          z.object({
            model: z.string().nullish(),
            tokens: z.object({ input: count, output: count, cache_read: count, cache_creation: count }).nullish(),
            estimated_cost: z.object({ currency: z.string().nullish(), amount: decimal }).nullish(),
          }),
        )
        .nullish(),
    }),
  ),
  has_more: z.boolean(),
  next_page: z.string().nullish(),
});
export type ClaudeCodeRecord = z.infer<typeof ClaudeCodePageSchema>['data'][number];

/** Parses one vendor page, naming the report and the first bad field when the shape is not what we expect. */
export function parsePage<T extends z.ZodType>(schema: T, report: string, json: unknown): z.infer<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`Unexpected ${report} response: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`);
}

// Money: amounts are summed exactly in millionths of a cent, then rounded (half away from zero) to
// ten-thousandths of a dollar.
const MICRO = 6;

function toMicroCents(amount: string | number): bigint {
  const text = typeof amount === 'number' ? amount.toFixed(MICRO) : amount.trim();
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, fraction = ''] = match;
  let value = BigInt(whole!) * 10n ** BigInt(MICRO) + BigInt((fraction + '0'.repeat(MICRO)).slice(0, MICRO));
  if (Number(fraction[MICRO] ?? '0') >= 5) value += 1n;
  return sign ? -value : value;
}

/** Sum of amounts in cents (decimal strings or numbers) as USD with four decimals ("18.4350"). */
export function centsToUsd(amounts: ReadonlyArray<string | number>): string {
  const micro = amounts.reduce<bigint>((sum, a) => sum + toMicroCents(a), 0n);
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  // USD·10⁴ = cents·10² = microcents / 10⁴.
  const scaled = abs / 10_000n + (abs % 10_000n >= 5_000n ? 1n : 0n);
  const text = `${scaled / 10_000n}.${(scaled % 10_000n).toString().padStart(4, '0')}`;
  return negative && scaled > 0n ? `-${text}` : text;
}

/** Exact sum of USD decimal strings, four places ("20.0000"). */
export function sumUsd(values: readonly string[]): string {
  return centsToUsd(
    values.map((usd) => {
      const match = /^(-)?(\d+)(?:\.(\d*))?$/.exec(usd.trim());
      if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(usd)}`);
      const [, sign = '', whole, fraction = ''] = match;
      const padded = fraction.padEnd(2, '0');
      return `${sign}${whole}${padded.slice(0, 2)}${padded.length > 2 ? `.${padded.slice(2)}` : ''}`;
    }),
  );
}

/** Account id → email from the organization's member list. */
export function mapAccountEmails(users: readonly AnthropicUser[]): Map<string, string> {
  return new Map(users.map((u) => [u.id, u.email.trim().toLowerCase()]));
}

/**
 * Identity of a messages-report row: the member's email when the account is a known member; otherwise
 * a prefixed vendor id an admin can link to a person (never dropped).
 */
export function messagesIdentity(row: MessagesUsageBucket['results'][number], accounts: ReadonlyMap<string, string>): string {
  if (row.account_id) return accounts.get(row.account_id) ?? `anthropic-account:${row.account_id}`;
  if (row.service_account_id) return `anthropic-service-account:${row.service_account_id}`;
  if (row.api_key_id) return `anthropic-api-key:${row.api_key_id}`;
  return 'anthropic:unattributed';
}

/**
 * API traffic per identity per UTC day (source `anthropic_api`). Input tokens include cache reads and
 * cache writes; the legacy report has no request count or cost, so `messages` and `costUsd` stay 0 (org
 * cost comes from the cost report). Rows of one identity and day are summed (one per key/model).
 */
export function mapMessagesUsage(buckets: readonly MessagesUsageBucket[], accounts: ReadonlyMap<string, string>): UsageRecord[] {
  const records: UsageRecord[] = [];
  for (const bucket of buckets) {
    const day = bucket.starting_at.slice(0, 10);
    for (const row of bucket.results) {
      const inputTokens = row.uncached_input_tokens + row.cache_read_input_tokens + (row.cache_creation?.ephemeral_1h_input_tokens ?? 0) + (row.cache_creation?.ephemeral_5m_input_tokens ?? 0);
      if (inputTokens === 0 && row.output_tokens === 0) continue;
      records.push({ identity: messagesIdentity(row, accounts), day, source: ANTHROPIC_API_SOURCE, metrics: { ...ZERO_USAGE, inputTokens, outputTokens: row.output_tokens, costUsd: '0.0000' } });
    }
  }
  return mergeUsage(records);
}

/** Organization cost of one UTC day: the total and the share of each workspace (`default` when none). */
export type DailyCost = Readonly<{ day: string; totalUsd: string; workspaces: Readonly<Record<string, string>> }>;

/** Cost report buckets → one total per day (and per workspace); amounts are cents in, USD out. */
export function mapCostReport(buckets: readonly CostReportBucket[]): DailyCost[] {
  const byDay = new Map<string, Map<string, Array<string | number>>>();
  for (const bucket of buckets) {
    const day = bucket.starting_at.slice(0, 10);
    const workspaces = byDay.get(day) ?? new Map<string, Array<string | number>>();
    byDay.set(day, workspaces);
    for (const row of bucket.results) {
      const key = row.workspace_id ?? 'default';
      workspaces.set(key, [...(workspaces.get(key) ?? []), row.amount]);
    }
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, workspaces]) => ({
      day,
      totalUsd: centsToUsd([...workspaces.values()].flat()),
      workspaces: Object.fromEntries([...workspaces.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, amounts]) => [id, centsToUsd(amounts)])),
    }));
}

/** Identity of a Claude Code actor: the user's email, or the API key's name (linkable by an admin). */
export function claudeCodeIdentity(actor: ClaudeCodeRecord['actor']): string {
  return actor.type === 'user_actor' ? actor.email_address : `anthropic-api-key-name:${actor.api_key_name}`;
}

/**
 * Claude Code usage per identity per UTC day (source `claude_code_admin`): sessions, lines, commits,
 * pull requests, tokens (input includes cache reads and writes) and estimated cost (cents → USD).
 * Records of one actor and day (one per terminal type) are summed.
 */
export function mapClaudeCodeUsage(records: readonly ClaudeCodeRecord[]): UsageRecord[] {
  return mergeUsage(
    records.map((r) => {
      const models = r.model_breakdown ?? [];
      const core = r.core_metrics;
      return {
        identity: claudeCodeIdentity(r.actor),
        day: r.date.slice(0, 10),
        source: CLAUDE_CODE_ADMIN_SOURCE,
        metrics: {
          ...ZERO_USAGE,
          sessions: core?.num_sessions ?? 0,
          linesAdded: core?.lines_of_code?.added ?? 0,
          linesRemoved: core?.lines_of_code?.removed ?? 0,
          commits: core?.commits_by_claude_code ?? 0,
          pullRequests: core?.pull_requests_by_claude_code ?? 0,
          inputTokens: models.reduce((n, m) => n + (m.tokens ? m.tokens.input + m.tokens.cache_read + m.tokens.cache_creation : 0), 0),
          outputTokens: models.reduce((n, m) => n + (m.tokens?.output ?? 0), 0),
          costUsd: centsToUsd(models.map((m) => m.estimated_cost?.amount ?? 0)),
        },
      };
    }),
  );
}
