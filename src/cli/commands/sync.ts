import type { Command } from 'commander';
import { configureAnthropic, configureAnthropicEnterprise, configureCopilot } from '../../app/connectors/configure.ts';
import { listConnectorStatus } from '../../app/connectors/status.ts';
import { runConnectorSync, type SyncResult } from '../../app/connectors/sync.ts';
import type { ConnectorName } from '../../app/connectors/connectors.ts';
import { resolveSecret } from '../../config/secret.ts';
import type { Runtime } from '../../runtime.ts';
import { formatTable, reportCliError } from '../output.ts';
import { argumentsOk, cliActor, isoDayOption, jsonBody, parseFormat, printJson, readStdin, withRuntime, type ServerClient } from '../run.ts';

type SyncLine = { connector: string; status: string; error: string | null; inserted: number; updated: number; unchanged: number; unmatched: number } & Record<string, unknown>;

function printSync(result: SyncLine, format: 'json' | 'table') {
  if (format === 'json') printJson(result);
  else {
    const vanished = (removed: unknown) => Object.values((removed ?? {}) as Record<string, number>).reduce((a, b) => a + b, 0);
    const what =
      result.connector === 'anthropic'
        ? `${result.rows as number} usage rows, ${result.costDays as number} cost days`
        : result.connector === 'anthropic_enterprise'
          ? `${result.rows as number} usage rows through ${(result.fetchedTo as string | null) ?? 'no day yet'}, ${result.costRows as number} cost rows`
          : `${result.seats as number} seats (${result.removed as number} removed, ${result.idle as number} idle)`;
    const gone = result.connector === 'copilot' ? '' : `, ${vanished(result.removed)} removed (no longer reported)`;
    process.stdout.write(`${result.connector}: ${result.status} — ${what}: ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged, ${result.unmatched} unmatched${gone}.\n`);
  }
  // Errors print CODE: message on stderr, whatever the format (the report stays on stdout).
  if (result.error) process.stderr.write(`SYNC_FAILED: ${result.connector}: ${result.error}\n`);
  if (result.status === 'failed') process.exitCode = 1;
}

function localSync(name: ConnectorName, from: string | undefined, format: 'json' | 'table') {
  return async (runtime: Runtime) => {
    const actor = await cliActor(runtime);
    const result: SyncResult = await runConnectorSync(runtime.ctx, actor, name, { secret: resolveSecret(runtime.config) }, from ? { from } : {});
    printSync(result as unknown as SyncLine, format);
  };
}

function remoteSync(name: ConnectorName, from: string | undefined, format: 'json' | 'table') {
  return async (client: ServerClient) => {
    const result = (await client('POST', `/api/connectors/${name}/sync`, jsonBody(from ? { from } : {}))) as SyncLine;
    printSync(result, format);
  };
}


/** `seatwise sync anthropic|anthropic-enterprise|copilot` and `seatwise connector set|list`. */
export function registerSyncCommands(program: Command): void {
  const sync = program.command('sync').description('Pull usage and seats from vendor APIs now (also runs hourly in the server)');
  sync
    .command('anthropic')
    .description('Anthropic Admin API: API usage, Claude Code usage and cost reports since the last sync (re-fetching the last two days)')
    .option('--from <YYYY-MM-DD>', 'backfill from this UTC day instead of the cursor')
    .option('--format <format>', 'json or table', 'table')
    .action(async (options: { from?: string; format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      if (options.from !== undefined && !(await argumentsOk(() => isoDayOption('--from', options.from!)))) return;
      return withRuntime('sync anthropic', localSync('anthropic', options.from, format), remoteSync('anthropic', options.from, format));
    });
  sync
    .command('anthropic-enterprise')
    .description('Claude Enterprise Analytics API: seat users\' daily chat and Claude Code activity (and cost) since the last sync (re-fetching the last three days)')
    .option('--from <YYYY-MM-DD>', 'backfill from this UTC day instead of the cursor (no data before 2026-01-01)')
    .option('--format <format>', 'json or table', 'table')
    .action(async (options: { from?: string; format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      if (options.from !== undefined && !(await argumentsOk(() => isoDayOption('--from', options.from!)))) return;
      return withRuntime('sync anthropic-enterprise', localSync('anthropic_enterprise', options.from, format), remoteSync('anthropic_enterprise', options.from, format));
    });
  sync
    .command('copilot')
    .description("GitHub Copilot: the organization's seat list with last activity")
    .option('--format <format>', 'json or table', 'table')
    .action((options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      return withRuntime('sync copilot', localSync('copilot', undefined, format), remoteSync('copilot', undefined, format));
    });

  const connector = program.command('connector').description('Vendor connector credentials and status');
  const set = connector.command('set').description('Store a connector credential (encrypted at rest), read from stdin');
  set
    .command('anthropic')
    .description('Anthropic Admin API key: echo "$KEY" | seatwise connector set anthropic --admin-key-stdin')
    .requiredOption('--admin-key-stdin', 'read the Admin API key from stdin')
    .option('--base-url <url>', 'API base URL (default https://api.anthropic.com)')
    .action(async (options: { baseUrl?: string }) => {
      let adminKey: string;
      try {
        adminKey = await readStdin('Anthropic Admin API key');
      } catch (error) {
        return reportCliError(error);
      }
      const input = { adminKey, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) };
      return withRuntime(
        'connector set anthropic',
        async (runtime) => {
          await configureAnthropic(runtime.ctx, await cliActor(runtime), input, { secret: resolveSecret(runtime.config) });
          process.stdout.write('Anthropic connector configured (key stored encrypted). Run `seatwise sync anthropic`.\n');
        },
        async (client) => {
          await client('PUT', '/api/connectors/anthropic', jsonBody(input));
          process.stdout.write('Anthropic connector configured (key stored encrypted). Run `seatwise sync anthropic`.\n');
        },
      );
    });
  set
    .command('anthropic-enterprise')
    .description('Claude Enterprise Analytics API key (read:analytics): echo "$KEY" | seatwise connector set anthropic-enterprise --api-key-stdin')
    .requiredOption('--api-key-stdin', 'read the Analytics API key from stdin')
    .option('--base-url <url>', 'API base URL (default https://api.anthropic.com)')
    .option('--without-costs', 'do not read the per-user cost report')
    .action(async (options: { baseUrl?: string; withoutCosts?: boolean }) => {
      let apiKey: string;
      try {
        apiKey = await readStdin('Claude Enterprise Analytics API key');
      } catch (error) {
        return reportCliError(error);
      }
      const input = { apiKey, includeCosts: !options.withoutCosts, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) };
      const done = () => process.stdout.write('Enterprise Analytics connector configured (key stored encrypted). Run `seatwise sync anthropic-enterprise`.\n');
      return withRuntime(
        'connector set anthropic-enterprise',
        async (runtime) => {
          await configureAnthropicEnterprise(runtime.ctx, await cliActor(runtime), input, { secret: resolveSecret(runtime.config) });
          done();
        },
        async (client) => {
          await client('PUT', '/api/connectors/anthropic_enterprise', jsonBody(input));
          done();
        },
      );
    });
  set
    .command('copilot')
    .description('GitHub token for Copilot seats: echo "$TOKEN" | seatwise connector set copilot --token-stdin --org ORG')
    .requiredOption('--token-stdin', 'read the GitHub token from stdin')
    .requiredOption('--org <org>', 'GitHub organization')
    .option('--base-url <url>', 'API base URL (default https://api.github.com)')
    .action(async (options: { org: string; baseUrl?: string }) => {
      let token: string;
      try {
        token = await readStdin('GitHub token');
      } catch (error) {
        return reportCliError(error);
      }
      const input = { token, org: options.org, ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) };
      return withRuntime(
        'connector set copilot',
        async (runtime) => {
          await configureCopilot(runtime.ctx, await cliActor(runtime), input, { secret: resolveSecret(runtime.config) });
          process.stdout.write(`Copilot connector configured for ${options.org} (token stored encrypted). Run \`seatwise sync copilot\`.\n`);
        },
        async (client) => {
          await client('PUT', '/api/connectors/copilot', jsonBody(input));
          process.stdout.write(`Copilot connector configured for ${options.org} (token stored encrypted). Run \`seatwise sync copilot\`.\n`);
        },
      );
    });

  connector
    .command('list')
    .description('Connectors: configured or not, cursor, last run and error (never credentials)')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      type Line = { name: string; isConfigured: boolean; cursor: Record<string, string> | null; lastRunAt: string | Date | null; lastError: string | null };
      const print = (items: readonly Line[]) => {
        if (format === 'json') return printJson(items);
        const at = (d: string | Date | null) => (d ? new Date(d).toISOString() : '');
        process.stdout.write(`${formatTable(['CONNECTOR', 'CONFIGURED', 'SYNCED TO', 'LAST RUN', 'LAST ERROR'], items.map((i) => [i.name, i.isConfigured ? 'yes' : 'no', i.cursor ? Object.values(i.cursor).sort()[0] ?? '' : '', at(i.lastRunAt), i.lastError ?? '']))}\n`);
      };
      return withRuntime(
        'connector list',
        async (runtime) => print(await listConnectorStatus(runtime.ctx, (await cliActor(runtime)).orgId)),
        async (client) => print(((await client('GET', '/api/connectors')) as { items: Line[] }).items),
      );
    });
}
