import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type WebhookReceiver = Readonly<{ url: (path: string) => string; received: Array<{ path: string; body: any }>; failPaths: Set<string>; close: () => Promise<void> }>;

/** A local HTTP server acting as Slack-compatible incoming webhooks: records every POST, answers 500 on `failPaths`. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Array<{ path: string; body: any }> = [];
  const failPaths = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      if (failPaths.has(path)) {
        res.writeHead(500).end('boom');
        return;
      }
      received.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: (path) => `http://127.0.0.1:${port}${path}`, received, failPaths, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export type SmtpReceiver = Readonly<{ port: number; messages: Array<{ from: string; to: string[]; raw: string }>; close: () => Promise<void> }>;

/** A local SMTP server (no TLS, no auth) that keeps each message's envelope and raw DATA. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: Array<{ from: string; to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The Subject header of a raw message, unfolded. */
export function subjectOf(raw: string): string {
  const match = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw);
  return (match?.[1] ?? '').replace(/\r?\n[ \t]/g, ' ');
}

/** The message text after the headers, with quoted-printable soft breaks and escapes decoded. */
export function textOf(raw: string): string {
  const body = raw.slice(raw.search(/\r?\n\r?\n/) + 2);
  const isQuotedPrintable = /Content-Transfer-Encoding: quoted-printable/i.test(raw);
  if (!isQuotedPrintable) return body;
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
