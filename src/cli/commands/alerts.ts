import type { Command } from 'commander';
import { addAlertChannel, ChannelSettingsSchema, removeAlertChannel, type ChannelSettings } from '../../app/alerts/channels.ts';
import { runGuardrails } from '../../app/alerts/evaluate.ts';
import { acknowledgeAlert, getBurn, listAlerts } from '../../app/alerts/queries.ts';
import { sendTestAlert } from '../../app/alerts/test-alert.ts';
import { AUDIENCES, type Audience } from '../../domain/guardrails/alerts.ts';
import { centsToDecimal } from '../../domain/money.ts';
import { AppError } from '../../errors.ts';
import { resolveSecret } from '../../config/secret.ts';
import { formatTable, reportCliError } from '../output.ts';
import { argumentsOk, cliActor, jsonBody, localDepartmentId, parseFormat, printJson, readStdin, remoteDepartmentId, type ServerClient, uuidArgument, withRuntime } from '../run.ts';

type DeliveryLine = { channelName: string | null; target: string; status: string; error: string | null };
type AlertLine = { id: string; createdAt: string; severity: string; kind: string; title: string; acknowledgedAt: string | null; escalationLevel: number };



function printDeliveries(results: readonly DeliveryLine[]): void {
  const channels = results.filter((r) => r.target.startsWith('channel:'));
  process.stdout.write(`${formatTable(['CHANNEL', 'STATUS', 'ERROR'], channels.map((r) => [r.channelName ?? r.target, r.status, r.error ?? '']))}\n`);
  if (channels.some((r) => r.status === 'failed')) process.exitCode = 1;
}

function printAlerts(items: readonly AlertLine[], format: 'json' | 'table'): void {
  if (format === 'json') return printJson({ items });
  process.stdout.write(`${formatTable(['RAISED', 'SEVERITY', 'KIND', 'TITLE', 'ACK', 'LEVEL', 'ID'], items.map((a) => [a.createdAt.slice(0, 16).replace('T', ' '), a.severity, a.kind, a.title, a.acknowledgedAt ? 'yes' : 'no', a.escalationLevel, a.id]))}\n`);
}

export function registerAlertCommands(program: Command): void {
  const alerts = program.command('alerts').description('Burn-rate guardrails: budget thresholds, cost surges, alert channels');

  alerts
    .command('list')
    .description('Alert history, newest first')
    .option('--status <status>', 'open, acknowledged or all', 'all')
    .option('--limit <n>', 'how many', '50')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { status: string; limit: string; format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      if (!['open', 'acknowledged', 'all'].includes(options.status)) return reportCliError(new AppError('VALIDATION_FAILED', { message: `--status must be open, acknowledged or all (got ${options.status})` }));
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) return reportCliError(new AppError('VALIDATION_FAILED', { message: `--limit must be an integer from 1 to 500 (got ${options.limit})` }));
      const status = options.status as 'open' | 'acknowledged' | 'all';
      return withRuntime(
        'alerts list',
        async (runtime) => {
          const page = await listAlerts(runtime.ctx, await cliActor(runtime), { status }, { limit, offset: 0 });
          printAlerts(page.items.map((a) => ({ id: a.id, createdAt: a.createdAt.toISOString(), severity: a.severity, kind: a.kind, title: a.title, acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null, escalationLevel: a.escalationLevel })), format);
        },
        async (client) => printAlerts(((await client('GET', `/api/alerts?status=${status}&limit=${limit}`)) as { items: AlertLine[] }).items, format),
      );
    });

  alerts
    .command('ack <id>')
    .description('Acknowledge an alert (stops its escalation)')
    .option('--note <text>', 'what was done about it')
    .action(async (id: string, options: { note?: string }) => {
      if (!(await argumentsOk(() => uuidArgument(id)))) return;
      return withRuntime(
        'alerts ack',
        async (runtime) => {
          const alert = await acknowledgeAlert(runtime.ctx, await cliActor(runtime), { alertId: id, note: options.note ?? null });
          process.stdout.write(`Acknowledged: ${alert.title}\n`);
        },
        async (client) => {
          const alert = (await client('POST', `/api/alerts/${encodeURIComponent(id)}/acknowledge`, jsonBody({ note: options.note }))) as { title: string };
          process.stdout.write(`Acknowledged: ${alert.title}\n`);
        },
      );
    });

  alerts
    .command('burn')
    .description("This month's spend to date against budget pace, per department and for the organization")
    .option('--format <format>', 'json or table', 'table')
    .action((options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      type BurnRow = { name: string; owner: string | null; budget: string | null; spent: string; paceToDate: string | null; projected: string; percentUsed: number | null; status: string; isAutoApprovalPaused: boolean };
      const show = (period: string, today: string, rows: BurnRow[]) => {
        if (format === 'json') return printJson({ period, today, scopes: rows });
        process.stdout.write(`Budget period ${period}, through ${today}\n${formatTable(['BUDGET', 'OWNER', 'BUDGET USD', 'SPENT', 'PACE TO DATE', 'PROJECTED', 'USED %', 'STATUS'], rows.map((r) => [r.name, r.owner ?? '—', r.budget ?? '—', r.spent, r.paceToDate ?? '—', r.projected, r.percentUsed ?? '—', `${r.status}${r.isAutoApprovalPaused ? ' (auto-approval paused)' : ''}`]))}\n`);
      };
      return withRuntime(
        'alerts burn',
        async (runtime) => {
          const view = await getBurn(runtime.ctx, await cliActor(runtime));
          const rows = view.scopes.map((s) => ({ name: s.name, owner: s.ownerName, budget: s.burn.budgetCents === null ? null : centsToDecimal(s.burn.budgetCents), spent: centsToDecimal(s.burn.spentCents), paceToDate: s.burn.paceToDateCents === null ? null : centsToDecimal(s.burn.paceToDateCents), projected: centsToDecimal(s.burn.projectedCents), percentUsed: s.burn.percentUsed, status: s.burn.status, isAutoApprovalPaused: s.departmentId !== null && view.pausedDepartmentIds.includes(s.departmentId) }));
          show(view.picture.period, view.picture.today, rows);
        },
        async (client) => {
          const view = (await client('GET', '/api/alerts/burn')) as { period: string; today: string; scopes: BurnRow[] };
          show(view.period, view.today, view.scopes.map(({ name, owner, budget, spent, paceToDate, projected, percentUsed, status, isAutoApprovalPaused }) => ({ name, owner, budget, spent, paceToDate, projected, percentUsed, status, isAutoApprovalPaused })));
        },
      );
    });

  alerts
    .command('evaluate')
    .description('Evaluate the guardrails now and deliver what they raise (the server does it hourly)')
    .action(() =>
      withRuntime(
        'alerts evaluate',
        async (runtime) => {
          const run = await runGuardrails(runtime.ctx, (await cliActor(runtime)).orgId, { secret: resolveSecret(runtime.config) });
          process.stdout.write(`${run.raised.length} alert(s) raised, ${run.escalated} escalated${run.paused.length ? `, auto-approval paused for ${run.paused.join(', ')}` : ''}\n`);
          for (const a of run.raised) process.stdout.write(`  ${a.severity.padEnd(8)} ${a.title}\n`);
          if (run.deliveries.some((d) => d.status !== 'already_sent')) printDeliveries(run.deliveries.filter((d) => d.status !== 'already_sent'));
        },
        async (client) => {
          const run = (await client('POST', '/api/alerts/evaluate', jsonBody({}))) as { raised: Array<{ title: string }>; escalated: number; paused: string[]; deliveries: DeliveryLine[] };
          process.stdout.write(`${run.raised.length} alert(s) raised, ${run.escalated} escalated\n`);
          for (const a of run.raised) process.stdout.write(`  ${a.title}\n`);
          printDeliveries(run.deliveries.filter((d) => d.status !== 'already_sent'));
        },
      ),
    );

  alerts
    .command('test')
    .description('Send a test alert to every enabled channel and report each one')
    .action(() =>
      withRuntime(
        'alerts test',
        async (runtime) => printDeliveries((await sendTestAlert(runtime.ctx, await cliActor(runtime), { secret: resolveSecret(runtime.config) })).results),
        async (client) => printDeliveries(((await client('POST', '/api/alert-channels/test', jsonBody({}))) as { results: DeliveryLine[] }).results),
      ),
    );

  registerChannelCommands(alerts.command('channels').description('Where alerts go: Slack-compatible webhooks and SMTP e-mail'));
}

type ChannelLine = { id: string; name: string; kind: string; audience: string; target: string; isEnabled: boolean };

function registerChannelCommands(channels: Command): void {
  channels
    .command('list')
    .description('Configured channels (secrets are never shown)')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      const print = (items: readonly ChannelLine[]): void => {
        if (format === 'json') return printJson({ items });
        process.stdout.write(`${formatTable(['NAME', 'KIND', 'AUDIENCE', 'TARGET', 'ENABLED', 'ID'], items.map((c) => [c.name, c.kind, c.audience, c.target, c.isEnabled ? 'yes' : 'no', c.id]))}\n`);
      };
      return withRuntime(
        'alerts channels list',
        async (runtime) => print((await runtime.ctx.repos.alerts.listChannels((await cliActor(runtime)).orgId)).map((c) => ({ id: c.id, name: c.name, kind: c.kind, audience: c.audience, target: c.targetHint, isEnabled: c.isEnabled }))),
        async (client: ServerClient) => print(((await client('GET', '/api/alert-channels')) as { items: ChannelLine[] }).items),
      );
    });

  channels
    .command('add')
    .description('Add a channel. The webhook URL or the SMTP password is read from stdin (never from the command line) and stored encrypted')
    .requiredOption('--name <name>', 'a unique name, e.g. "Finance room"')
    .requiredOption('--audience <audience>', AUDIENCES.join(', '))
    .option('--department <name>', 'only this department’s alerts (department_lead channels)')
    .option('--webhook-url-stdin', 'a Slack-compatible incoming webhook; its URL is read from stdin')
    .option('--email <addresses>', 'comma-separated recipients, sent over SMTP')
    .option('--smtp-host <host>', 'SMTP server')
    .option('--smtp-port <port>', 'SMTP port', '587')
    .option('--smtp-secure', 'TLS from the start (port 465)')
    .option('--smtp-user <user>', 'SMTP user')
    .option('--smtp-pass-stdin', 'read the SMTP password from stdin')
    .option('--from <address>', 'sender address')
    .action(async (options: { name: string; audience: string; department?: string; webhookUrlStdin?: boolean; email?: string; smtpHost?: string; smtpPort: string; smtpSecure?: boolean; smtpUser?: string; smtpPassStdin?: boolean; from?: string }) => {
      let settings: ChannelSettings;
      try {
        if (!(AUDIENCES as readonly string[]).includes(options.audience)) throw new AppError('VALIDATION_FAILED', { message: `--audience must be one of ${AUDIENCES.join(', ')} (got ${options.audience})` });
        if (Boolean(options.webhookUrlStdin) === Boolean(options.email)) throw new AppError('VALIDATION_FAILED', { message: 'Give exactly one of --webhook-url-stdin or --email' });
        const raw = options.webhookUrlStdin
          ? { kind: 'webhook', url: await readStdin('webhook URL') }
          : { kind: 'email', host: options.smtpHost, port: Number(options.smtpPort), secure: Boolean(options.smtpSecure), from: options.from, to: options.email!.split(',').map((s) => s.trim()).filter(Boolean), ...(options.smtpUser ? { user: options.smtpUser } : {}), ...(options.smtpPassStdin ? { pass: await readStdin('SMTP password') } : {}) };
        const parsed = ChannelSettingsSchema.safeParse(raw);
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', { message: parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ') });
        settings = parsed.data;
      } catch (error) {
        return reportCliError(error);
      }
      const audience = options.audience as Audience;
      return withRuntime(
        'alerts channels add',
        async (runtime) => {
          const actor = await cliActor(runtime);
          const departmentId = options.department ? await localDepartmentId(runtime, actor.orgId, options.department) : null;
          const channel = await addAlertChannel(runtime.ctx, actor, { name: options.name, audience, departmentId, settings }, { secret: resolveSecret(runtime.config) });
          process.stdout.write(`Channel "${channel.name}" added: ${channel.targetHint}, for ${channel.audience} (settings stored encrypted). Try it: seatwise alerts test\n`);
        },
        async (client) => {
          const departmentId = options.department ? await remoteDepartmentId(client, options.department) : null;
          const channel = (await client('POST', '/api/alert-channels', jsonBody({ name: options.name, audience, departmentId, settings }))) as { name: string; target: string; audience: string };
          process.stdout.write(`Channel "${channel.name}" added: ${channel.target}, for ${channel.audience} (settings stored encrypted). Try it: seatwise alerts test\n`);
        },
      );
    });

  channels
    .command('remove <name>')
    .description('Remove a channel by name (its delivery history stays)')
    .action((name: string) =>
      withRuntime(
        'alerts channels remove',
        async (runtime) => {
          const actor = await cliActor(runtime);
          const channel = await runtime.ctx.repos.alerts.findChannelByName(actor.orgId, name);
          if (!channel) throw new AppError('NOT_FOUND', { message: `No alert channel named "${name}"` });
          await removeAlertChannel(runtime.ctx, actor, channel.id);
          process.stdout.write(`Channel "${channel.name}" removed\n`);
        },
        async (client) => {
          const { items } = (await client('GET', '/api/alert-channels')) as { items: Array<{ id: string; name: string }> };
          const channel = items.find((c) => c.name.toLowerCase() === name.toLowerCase());
          if (!channel) throw new AppError('NOT_FOUND', { message: `No alert channel named "${name}"` });
          await client('DELETE', `/api/alert-channels/${channel.id}`);
          process.stdout.write(`Channel "${channel.name}" removed\n`);
        },
      ),
    );
}
