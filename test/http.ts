import type { AppContext } from '../src/app/context.ts';
import { buildServer, type SeatwiseServer } from '../src/api/server.ts';

export type TestServer = Readonly<{ app: SeatwiseServer; baseUrl: string; close: () => Promise<void> }>;

/** The real server listening on a free loopback port. */
export async function startTestServer(ctx: AppContext, options: { isDemoLoginEnabled?: boolean; webDist?: string } = {}): Promise<TestServer> {
  const app = await buildServer({ ctx, secret: 'test-secret-test-secret-test-secret-0123', isDemoLoginEnabled: options.isDemoLoginEnabled ?? true, logLevel: 'silent', ...(options.webDist ? { webDist: options.webDist } : {}) });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, baseUrl: address, close: () => app.close() };
}

/** fetch with a bearer token; parses JSON bodies. */
export async function call(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; contentType?: string; cookie?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}
