import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CsvError, Parser } from 'csv-parse';
import { AppError } from '../../errors.ts';
import { addDays, toDay } from '../../domain/dates.ts';
import type { RowProblem } from '../../domain/people-import.ts';
import { parseUsageColumnMap, resolveUsageHeader, validateUsageRow, type UsageCsvLayout, type UsageCsvRow } from '../../domain/usage-csv.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import { copyText, CopyTextBuffer } from '../../db/copy-in.ts';
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
/** Valid rows per write: one COPY into a batch table, then one statement staging the keys and upserting. */
export const USAGE_IMPORT_BATCH_ROWS = 50_000;
/** A usage record is a few hundred bytes; anything this long is not usage data (and must not fill memory). */
export const MAX_USAGE_RECORD_CHARS = 64 * 1024;
const SHOWN_PROBLEMS = 50;
/** How csv-parse reads a usage file (bench:import times the parser alone with the same options). */
export const USAGE_CSV_PARSER_OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_USAGE_RECORD_CHARS } as const;
/** Bytes read from a usage file at a time. */
export const USAGE_CSV_READ_BYTES = 256 * 1024;

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
    await reader.close();
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
  await repos.usageImports.lockOrganization(input.orgId);
  await repos.usageImports.createStages();
  const writer = new BatchWriter(repos, input.orgId, input.importId, problems, await repos.usage.identityMap(input.orgId));
  let layout: UsageCsvLayout | undefined;
  try {
    // Records arrive synchronously, a chunk of the file at a time; the reader waits for a batch that has
    // to wait its turn before it parses the next chunk.
    await reader.read(problems, (item) => {
      if (!layout) {
        const header = resolveUsageHeader(item.record, input.map);
        if (!header.ok) {
          for (const p of header.problems) problems.add(p);
          reader.stopParsing();
          return undefined;
        }
        layout = header.layout;
        return undefined;
      }
      reader.rows++;
      const validation = validateUsageRow({ line: item.line, record: item.record, layout, latestDay: input.latestDay });
      if (!validation.ok) {
        for (const p of validation.problems) problems.add(p);
        return undefined;
      }
      return writer.add(validation.row);
    });
    if (!layout && problems.total === 0) problems.add({ line: 1, field: 'file', message: 'is empty (expected a header row: date,email,…)' });
    await writer.finish();
  } catch (error) {
    // Nothing of a batch may still be queued on the connection when the transaction rolls back: a
    // statement sent after the ROLLBACK would run outside the transaction and be kept.
    await writer.settle();
    throw error;
  }
  return { rows: reader.rows, ...writer.counts };
}

/** Batches being written at once: one loading while the one before it is written. */
const BATCHES_IN_FLIGHT = 2;

/**
 * Collects valid rows into batches of COPY text and writes each batch while the next ones are parsed
 * (up to `BATCHES_IN_FLIGHT` queued on the transaction's connection, so the database never waits for
 * the parser between batches); stops writing after a problem. Every row's natural key goes to the key
 * stage (duplicates are looked for once, at the end); rows of known people are upserted in one
 * statement per batch; rows of unknown identities go through `recordUsage`, which keeps them in the
 * unmatched list. Only the current batch's text, its keys and its unmatched rows are held in memory.
 */
class BatchWriter {
  counts = { inserted: 0, updated: 0, unchanged: 0, unmatched: 0 };
  private readonly inFlight: Array<Promise<void>> = [];
  private failure: unknown;
  private isWriting = true;
  private isMostlyUnchanged = true;
  private batches = 0;
  private text = new CopyTextBuffer();
  private rows = 0;
  private firstDay = '';
  private lastDay = '';
  private matched = 0;
  private keys = new Set<string>();
  private hasRepeatedKey = false;
  private unmatched: UsageCsvRow[] = [];

  constructor(
    private readonly repos: Repositories,
    private readonly orgId: string,
    private readonly importId: string,
    private readonly problems: ProblemList,
    private readonly personByIdentity: ReadonlyMap<string, string>,
  ) {}

  /** Adds a valid row; returns a promise to wait for when the batch it completed has to wait its turn. */
  add(row: UsageCsvRow): Promise<void> | undefined {
    const personId = this.personByIdentity.get(row.identity);
    const m = row.metrics;
    this.text.append(`${row.line}\t${personId ?? '\\N'}\t${personId ? '' : copyText(row.identity)}\t${row.day}\t${row.source}\t${m.messages}\t${m.inputTokens}\t${m.outputTokens}\t${m.costUsd}\t${m.limitHits}\t${m.activeMinutes}\t${m.sessions}\t${m.linesAdded}\t${m.linesRemoved}\t${m.commits}\t${m.pullRequests}\n`);
    if (this.rows++ === 0) this.firstDay = this.lastDay = row.day;
    else if (row.day < this.firstDay) this.firstDay = row.day;
    else if (row.day > this.lastDay) this.lastDay = row.day;
    if (personId) this.matched++;
    else this.unmatched.push(row);
    // A key repeated within one batch would make the upsert fail ("cannot affect row a second
    // time"), so such a batch is only staged; the repeat is reported at the end like any other.
    if (!this.hasRepeatedKey) {
      const key = `${personId ?? `@${row.identity}`}|${row.day}|${row.source}`;
      if (this.keys.has(key)) this.hasRepeatedKey = true;
      else this.keys.add(key);
    }
    return this.rows >= USAGE_IMPORT_BATCH_ROWS ? this.flush() : undefined;
  }

  /** Writes the last batch, waits for every write, then reports keys given more than once. */
  async finish(): Promise<void> {
    await this.flush();
    while (this.inFlight.length) await this.inFlight.shift();
    if (this.failure) throw this.failure;
    const duplicates = await this.repos.usageImports.findStagedDuplicates();
    let listed = 0;
    for (const group of duplicates.groups) {
      for (const line of group.lines) this.problems.add({ line, field: 'email', message: `duplicates line ${group.firstLine} (same date, person and source)` });
      listed += group.lines.length;
    }
    this.problems.countUnlisted(duplicates.total - listed);
  }

  /** Waits until no write is running (each has succeeded or recorded its failure). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0));
  }

  /** Queues the current batch, first waiting for the oldest write when `BATCHES_IN_FLIGHT` are queued. */
  private async flush(): Promise<void> {
    if (this.rows === 0) return;
    const batch = { text: this.text.take(), days: { from: this.firstDay, to: this.lastDay }, matched: this.matched, unmatched: this.unmatched, hasRepeatedKey: this.hasRepeatedKey, slot: this.batches++ % BATCHES_IN_FLIGHT };
    this.text = new CopyTextBuffer();
    this.rows = 0;
    this.matched = 0;
    this.unmatched = [];
    this.keys = new Set();
    this.hasRepeatedKey = false;
    if (this.inFlight.length >= BATCHES_IN_FLIGHT) await this.inFlight.shift();
    if (this.failure) {
      await this.settle();
      throw this.failure;
    }
    this.inFlight.push(
      this.write(batch).catch((error: unknown) => {
        this.failure ??= error;
      }),
    );
  }

  private async write(batch: { text: Uint8Array; days: { from: string; to: string }; matched: number; unmatched: UsageCsvRow[]; hasRepeatedKey: boolean; slot: number }): Promise<void> {
    if (this.failure) return;
    this.isWriting &&= this.problems.total === 0 && !batch.hasRepeatedKey;
    // Batches like the last one: mostly rows already stored unchanged (a re-import) are filtered out
    // by a read first; mostly new rows are not (the read would only slow them down).
    const isWriting = this.isWriting;
    const written = await this.repos.usageImports.stageAndReplaceDaily({ orgId: this.orgId, importId: this.importId, slot: batch.slot, rows: batch.text, days: batch.days, shouldWrite: isWriting, skipIdentical: this.isMostlyUnchanged });
    if (!isWriting) return;
    const unchanged = batch.matched - written.inserted - written.updated;
    this.isMostlyUnchanged = unchanged * 2 >= batch.matched;
    this.counts.inserted += written.inserted;
    this.counts.updated += written.updated;
    this.counts.unchanged += unchanged;
    if (batch.unmatched.length && !this.failure) {
      const result = await recordUsage(this.repos, { orgId: this.orgId, records: batch.unmatched, mode: 'replace', importId: this.importId });
      this.counts.unmatched += result.unmatched;
    }
  }
}

type CsvItem = Readonly<{ line: number; record: string[] }>;

/**
 * csv-parse's parser handing each record, with its line number, straight to a callback as it is parsed
 * (no stream buffering, no promise per record). (`info: true` gives the same number but copies the
 * parser's whole state for every record, which made parsing four times slower.)
 */
class NumberedCsvParser extends Parser {
  onRecord: ((item: CsvItem) => void) | undefined;
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record !== null && this.onRecord) {
      this.onRecord({ line: this.info.lines, record: record as string[] });
      return true;
    }
    return super.push(record, encoding);
  }
}

type RecordHandler = (item: CsvItem) => Promise<void> | undefined;

/**
 * Reads the file's bytes into csv-parse chunk by chunk, hashing every byte and rejecting anything that
 * is not UTF-8 (a UTF-16 BOM, NUL bytes, invalid sequences) with the line where it happens. After a
 * problem that ends parsing, the rest of the file is still read (not parsed) so the history gets the
 * whole file's SHA-256.
 */
class UsageCsvReader {
  rows = 0;
  private bytesRead = 0;
  private readonly hash = createHash('sha256');
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly parser: NumberedCsvParser;
  private linesBefore = 1;
  private isParsing = true;
  private isAbandoned = false;
  private isRead = false;
  private parseError: unknown;
  private digest: string | undefined;

  constructor(
    private readonly source: AsyncIterable<Uint8Array>,
    private readonly onProgress: ((progress: ImportProgress) => void) | undefined,
  ) {
    this.parser = new NumberedCsvParser(USAGE_CSV_PARSER_OPTIONS);
    this.parser.on('error', (error) => (this.parseError ??= error));
  }

  /**
   * Parses the whole file, calling `onRecord` for every record in file order; when it returns a
   * promise, no more of the file is parsed until it settles (a rejection ends reading and is thrown).
   * Stream-level problems go to `problems`.
   */
  async read(problems: ProblemList, onRecord: RecordHandler): Promise<void> {
    let wait: Promise<void> | undefined;
    this.parser.onRecord = (item) => {
      if (!this.isParsing) return;
      const next = onRecord(item);
      if (next) wait = wait ? Promise.all([wait, next]).then(() => undefined) : next;
    };
    try {
      for await (const raw of this.source) {
        const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
        this.hash.update(chunk);
        this.bytesRead += chunk.byteLength;
        if (this.isParsing) {
          const problem = this.checkEncoding(chunk);
          if (problem) {
            problems.add(problem);
            this.stopParsing();
          } else {
            this.parser.write(chunk);
            this.checkParsed(problems);
          }
        }
        this.onProgress?.({ bytesRead: this.bytesRead, rows: this.rows });
        if (wait) {
          const settled = wait;
          wait = undefined;
          await settled;
        }
      }
    } catch (error) {
      // Reading or writing failed: the import stops as an internal error, with no digest of half a file.
      this.isAbandoned = true;
      this.stopParsing();
      throw error;
    }
    if (this.isParsing) {
      try {
        this.decoder.decode();
      } catch {
        problems.add({ line: this.linesBefore, field: 'file', message: 'ends in the middle of a UTF-8 character (save it as CSV UTF-8)' });
      }
      await this.endParsing();
      this.checkParsed(problems);
    }
    this.stopParsing();
    this.isRead = true;
    if (wait) await wait;
    this.onProgress?.({ bytesRead: this.bytesRead, rows: this.rows });
  }

  /** Stops parsing; the rest of the file is only hashed. */
  stopParsing(): void {
    this.isParsing = false;
  }

  /** Ends reading: a file not read to its end has no digest. */
  async close(): Promise<void> {
    if (!this.isRead) this.isAbandoned = true;
    this.stopParsing();
    if (!this.parser.destroyed) this.parser.destroy();
  }

  sha256(): string | null {
    if (this.isAbandoned) return null;
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }

  /** A CSV syntax error (a broken quote, a huge record) becomes a problem and ends parsing. */
  private checkParsed(problems: ProblemList): void {
    // A stream records its error synchronously (`errored`) and emits it on the next tick.
    const error = this.parseError ?? this.parser.errored ?? undefined;
    if (error === undefined || !this.isParsing) return;
    if (!(error instanceof CsvError)) throw error;
    const e = error as CsvError & { lines?: number };
    const message = e.code === 'CSV_MAX_RECORD_SIZE' ? `has a record longer than ${MAX_USAGE_RECORD_CHARS} characters (not usage data)` : e.message.replace(/ (at|on) line \d+.*$/, '');
    problems.add({ line: e.lines ?? this.linesBefore, field: 'file', message });
    this.stopParsing();
  }

  /** No more input for the parser: it parses what it holds (a last line without a newline). */
  private endParsing(): Promise<void> {
    return new Promise((resolve) => {
      if (this.parser.destroyed || this.parser.writableFinished) return resolve();
      const done = () => resolve();
      this.parser.once('finish', done);
      this.parser.once('error', done);
      this.parser.once('close', done);
      this.parser.end();
    });
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

export type UsageImportLine = Awaited<ReturnType<Repositories['usageImports']['list']>>[number];

/** Import history of the organization (CSV uploads and connector runs), newest first. */
export async function listUsageImports(ctx: AppContext, orgId: string, page: { limit: number; offset: number }): Promise<UsageImportLine[]> {
  return ctx.repos.usageImports.list(orgId, page);
}
