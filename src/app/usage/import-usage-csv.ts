import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvError, Parser } from 'csv-parse';
import { AppError } from '../../errors.ts';
import { addDays, toDay } from '../../domain/dates.ts';
import type { RowProblem } from '../../domain/people-import.ts';
import { parseUsageColumnMap, resolveUsageHeader, validateUsageRow, type UsageCsvLayout, type UsageCsvRow } from '../../domain/usage-csv.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { ImportBatchColumns } from '../../db/repositories/usage-import.repository.ts';
import { MAX_PEOPLE_FILE_BYTES } from '../people/import-people.ts';
import type { Actor, AppContext } from '../context.ts';
import { recordUsage } from './record-usage.ts';

export type ImportUsageCsvResult = Readonly<{ importId: string; rows: number; inserted: number; updated: number; unchanged: number; unmatched: number }>;

export type ImportProgress = Readonly<{ bytesRead: number; rows: number }>;

export type ImportUsageCsvInput = Readonly<{
  /** The file's bytes, streamed (a file stream, or `chunksOf(buffer)`). */
  bytes: AsyncIterable<Uint8Array>;
  filename: string | null;
  /** Column mapping for differently shaped exports: `Date=date,User Email=email,Extra=-`. */
  map?: string | undefined;
  /** Called after each chunk is read; cheap, so callers throttle their own rendering. */
  onProgress?: ((progress: ImportProgress) => void) | undefined;
}>;

/** What the API accepts in one request (the server's body limit); bigger files go through the CLI. */
export const MAX_USAGE_UPLOAD_BYTES = MAX_PEOPLE_FILE_BYTES;
/** Valid rows per write: one key-stage statement and one upsert statement each. */
export const USAGE_IMPORT_BATCH_ROWS = 10_000;
/** A usage record is a few hundred bytes; anything this long is not usage data (and must not fill memory). */
export const MAX_USAGE_RECORD_CHARS = 64 * 1024;
const SHOWN_PROBLEMS = 50;

/**
 * Imports a usage CSV in one streaming pass inside ONE transaction, so memory stays constant for any
 * file size and the import is all or nothing (a killed process leaves nothing either). Rows are
 * validated as they stream and written in batches while the next batch is parsed: rows of known
 * people by one upsert per batch (replace mode, idempotent by date, person and source: an identical
 * row is left alone, a different one replaced), rows of unknown emails through `recordUsage`, which
 * keeps them in the unmatched list with their usage. Once any problem is seen writing stops, but
 * validation goes on so up to 50 problems are reported, and the transaction is rolled back.
 * A key given twice in the file is found by a temporary key table in the database, grouped once at
 * the end (the importing process keeps no per-key state; the database spills it to disk).
 * Every import, succeeded or failed, is recorded in the import history with its counts, first 50
 * problems, filename and SHA-256; a failed import's history row is written after the rollback.
 */
export async function importUsageCsv(ctx: AppContext, actor: Actor, input: ImportUsageCsvInput): Promise<ImportUsageCsvResult> {
  const parsedMap = input.map?.trim() ? parseUsageColumnMap(input.map) : ({ ok: true, map: new Map() } as const);
  if (!parsedMap.ok) {
    throw new AppError('VALIDATION_FAILED', { message: `The column map is invalid: ${parsedMap.problems.join('; ')}`, details: parsedMap.problems.map((message) => ({ path: 'map', message })) });
  }
  const importId = randomUUID();
  const startedAt = ctx.now();
  const reader = new UsageCsvReader(input.bytes, input.onProgress);
  const problems = new ProblemList();
  const history = { id: importId, orgId: actor.orgId, source: 'csv', filename: input.filename, createdBy: actor.kind === 'person' ? actor.personId : null, startedAt };
  try {
    return await ctx.transaction(async (repos) => {
      const counts = await streamIntoDatabase(repos, { orgId: actor.orgId, importId, reader, problems, map: parsedMap.map, latestDay: addDays(toDay(startedAt), 1) });
      if (problems.total > 0) throw new ImportRejected(counts.rows);
      await repos.usageImports.insert({ ...history, sha256: reader.sha256(), status: 'succeeded', ...counts, errors: [], finishedAt: ctx.now() });
      return { importId, ...counts };
    });
  } catch (error) {
    const rejected = error instanceof ImportRejected;
    await reader.close({ finishHash: rejected });
    const errors = rejected ? problems.shown() : [{ line: 0, path: 'import', message: 'stopped by an internal error; nothing was imported' }];
    const failed = ctx.repos.usageImports.insert({ ...history, sha256: rejected ? reader.sha256() : null, status: 'failed', rows: rejected ? error.rows : 0, inserted: 0, updated: 0, unchanged: 0, unmatched: 0, errors, finishedAt: ctx.now() });
    if (!rejected) {
      // The original error matters more than a history row the broken database may refuse.
      await failed.catch(() => {});
      throw error;
    }
    await failed;
    throw importFailed(problems);
  }
}

/**
 * Splits an in-memory file into chunks so it flows through the same streaming path, yielding to the
 * event loop between chunks (a server keeps answering other requests during an upload's import).
 */
export async function* chunksOf(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) {
    yield bytes.subarray(i, i + size);
    await nextTurn();
  }
}

type Counts = Readonly<{ rows: number; inserted: number; updated: number; unchanged: number; unmatched: number }>;

class ImportRejected extends Error {
  constructor(readonly rows: number) {
    super('import rejected');
  }
}

/** Keeps the 50 earliest problems (by line) and counts the rest, in bounded memory. */
class ProblemList {
  total = 0;
  private kept: RowProblem[] = [];
  add(problem: RowProblem): void {
    this.total++;
    this.kept.push(problem);
    if (this.kept.length > SHOWN_PROBLEMS * 4) this.kept = this.sorted();
  }
  /** Problems known to exist but not itemized (only counted in "… and K more"). */
  countUnlisted(count: number): void {
    this.total += Math.max(0, count);
  }
  sorted(): RowProblem[] {
    return [...this.kept].sort((a, b) => a.line - b.line).slice(0, SHOWN_PROBLEMS);
  }
  shown(): Array<{ line: number; path: string; message: string }> {
    return this.sorted().map((p) => ({ line: p.line, path: p.field, message: p.message }));
  }
}

function importFailed(problems: ProblemList): AppError {
  const shown = problems.sorted();
  const more = problems.total > shown.length ? `\n… and ${problems.total - shown.length} more` : '';
  return new AppError('IMPORT_FAILED', {
    message: `The file has ${problems.total} problem${problems.total === 1 ? '' : 's'}; nothing was imported.\n${shown.map((p) => `line ${p.line}: ${p.field}: ${p.message}`).join('\n')}${more}`,
    details: problems.shown(),
  });
}

/**
 * Parses the CSV stream and writes valid rows batch by batch; one batch is written while the next is
 * parsed. Returns the counts (meaningful only when no problem was found).
 */
async function streamIntoDatabase(
  repos: Repositories,
  input: { orgId: string; importId: string; reader: UsageCsvReader; problems: ProblemList; map: Parameters<typeof resolveUsageHeader>[1]; latestDay: string },
): Promise<Counts> {
  const { reader, problems } = input;
  await repos.usageImports.createKeyStage();
  const writer = new BatchWriter(repos, input.orgId, input.importId, problems, await repos.usage.identityMap(input.orgId));
  let layout: UsageCsvLayout | undefined;
  let batch: UsageCsvRow[] = [];
  for await (const item of reader.records(problems)) {
    if (!layout) {
      const header = resolveUsageHeader(item.record, input.map);
      if (!header.ok) {
        for (const p of header.problems) problems.add(p);
        reader.stopParsing();
        break;
      }
      layout = header.layout;
      continue;
    }
    reader.rows++;
    const validation = validateUsageRow({ line: item.line, record: item.record, layout, latestDay: input.latestDay });
    if (!validation.ok) {
      for (const p of validation.problems) problems.add(p);
      continue;
    }
    batch.push(validation.row);
    if (batch.length >= USAGE_IMPORT_BATCH_ROWS) {
      await writer.push(batch);
      batch = [];
    }
  }
  if (!layout && problems.total === 0) problems.add({ line: 1, field: 'file', message: 'is empty (expected a header row: date,email,…)' });
  if (batch.length) await writer.push(batch);
  await writer.finish();
  return { rows: reader.rows, ...writer.counts };
}

/**
 * Writes batches one at a time, each while the next is being parsed, and stops writing after a
 * problem. Every row's natural key goes to the key stage (duplicates are looked for once, at the end);
 * rows of known people are upserted in one statement per batch; rows of unknown identities go through
 * `recordUsage`, which keeps them in the unmatched list.
 */
class BatchWriter {
  counts = { inserted: 0, updated: 0, unchanged: 0, unmatched: 0 };
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown;
  private isWriting = true;
  private isMostlyUnchanged = true;

  constructor(
    private readonly repos: Repositories,
    private readonly orgId: string,
    private readonly importId: string,
    private readonly problems: ProblemList,
    private readonly personByIdentity: ReadonlyMap<string, string>,
  ) {}

  async push(batch: readonly UsageCsvRow[]): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure;
    this.pending = this.write(batch).catch((error: unknown) => {
      this.failure = error;
    });
  }

  /** Waits for the last batch, then reports keys given more than once. */
  async finish(): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure;
    const duplicates = await this.repos.usageImports.findStagedDuplicates();
    let listed = 0;
    for (const group of duplicates.groups) {
      for (const line of group.lines) this.problems.add({ line, field: 'email', message: `duplicates line ${group.firstLine} (same date, person and source)` });
      listed += group.lines.length;
    }
    this.problems.countUnlisted(duplicates.total - listed);
  }

  private async write(batch: readonly UsageCsvRow[]): Promise<void> {
    const columns = toColumns(batch, this.personByIdentity);
    // A key repeated within one batch would make the upsert fail ("cannot affect row a second
    // time"), so such a batch is only staged; the repeat is reported at the end like any other.
    this.isWriting &&= this.problems.total === 0 && !hasRepeatedKey(columns);
    // Batches like the last one: mostly rows already stored unchanged (a re-import) are filtered out
    // by a read first; mostly new rows are not (the read would only slow them down).
    const written = await this.repos.usageImports.stageAndReplaceDaily({ orgId: this.orgId, importId: this.importId, rows: columns, shouldWrite: this.isWriting, skipIdentical: this.isMostlyUnchanged });
    if (!this.isWriting) return;
    const matched = columns.personId.reduce((n, id) => (id ? n + 1 : n), 0);
    const unchanged = matched - written.inserted - written.updated;
    this.isMostlyUnchanged = unchanged * 2 >= matched;
    this.counts.inserted += written.inserted;
    this.counts.updated += written.updated;
    this.counts.unchanged += unchanged;
    if (matched < batch.length) {
      const unmatched = batch.filter((_, i) => columns.personId[i] === null);
      const result = await recordUsage(this.repos, { orgId: this.orgId, records: unmatched, mode: 'replace', importId: this.importId });
      this.counts.unmatched += result.unmatched;
    }
  }
}

function toColumns(batch: readonly UsageCsvRow[], personByIdentity: ReadonlyMap<string, string>): ImportBatchColumns {
  const c: { [K in keyof ImportBatchColumns]: Array<ImportBatchColumns[K][number]> } = {
    line: [], personId: [], identity: [], day: [], source: [], messages: [], inputTokens: [], outputTokens: [], costUsd: [], limitHits: [], activeMinutes: [], sessions: [], linesAdded: [], linesRemoved: [], commits: [], pullRequests: [],
  };
  for (const row of batch) {
    const m = row.metrics;
    c.line.push(row.line);
    c.personId.push(personByIdentity.get(row.identity) ?? null);
    c.identity.push(row.identity);
    c.day.push(row.day);
    c.source.push(row.source);
    c.messages.push(m.messages);
    c.inputTokens.push(m.inputTokens);
    c.outputTokens.push(m.outputTokens);
    c.costUsd.push(m.costUsd);
    c.limitHits.push(m.limitHits);
    c.activeMinutes.push(m.activeMinutes);
    c.sessions.push(m.sessions);
    c.linesAdded.push(m.linesAdded);
    c.linesRemoved.push(m.linesRemoved);
    c.commits.push(m.commits);
    c.pullRequests.push(m.pullRequests);
  }
  return c as ImportBatchColumns;
}

function hasRepeatedKey(keys: ImportBatchColumns): boolean {
  const seen = new Set<string>();
  for (let i = 0; i < keys.day.length; i++) {
    const key = `${keys.personId[i] ?? `@${keys.identity[i]}`}|${keys.day[i]}|${keys.source[i]}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

type CsvItem = Readonly<{ line: number; record: string[] }>;

/**
 * csv-parse's stream, each record paired with its line number. (`info: true` gives the same number
 * but copies the parser's whole state for every record, which made parsing four times slower.)
 */
class NumberedCsvParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : ({ line: this.info.lines, record } as CsvItem), encoding);
  }
}

/**
 * Reads the file's bytes into csv-parse with backpressure, hashing every byte and rejecting anything
 * that is not UTF-8 (a UTF-16 BOM, NUL bytes, invalid sequences) with the line where it happens.
 * After a problem that ends parsing, the rest of the file is still read (not parsed) so the history
 * gets the whole file's SHA-256.
 */
class UsageCsvReader {
  rows = 0;
  private bytesRead = 0;
  private readonly hash = createHash('sha256');
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly parser: Parser;
  private linesBefore = 1;
  private isParsing = true;
  private isAbandoned = false;
  private fed: Promise<void> | undefined;
  private problems: ProblemList | undefined;
  private digest: string | undefined;

  constructor(
    private readonly source: AsyncIterable<Uint8Array>,
    private readonly onProgress: ((progress: ImportProgress) => void) | undefined,
  ) {
    this.parser = new NumberedCsvParser({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_USAGE_RECORD_CHARS });
  }

  /** The records in file order with their line numbers; stream-level problems go to `problems`. */
  async *records(problems: ProblemList): AsyncGenerator<CsvItem> {
    this.problems = problems;
    this.fed = this.feed();
    try {
      yield* this.parser as AsyncIterable<CsvItem>;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      const e = error as CsvError & { lines?: number };
      const message = e.code === 'CSV_MAX_RECORD_SIZE' ? `has a record longer than ${MAX_USAGE_RECORD_CHARS} characters (not usage data)` : e.message.replace(/ (at|on) line \d+.*$/, '');
      problems.add({ line: e.lines ?? this.linesBefore, field: 'file', message });
      this.stopParsing();
    }
    await this.fed;
    this.onProgress?.({ bytesRead: this.bytesRead, rows: this.rows });
  }

  /** Stops feeding the parser; the rest of the file is only hashed. */
  stopParsing(): void {
    this.isParsing = false;
    if (!this.parser.destroyed) this.parser.destroy();
  }

  /** Ends reading: after a rejected file, finish hashing it; after an internal error, stop at once. */
  async close(options: { finishHash: boolean }): Promise<void> {
    if (!options.finishHash) this.isAbandoned = true;
    this.stopParsing();
    await this.fed?.catch(() => {});
  }

  sha256(): string | null {
    if (this.isAbandoned) return null;
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }

  private async feed(): Promise<void> {
    try {
      for await (const raw of this.source) {
        if (this.isAbandoned) return;
        const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
        this.hash.update(chunk);
        this.bytesRead += chunk.byteLength;
        if (this.isParsing) {
          const problem = this.checkEncoding(chunk);
          if (problem) {
            this.problems!.add(problem);
            this.endParsing();
          } else if (!this.parser.destroyed && !this.parser.write(chunk)) {
            await whenWritable(this.parser);
          }
        }
        this.onProgress?.({ bytesRead: this.bytesRead, rows: this.rows });
      }
      if (this.isParsing) {
        try {
          this.decoder.decode();
        } catch {
          this.problems!.add({ line: this.linesBefore, field: 'file', message: 'ends in the middle of a UTF-8 character (save it as CSV UTF-8)' });
        }
        this.endParsing();
      }
    } catch (error) {
      // Reading failed: the import stops as an internal error, with no digest of half a file.
      this.isAbandoned = true;
      this.parser.destroy(error as Error);
    }
  }

  /** No more input for the parser: it finishes the records it holds, then ends. */
  private endParsing(): void {
    this.isParsing = false;
    if (!this.parser.destroyed) this.parser.end();
  }

  private checkEncoding(chunk: Buffer): RowProblem | undefined {
    if (this.bytesRead === chunk.byteLength && chunk.byteLength >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
      return { line: 1, field: 'file', message: 'is UTF-16 text; save it as CSV UTF-8' };
    }
    const nul = chunk.indexOf(0);
    if (nul >= 0) return { line: this.linesBefore + countLines(chunk, nul), field: 'file', message: 'contains NUL bytes (UTF-16 or binary?); save it as CSV UTF-8' };
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      const text = new TextDecoder('utf-8').decode(chunk);
      const before = text.slice(0, Math.max(0, text.indexOf('\uFFFD')));
      return { line: this.linesBefore + before.split('\n').length - 1, field: 'file', message: 'is not valid UTF-8 text (save it as CSV UTF-8)' };
    }
    this.linesBefore += countLines(chunk, chunk.byteLength);
    return undefined;
  }
}

function countLines(chunk: Buffer, end: number): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i >= 0 && i < end; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

function whenWritable(stream: Parser): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

export type UsageImportLine = Awaited<ReturnType<Repositories['usageImports']['list']>>[number];

/** Import history of the organization (CSV uploads and connector runs), newest first. */
export async function listUsageImports(ctx: AppContext, orgId: string, page: { limit: number; offset: number }): Promise<UsageImportLine[]> {
  return ctx.repos.usageImports.list(orgId, page);
}
