import type { Command } from 'commander';
import { createIngestToken, listIngestTokens, revokeIngestToken, type IngestToken } from '../../app/usage/ingest-tokens.ts';
import { formatTable } from '../output.ts';
import { cliActor, jsonBody, parseFormat, printJson, withRuntime } from '../run.ts';

type TokenLine = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const line = (t: IngestToken): TokenLine => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: t.createdAt.toISOString(), lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null });

function printTokens(tokens: readonly TokenLine[], format: 'json' | 'table') {
  if (format === 'json') return printJson(tokens);
  const rows = tokens.map((t) => [t.id, t.name, `${t.prefix}…`, t.createdAt.slice(0, 16).replace('T', ' '), t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never', t.revokedAt ? 'revoked' : 'live']);
  process.stdout.write(`${formatTable(['ID', 'NAME', 'TOKEN', 'CREATED (UTC)', 'LAST USED (UTC)', 'STATUS'], rows)}\n`);
}

const HOW_TO_USE = 'Set on laptops (Claude Code managed settings "env"): OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer <token>. See docs/claude-code-telemetry.md.\n';

/** `seatwise ingest-token create|list|revoke` for the OpenTelemetry receiver. */
export function registerIngestTokenCommands(program: Command): void {
  const tokens = program.command('ingest-token').description('Ingest tokens for Claude Code telemetry (OpenTelemetry receiver)');

  tokens
    .command('create')
    .description('Create an ingest token (printed once on stdout; only its hash is stored)')
    .requiredOption('--name <name>', 'a label, e.g. "laptops"')
    .action((options: { name: string }) =>
      withRuntime(
        'ingest-token create',
        async (runtime) => {
          const { token } = await createIngestToken(runtime.ctx, await cliActor(runtime), { name: options.name });
          process.stdout.write(`${token}\n`);
          process.stderr.write(HOW_TO_USE);
        },
        async (client) => {
          const created = (await client('POST', '/api/ingest-tokens', jsonBody({ name: options.name }))) as { token: string };
          process.stdout.write(`${created.token}\n`);
          process.stderr.write(HOW_TO_USE);
        },
      ),
    );

  tokens
    .command('list')
    .description('List ingest tokens (name, prefix, last use, status)')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      return withRuntime(
        'ingest-token list',
        async (runtime) => printTokens((await listIngestTokens(runtime.ctx, (await cliActor(runtime)).orgId)).map(line), format),
        async (client) => printTokens(((await client('GET', '/api/ingest-tokens')) as { items: TokenLine[] }).items, format),
      );
    });

  tokens
    .command('revoke <id>')
    .description('Revoke an ingest token; senders using it get 401 from then on')
    .action((id: string) =>
      withRuntime(
        'ingest-token revoke',
        async (runtime) => {
          const revoked = await revokeIngestToken(runtime.ctx, await cliActor(runtime), id);
          process.stdout.write(`Revoked ${revoked.name} (${revoked.prefix}…)\n`);
        },
        async (client) => {
          const revoked = (await client('DELETE', `/api/ingest-tokens/${encodeURIComponent(id)}`)) as TokenLine;
          process.stdout.write(`Revoked ${revoked.name} (${revoked.prefix}…)\n`);
        },
      ),
    );
}
