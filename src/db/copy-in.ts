import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Data for `COPY … FROM STDIN`, given as the only parameter of a raw query so it travels through
 * Kysely (and its transaction's connection) untouched. Both drivers understand it: on PostgreSQL the
 * pool's clients send it with the COPY protocol (`pg-copy-streams`); PGlite reads it as a blob.
 * `data` is COPY text format, UTF-8: one line per row, tab-separated, `\N` for null (see `copyText`).
 */
export class CopyIn {
  constructor(readonly data: Uint8Array) {}
}

/**
 * Builds COPY text in one growing byte buffer, outside the JavaScript heap: a batch's tens of thousands
 * of short strings would otherwise live long enough to be copied into the old generation by the
 * collector.
 */
export class CopyTextBuffer {
  private bytes: Buffer;
  length = 0;
  constructor(initialBytes = 1 << 20) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }
  /** Appends one line (the caller escapes text values with `copyText` and ends it with a newline). */
  append(line: string): void {
    if (this.length + line.length * 3 > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + line.length * 3));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.length += this.bytes.write(line, this.length);
  }
  /** The bytes written so far; the buffer is not reused after this. */
  take(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** `copy <table> (<columns>) from stdin`: the statement both drivers run for a `CopyIn`. */
export const copyStatement = (table: string, columns: readonly string[]) => `copy ${table} (${columns.join(', ')}) from stdin`;

/** Escapes one text value for COPY text format (backslash, tab, newline, carriage return). */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

const isCopyIn = (values: unknown): values is [CopyIn] => Array.isArray(values) && values.length === 1 && values[0] instanceof CopyIn;

/**
 * Teaches a pool client to run `query(text, [CopyIn])` as COPY FROM STDIN; every other call goes to
 * pg unchanged. Resolves like pg's query (`command: 'COPY'`, `rowCount`).
 */
export function acceptCopyIn(client: pg.PoolClient | pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !isCopyIn(values)) return query(...args);
    const stream = query(copyFrom(text)) as ReturnType<typeof copyFrom>;
    return new Promise((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', () => resolve({ command: 'COPY', rowCount: stream.rowCount, rows: [], fields: [] }));
      // Buffered until the server is ready for the data, then sent at once.
      stream.end(values[0].data);
    });
  };
}

/** For PGlite: the statement reading `/dev/blob` and the blob, when the query carries a `CopyIn`. */
export function copyInAsBlob(text: string, values: readonly unknown[]): { text: string; blob: Blob } | undefined {
  if (!isCopyIn(values)) return undefined;
  return { text: text.replace(/from stdin$/i, "from '/dev/blob'"), blob: new Blob([values[0].data as Uint8Array<ArrayBuffer>]) };
}
