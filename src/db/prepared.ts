import type pg from 'pg';
import type { CompiledQuery } from 'kysely';

/**
 * Hot statements run as named prepared statements on PostgreSQL: each pooled connection parses and
 * plans them once, then only binds and executes (planning the token lookup cost more than running it).
 * Only statements marked here are named, so the set per connection stays small; every other query
 * goes through unnamed, as before. PGlite runs them as ordinary queries.
 */
const names = new Map<string, string>();

/** Marks a compiled query's SQL text as the prepared statement `name` and returns the query. */
function asPrepared<T>(name: string, query: CompiledQuery<T>): CompiledQuery<T> {
  if (!names.has(query.sql)) {
    // A name stands for one text on a connection; another text under the same name (another dialect's
    // compilation) gets a name of its own.
    const taken = new Set(names.values());
    names.set(query.sql, taken.has(name) ? `${name}_${taken.size}` : name);
  }
  return query;
}

/** Teaches a pool client to send the statements marked by `asPrepared` as named statements. */
export function acceptPrepared(client: pg.PoolClient | pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length === 2 ? names.get(text) : undefined;
    return name === undefined ? query(...args) : query({ name, text, values });
  };
}

/**
 * A hot query built and compiled by Kysely once, with placeholder values (`slots`: values that occur
 * nowhere else in the query, such as a fresh Date or an unlikely string), then run with each call's
 * values in their places: building and compiling cost more than running the prepared statement.
 */
export function compiledOnce<T, V extends readonly unknown[]>(name: string, slots: V, compile: (...slots: V) => CompiledQuery<T>): (...values: V) => CompiledQuery<T> {
  let compiled: CompiledQuery<T> | undefined;
  return (...values) => {
    compiled ??= asPrepared(name, compile(...slots));
    return {
      ...compiled,
      parameters: compiled.parameters.map((p) => {
        const slot = slots.indexOf(p);
        return slot < 0 ? p : values[slot];
      }),
    };
  };
}
