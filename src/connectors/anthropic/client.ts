import { addDays } from '../../domain/dates.ts';
import { getJson, type HttpOptions } from '../http.ts';
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

  /** Follows `next_page` until `has_more` is false; returns every item of every page. */
  async function allPages<T>(path: string, report: string, params: ReadonlyArray<readonly [string, string]>, parse: (json: unknown) => { data: T[]; has_more: boolean; next_page?: string | null | undefined }): Promise<T[]> {
    const items: T[] = [];
    let page: string | undefined;
    for (let n = 0; n < MAX_PAGES; n++) {
      const body = parse(await get(path, page ? [...params, ['page', page]] : params));
      items.push(...body.data);
      if (!body.has_more || !body.next_page) return items;
      page = body.next_page;
    }
    throw new Error(`${VENDOR}: ${report} returned more than ${MAX_PAGES} pages`);
  }

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
      allPages('/v1/organizations/usage_report/messages', 'messages usage report', [...bucketRange(range), ['group_by[]', 'account_id'], ['group_by[]', 'api_key_id']], (json) =>
        parsePage(MessagesUsagePageSchema, 'messages usage report', json),
      ),
    costReport: (range) =>
      allPages('/v1/organizations/cost_report', 'cost report', [...bucketRange(range), ['group_by[]', 'workspace_id']], (json) => parsePage(CostReportPageSchema, 'cost report', json)),
    claudeCodeUsage: (day) =>
      allPages('/v1/organizations/usage_report/claude_code', 'Claude Code usage report', [['starting_at', day], ['limit', '1000']], (json) => parsePage(ClaudeCodePageSchema, 'Claude Code usage report', json)),
  };
}
