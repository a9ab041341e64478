import { addDays } from '../../domain/dates.ts';
import { parsePage } from '../anthropic/mapper.ts';
import type { DayRange } from '../anthropic/client.ts';
import { allPages, getJson, type CursorPage, type HttpOptions } from '../http.ts';
import { UserActivityPageSchema, UserCostPageSchema, type UserActivity, type UserCost } from './mapper.ts';

export const ANTHROPIC_ENTERPRISE_DEFAULT_BASE_URL = 'https://api.anthropic.com';
const VENDOR = 'Claude Enterprise Analytics API';
/** A runaway cursor must not loop forever. */
const MAX_PAGES = 1000;
/** The user cost report accepts at most 31 days per request. */
export const COST_REPORT_MAX_DAYS = 31;

export type AnthropicEnterpriseClient = Readonly<{
  /** Every user's activity on one UTC day (`date` mode, not a range rollup). */
  userActivity: (day: string) => Promise<UserActivity[]>;
  /** Each user's cost per UTC day over the range (split into requests of at most 31 days). */
  userCosts: (range: DayRange) => Promise<UserCost[]>;
}>;

/**
 * HTTP client of the Claude Enterprise Analytics API: an Analytics API key (scope `read:analytics`,
 * created by the Primary Owner in claude.ai) in `x-api-key`, plus `anthropic-version`. Follows
 * `next_page` through `page` until it is empty or `has_more` is false; retries 429/5xx through
 * `fetchWithRetry`.
 */
export function createAnthropicEnterpriseClient(options: { apiKey: string; baseUrl?: string; http?: HttpOptions }): AnthropicEnterpriseClient {
  const base = (options.baseUrl ?? ANTHROPIC_ENTERPRISE_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const headers = { 'x-api-key': options.apiKey, 'anthropic-version': '2023-06-01' };

  const reportPages = <T>(path: string, report: string, params: ReadonlyArray<readonly [string, string]>, parse: (json: unknown) => CursorPage<T>): Promise<T[]> =>
    allPages(VENDOR, report, async (page) => {
      const query = new URLSearchParams((page ? [...params, ['page', page] as const] : params).map(([k, v]) => [k, v])).toString();
      return parse(await getJson(VENDOR, `${base}${path}?${query}`, headers, options.http));
    }, MAX_PAGES);

  return {
    userActivity: (day) =>
      reportPages('/v1/organizations/analytics/users', 'user activity report', [['date', day]], (json) => parsePage(UserActivityPageSchema, 'user activity report', json)),
    async userCosts(range) {
      const rows: UserCost[] = [];
      for (let from = range.from; from <= range.to; from = addDays(from, COST_REPORT_MAX_DAYS)) {
        const last = addDays(from, COST_REPORT_MAX_DAYS - 1) < range.to ? addDays(from, COST_REPORT_MAX_DAYS - 1) : range.to;
        const params: Array<[string, string]> = [
          ['starting_at', `${from}T00:00:00Z`],
          ['ending_at', `${addDays(last, 1)}T00:00:00Z`],
          ['bucket_width', '1d'],
        ];
        rows.push(...(await reportPages('/v1/organizations/analytics/user_cost_report', 'user cost report', params, (json) => parsePage(UserCostPageSchema, 'user cost report', json))));
      }
      return rows;
    },
  };
}
