import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { importUsageCsv, MAX_USAGE_UPLOAD_BYTES, USAGE_CSV_READ_BYTES, type ImportProgress } from '../../app/usage/import-usage-csv.ts';
import { AppError } from '../../errors.ts';
import { reportCliError } from '../output.ts';
import { cliActor, parseFormat, withRuntime } from '../run.ts';

type ImportCounts = { rows: number; inserted: number; updated: number; unchanged: number; unmatched: number; importId?: string };

const MB = 1024 * 1024;

function printImport(result: ImportCounts, format: 'json' | 'table') {
  const { rows, inserted, updated, unchanged, unmatched } = result;
  if (format === 'json') process.stdout.write(`${JSON.stringify({ rows, inserted, updated, unchanged, unmatched })}\n`);
  else process.stdout.write(`Imported ${rows} rows: ${inserted} new, ${updated} updated, ${unchanged} unchanged, ${unmatched} unmatched${result.importId ? ` (import ${result.importId})` : ''}.\n`);
}

/** One line of progress: bar, bytes read of total, rows and rows/s. */
export function formatImportProgress(input: { bytesRead: number; totalBytes: number; rows: number; elapsedMs: number; barWidth?: number }): string {
  const width = input.barWidth ?? 24;
  const fraction = input.totalBytes > 0 ? Math.min(1, input.bytesRead / input.totalBytes) : 1;
  const filled = Math.round(fraction * width);
  const rate = input.elapsedMs > 0 ? Math.round((input.rows * 1000) / input.elapsedMs) : 0;
  const mb = (n: number) => (n / MB).toFixed(1);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${mb(input.bytesRead)}/${mb(input.totalBytes)} MB  ${input.rows.toLocaleString('en-US')} rows  ${rate.toLocaleString('en-US')} rows/s`;
}

/** A progress line redrawn on stderr at most 10 times a second; nothing at all when stderr is not a terminal. */
function createProgressBar(totalBytes: number, stream: NodeJS.WriteStream) {
  if (!stream.isTTY) return undefined;
  const started = Date.now();
  let last = 0;
  const draw = (p: ImportProgress) => stream.write(`\r${formatImportProgress({ ...p, totalBytes, elapsedMs: Date.now() - started })}\x1b[K`);
  return {
    update: (p: ImportProgress) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(p);
    },
    done: () => stream.write('\r\x1b[K'),
  };
}

async function fileSize(file: string): Promise<number | undefined> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a file');
    await fs.access(file, fs.constants.R_OK);
    return stat.size;
  } catch (error) {
    reportCliError(new AppError('VALIDATION_FAILED', { message: `Cannot read ${file}: ${(error as Error).message}` }));
    return undefined;
  }
}

/** `seatwise usage import FILE.csv`. */
export function registerUsageImportCommand(usage: Command): void {
  usage
    .command('import <file>')
    .description('Import daily usage from CSV: date,email[,source,messages,input_tokens,output_tokens,cost_usd,limit_hits,active_minutes]. All or nothing; idempotent by date, person and source; any file size (streamed)')
    .option('--map <mapping>', 'map differently named columns to ours, - ignores one: "Date=date,User Email=email,Cost (USD)=cost_usd,Team=-"')
    .option('--format <format>', 'json or table', 'table')
    .action(async (file: string, options: { map?: string; format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      const size = await fileSize(file);
      if (size === undefined) return;
      const filename = path.basename(file);
      return withRuntime(
        'usage import',
        async (runtime) => {
          const progress = createProgressBar(size, process.stderr);
          try {
            const result = await importUsageCsv(runtime.ctx, await cliActor(runtime), {
              bytes: createReadStream(file, { highWaterMark: USAGE_CSV_READ_BYTES }),
              filename,
              map: options.map,
              onProgress: progress?.update,
            });
            progress?.done();
            printImport(result, format);
          } catch (error) {
            progress?.done();
            throw error;
          }
        },
        async (client) => {
          if (size > MAX_USAGE_UPLOAD_BYTES) {
            throw new AppError('VALIDATION_FAILED', {
              message: `${file} is ${(size / MB).toFixed(1)} MB; the running Seatwise server accepts uploads up to ${MAX_USAGE_UPLOAD_BYTES / MB} MB. To import big files, stop the server (the CLI then streams the file into the database itself) or point DATABASE_URL at PostgreSQL.`,
            });
          }
          const query = new URLSearchParams({ filename, ...(options.map ? { map: options.map } : {}) });
          const result = (await client('POST', `/api/usage/imports?${query}`, { contentType: 'text/csv', data: await fs.readFile(file) })) as ImportCounts;
          printImport(result, format);
        },
      );
    });
}
