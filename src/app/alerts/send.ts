import { emailMessage, slackPayload, type AlertKind, type Severity } from '../../domain/guardrails/alerts.ts';
import type { ChannelSettings } from './channels.ts';

export type OutgoingAlert = Readonly<{ title: string; body: string; severity: Severity; kind: AlertKind; level: number }>;

const TIMEOUT_MS = 10_000;

/**
 * Sends one alert through one channel: a Slack-compatible JSON POST (`text` and `blocks`), or an e-mail
 * over SMTP. Throws with a short reason on any failure (non-2xx answer, refused connection, timeout).
 */
export async function sendThroughChannel(settings: ChannelSettings, alert: OutgoingAlert): Promise<void> {
  if (settings.kind === 'webhook') {
    const response = await fetch(settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(slackPayload(alert)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
    return;
  }
  // Loaded on the first e-mail, not by every process that can send alerts.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.pass ?? '' } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const message = emailMessage(alert);
    await transport.sendMail({ from: settings.from, to: settings.to, subject: message.subject, text: message.text });
  } finally {
    transport.close();
  }
}
