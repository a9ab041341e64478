import fs from 'node:fs';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { exportAuditLog, type AuditExportFormat } from '../../app/audit/export-audit-log.ts';
import { verifyAuditChain, type AuditVerification } from '../../app/audit/verify-audit-chain.ts';
import { AppError } from '../../errors.ts';
import { reportCliError } from '../output.ts';
import { argumentsOk, checkOutputFile, cliActor, outputFileError, parseFormat, printJson, withRuntime } from '../run.ts';

/** Exit status when the chain is broken (1 stays "the command could not run"). */
export const EXIT_CHAIN_BROKEN = 2;

type RemoteVerification = Readonly<{ status: 'verified' | 'broken'; entries: number; headSeq: number | null; headHash: string | null; firstBreak: { kind: string; seq: number; eventId: number; message: string } | null }>;

function report(v: RemoteVerification, format: 'json' | 'table'): void {
  if (format === 'json') printJson(v);
  else if (v.status === 'verified') process.stdout.write(`Audit chain verified: ${v.entries} entries, head ${v.headSeq} ${v.headHash}\n`);
  if (v.status === 'broken') {
    process.stderr.write(`AUDIT_CHAIN_BROKEN: ${v.firstBreak!.message} (checked ${v.entries} entries)\n`);
    process.exitCode = EXIT_CHAIN_BROKEN;
  }
}

const toRemoteShape = (v: AuditVerification): RemoteVerification =>
  v.ok ? { status: 'verified', entries: v.entries, headSeq: v.headSeq, headHash: v.headHash, firstBreak: null } : { status: 'broken', entries: v.entries, headSeq: null, headHash: null, firstBreak: v.firstBreak };

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('The tamper-evident audit log: verify the hash chain, export it');

  audit
    .command('verify')
    .description(`Recompute every hash of the audit chain; exit 0 when intact, ${EXIT_CHAIN_BROKEN} naming the first broken entry`)
    .option('--format <format>', 'json or table', 'table')
    .action((options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      return withRuntime(
        'audit verify',
        async (runtime) => report(toRemoteShape(await verifyAuditChain(runtime.ctx, (await cliActor(runtime)).orgId)), format),
        async (client) => report((await client('GET', '/api/audit/verify')) as RemoteVerification, format),
      );
    });

  audit
    .command('export')
    .description('Write the audit chain as CSV (formula-safe cells) or JSON lines, in chain order')
    .option('--format <format>', 'csv or jsonl', 'csv')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (options: { format: string; out?: string }) => {
      if (options.format !== 'csv' && options.format !== 'jsonl') {
        reportCliError(new AppError('VALIDATION_FAILED', { message: `--format must be csv or jsonl (got ${options.format})` }));
        return;
      }
      const format: AuditExportFormat = options.format;
      const file = options.out;
      // A file that cannot be written is named before the export starts.
      if (file !== undefined && !(await argumentsOk(() => checkOutputFile('--out', file)))) return;
      const write = async (chunks: AsyncIterable<string> | Iterable<string>) => {
        if (file === undefined) {
          for await (const chunk of chunks) {
            if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
          }
          return;
        }
        const out = fs.createWriteStream(file);
        let fileError: unknown;
        out.on('error', (error) => (fileError ??= error));
        try {
          await pipeline(Readable.from(chunks), out);
        } catch (error) {
          throw fileError !== undefined && error === fileError ? outputFileError('--out', file, error) : error;
        }
      };
      return withRuntime(
        'audit export',
        async (runtime) => write(exportAuditLog(runtime.ctx, (await cliActor(runtime)).orgId, format)),
        // Through the running server: the same export, from its streaming endpoint.
        async (client) => write([(await client('GET', `/api/audit/export?format=${format}`)) as string]),
      );
    });
}
