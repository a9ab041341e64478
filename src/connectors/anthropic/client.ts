import { addDays } from '../../domain/dates.ts';
import { allPages, getJson, type CursorPage, type HttpOptions } from '../http.ts';
import {
  ClaudeCodePageSchema,
  CostReportPageSchema,
  MessagesUsagePageSchema,
  parsePage,
  UsersPageSchema,
  type AnthropicUser,
  type ClaudeCodeRecord,
  type CostReportBucket,
  type MessagesUsageBucket,
} from './mapper.ts';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
const VENDOR = 'Anthropic Admin API';
/** A runaway cursor must not loop forever. */
const MAX_PAGES = 1000;

/** Inclusive range of UTC days, 'YYYY-MM-DD'. */
export type DayRange = Readonly<{ from: string; to: string }>;

export type AnthropicAdminClient = Readonly<{
  listUsers: () => Promise<AnthropicUser[]>;
  messagesUsage: (range: DayRange) => Promise<MessagesUsageBucket[]>;
  costReport: (range: DayRange) => Promise<CostReportBucket[]>;
  claudeCodeUsage: (day: string) => Promise<ClaudeCodeRecord[]>;
}>;

/**
 * HTTP client of the Anthropic Admin API (x-api-key + anthropic-version). Follows every page:
 * `page`/`next_page`/`has_more` for reports, `after_id`/`limit` for members.
 */
export function createAnthropicAdminClient(options: { adminKey: string; baseUrl?: string; http?: HttpOptions }): AnthropicAdminClient {
  const base = (options.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const headers = { 'x-api-key': options.adminKey, 'anthropic-version': '2023-06-01' };
  const get = (path: string, params: ReadonlyArray<readonly [string, string]>) => {
    const query = new URLSearchParams(params.map(([k, v]) => [k, v])).toString();
    return getJson(VENDOR, `${base}${path}${query ? `?${query}` : ''}`, headers, options.http);
  };

  /** Every item of every page of a report (`has_more` is always given here). */
  const reportPages = <T>(path: string, report: string, params: ReadonlyArray<readonly [string, string]>, parse: (json: unknown) => CursorPage<T>): Promise<T[]> =>
    allPages(VENDOR, report, async (page) => parse(await get(path, page ? [...params, ['page', page]] : params)), MAX_PAGES);

  const bucketRange = (range: DayRange): Array<[string, string]> => [
    ['starting_at', `${range.from}T00:00:00Z`],
    ['ending_at', `${addDays(range.to, 1)}T00:00:00Z`],
    ['bucket_width', '1d'],
    ['limit', '31'],
  ];

  return {
    async listUsers() {
      const users: AnthropicUser[] = [];
      let afterId: string | undefined;
      for (let n = 0; n < MAX_PAGES; n++) {
        const body = parsePage(UsersPageSchema, 'organization users', await get('/v1/organizations/users', [['limit', '1000'], ...(afterId ? [['after_id', afterId] as const] : [])]));
        users.push(...body.data);
        const last = body.last_id ?? body.data.at(-1)?.id;
        if (!body.has_more || !last) return users;
        afterId = last;
      }
      throw new Error(`${VENDOR}: organization users returned more than ${MAX_PAGES} pages`);
    },
    messagesUsage: (range) =>
      reportPages('/v1/organizations/usage_report/messages', 'messages usage report', [...bucketRange(range), ['group_by[]', 'account_id'], ['group_by[]', 'api_key_id']], (json) =>
        parsePage(MessagesUsagePageSchema, 'messages usage report', json),
      ),
    costReport: (range) =>
      reportPages('/v1/organizations/cost_report', 'cost report', [...bucketRange(range), ['group_by[]', 'workspace_id']], (json) => parsePage(CostReportPageSchema, 'cost report', json)),
    claudeCodeUsage: (day) =>
      reportPages('/v1/organizations/usage_report/claude_code', 'Claude Code usage report', [['starting_at', day], ['limit', '1000']], (json) => parsePage(ClaudeCodePageSchema, 'Claude Code usage report', json)),
  };
}
