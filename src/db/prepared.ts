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
export function asPrepared<T>(name: string, query: CompiledQuery<T>): CompiledQuery<T> {
  const known = names.get(query.sql);
  if (known === undefined) {
    if ([...names.values()].includes(name)) throw new Error(`Prepared statement ${name} already names other SQL`);
    names.set(query.sql, name);
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
