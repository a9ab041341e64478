import { getJson, type HttpOptions } from '../http.ts';
import { parseSeatsPage, type VendorSeat } from './mapper.ts';

export const GITHUB_DEFAULT_BASE_URL = 'https://api.github.com';
const VENDOR = 'GitHub API';
const PER_PAGE = 100;
const MAX_PAGES = 1000;

export type CopilotClient = Readonly<{ listSeats: () => Promise<VendorSeat[]> }>;

/** HTTP client of GitHub's Copilot seat management API (org owners' token, REST version 2022-11-28). */
export function createCopilotClient(options: { token: string; org: string; baseUrl?: string; http?: HttpOptions }): CopilotClient {
  const base = (options.baseUrl ?? GITHUB_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const headers = { accept: 'application/vnd.github+json', authorization: `Bearer ${options.token}`, 'x-github-api-version': '2022-11-28' };
  return {
    /** Every billed seat: `page`/`per_page` until `total_seats` are read or a page comes back empty. */
    async listSeats() {
      const seats: VendorSeat[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const url = `${base}/orgs/${encodeURIComponent(options.org)}/copilot/billing/seats?page=${page}&per_page=${PER_PAGE}`;
        const body = parseSeatsPage(await getJson(VENDOR, url, headers, options.http));
        seats.push(...body.seats);
        if (body.seats.length === 0 || seats.length >= body.total_seats) return seats;
      }
      throw new Error(`${VENDOR}: Copilot seats returned more than ${MAX_PAGES} pages`);
    },
  };
}
