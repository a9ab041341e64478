/**
 * Lease throughput benchmark: `POST /api/leases` (request + auto-approve in one call) against a bare
 * Fastify + pg endpoint that inserts one row, in the same run, on the same machine and database server.
 *
 *   npm run bench:lease-throughput [-- --duration 10 --connections 200 --profile --cpu-prof]
 *
 * Each server runs in a child process (so autocannon, in this process, never shares its event loop);
 * each gets a warm-up (default 2 s) then a measured run (default 10 s) at 200 connections. A fresh
 * database (`seatwise_bench_<pid>`) is created, migrated, seeded and dropped at the end.
 *
 * Seeding gives every request a free seat: 100k premium seats split over the departments' nominal
 * quotas, no budgets, the default policy. Request n asks for person floor(n / horizon) the one-day
 * interval starting `n % horizon` days after tomorrow (UTC), so no person ever has overlapping leases
 * and each window holds about requests/horizon other leases (`--horizon 1` gives every request its own
 * person on the same day: the holds the engine loads then grow with the run). Leases start tomorrow, so
 * they are `scheduled` (no seat-history writes). The body names `personId`; the caller is an owner with
 * an API token (`--tokens` spreads the calls over several tokens of that owner).
 *
 * The service path is the one users hit: authentication by API token, the route's validation, then
 * `requestLease`, which queues the request in the organization's admission queue; the queue decides the
 * requests waiting together as one batch (one transaction, one pool lock, multi-row writes; see
 * src/app/leases/admission-queue.ts), so under this load the lock is taken once per batch.
 *
 * Output: requests/s and p50/p99 latency of both, the validity check (leases created = 201 responses,
 * no non-201), then `goal: …`, `ratio: X` (service req/s ÷ baseline req/s) and `p99_ms: Y` (service),
 * with the baseline's own p99 on the line before (at 200 connections it bounds what any server reaches).
 * Exit code 0 whether or not the goal is met; 1 when the run is invalid or fails.
 *
 * `--profile` instruments the pg driver in the server processes: statements per request by SQL text
 * (a batch's statements are spread over its requests), time spent, how many run while the organization's
 * premium inventory row lock is held, how often the lock is taken (requests per batch), lock wait and
 * hold times, pool wait. `--cpu-prof` records a V8 CPU profile of the service process and summarizes it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Server } from 'node:http';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';

const DAY_MS = 86_400_000;
const SELF = fileURLToPath(import.meta.url);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_PREFIX = 'seatwise_bench_';

// ---------------------------------------------------------------------------------------------
// Messages between this process and the server child
// ---------------------------------------------------------------------------------------------

type ServerKind = 'service' | 'baseline';
type QueryStat = { sql: string; count: number; totalMs: number; underLock: number };
type Profile = {
  /** Requests completed in the window; every statement below belongs to one of them. */
  requests: number;
  statements: QueryStat[];
  /** Statements run outside any request (none expected). */
  unattributed: number;
  checkouts: number;
  checkoutMs: number;
  checkoutP99Ms: number;
  lockWaitMs: number[];
  lockHoldMs: number[];
};
type ChildStats = {
  statuses: Record<string, number>;
  inflight: number;
  /** Responses written after the client had gone (the load generator stopped). */
  clientGone: number;
  /** Requests dropped by the client before the server read their body: never handled. */
  abandoned: number;
  window: {
    served: number;
    serverP50Ms: number;
    serverP99Ms: number;
    eventLoopUtilization: number;
    cpuMs: number;
    wallMs: number;
  };
  profile: Profile | undefined;
};
type ToChild = { id: number; type: 'stats' | 'reset' | 'stop' };
type FromChild = { type: 'ready'; port: number } | { type: 'reply'; id: number; stats?: ChildStats } | { type: 'error'; message: string };

// ---------------------------------------------------------------------------------------------
// Child: one server (the service or the baseline), instrumented from the outside only
// ---------------------------------------------------------------------------------------------

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * What one HTTP request did on the database (attributed through AsyncLocalStorage). Work a request
 * started that goes on after its response (the admission queue's drainer runs later batches in the
 * context of the request that started it) is counted in the window once the request has completed.
 */
type Trace = { statements: Map<string, { count: number; totalMs: number; underLock: number }>; checkouts: number; checkoutMs: number; checkoutWaits: number[]; completed: boolean };
const traces = new AsyncLocalStorage<Trace>();

/** `(x) or (x) or (x)` (the same parenthesized group repeated, as a batch's windows give) → `(x) or …`. */
function collapseOrChains(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '(') {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      const group = text.slice(i, j + 1);
      let k = j + 1;
      while (text.startsWith(` or ${group}`, k)) k += 4 + group.length;
      if (k > j + 1) {
        out += `${collapseOrChains(group)} or …`;
        i = k;
        continue;
      }
    }
    out += text[i];
    i++;
  }
  return out;
}

/**
 * Instruments the pg driver (every Kysely statement, BEGIN and COMMIT included, and pool checkouts),
 * attributing each to the HTTP request it ran for, and times the premium inventory row lock: wait =
 * duration of the `FOR UPDATE`, hold = from its return to the COMMIT's return on that connection.
 */
function installPgProbe() {
  const window = new Map<string, QueryStat>();
  let requests = 0;
  let unattributed = 0;
  let checkouts = 0;
  let checkoutMs = 0;
  let checkoutWaits: number[] = [];
  let lockWaitMs: number[] = [];
  let lockHoldMs: number[] = [];
  const LOCK_AT = Symbol('benchLockAt');
  type Probed = pg.Client & { [LOCK_AT]?: number };

  const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const originalQuery = clientProto.query;
  clientProto.query = function probedQuery(this: Probed, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    // Multi-row VALUES, IN lists and OR-ed conditions vary with the batch: one entry per statement shape.
    const text = (typeof first === 'string' ? first : first?.text ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/\((\$\d+(?:, )?)+\)(?:, \((\$\d+(?:, )?)+\))+/g, '(…), …')
      .replace(/\$\d+/g, '$n')
      .replace(/\((?:\$n, )+\$n\)/g, '($n, …)');
    const shape = collapseOrChains(text);
    const isLock = /for update/i.test(shape) && /"seat_inventory"/.test(shape);
    const isEnd = /^(commit|rollback)\b/i.test(shape);
    const underLock = this[LOCK_AT] !== undefined;
    const trace = traces.getStore();
    const started = performance.now();
    const done = () => {
      const ended = performance.now();
      if (trace?.completed) {
        let stat = window.get(shape);
        if (!stat) window.set(shape, (stat = { sql: shape, count: 0, totalMs: 0, underLock: 0 }));
        stat.count += 1;
        stat.totalMs += ended - started;
        if (underLock) stat.underLock += 1;
      } else if (trace) {
        let stat = trace.statements.get(shape);
        if (!stat) trace.statements.set(shape, (stat = { count: 0, totalMs: 0, underLock: 0 }));
        stat.count += 1;
        stat.totalMs += ended - started;
        if (underLock) stat.underLock += 1;
      } else {
        unattributed += 1;
      }
      if (isLock) {
        lockWaitMs.push(ended - started);
        this[LOCK_AT] = ended;
      }
      if (isEnd && this[LOCK_AT] !== undefined) {
        lockHoldMs.push(ended - this[LOCK_AT]!);
        this[LOCK_AT] = undefined;
      }
    };
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      // Callback form (pg.Pool#query uses it).
      args[last] = (...cbArgs: unknown[]) => {
        done();
        return (callback as (...a: unknown[]) => unknown)(...cbArgs);
      };
    }
    const result = originalQuery.apply(this, args);
    if (typeof callback !== 'function' && result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    return result;
  } as typeof clientProto.query;

  const poolProto = pg.Pool.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const originalConnect = poolProto.connect;
  poolProto.connect = function probedConnect(this: pg.Pool, ...args: unknown[]) {
    const started = performance.now();
    const trace = traces.getStore();
    const record = () => {
      if (!trace) return;
      const waited = performance.now() - started;
      trace.checkouts += 1;
      trace.checkoutMs += waited;
      trace.checkoutWaits.push(waited);
    };
    const callback = args[0];
    if (typeof callback === 'function') {
      // Bound, so the statement pg.Pool#query runs in this callback stays attributed to the request.
      return originalConnect.call(this, AsyncResource.bind((...cbArgs: unknown[]) => {
        record();
        return (callback as (...a: unknown[]) => unknown)(...cbArgs);
      }));
    }
    return (originalConnect.apply(this, args) as Promise<unknown>).then((client) => {
      record();
      return client;
    });
  } as typeof poolProto.connect;

  return {
    /** Folds a finished request into the window's figures. */
    complete(trace: Trace) {
      trace.completed = true;
      requests += 1;
      checkouts += trace.checkouts;
      checkoutMs += trace.checkoutMs;
      checkoutWaits.push(...trace.checkoutWaits);
      for (const [sql, t] of trace.statements) {
        let stat = window.get(sql);
        if (!stat) window.set(sql, (stat = { sql, count: 0, totalMs: 0, underLock: 0 }));
        stat.count += t.count;
        stat.totalMs += t.totalMs;
        stat.underLock += t.underLock;
      }
    },
    snapshot(): Profile {
      const sorted = [...checkoutWaits].sort((a, b) => a - b);
      return { requests, statements: [...window.values()].map((x) => ({ ...x })), unattributed, checkouts, checkoutMs, checkoutP99Ms: percentile(sorted, 99), lockWaitMs, lockHoldMs };
    },
    reset() {
      window.clear();
      requests = 0;
      unattributed = 0;
      checkouts = 0;
      checkoutMs = 0;
      checkoutWaits = [];
      lockWaitMs = [];
      lockHoldMs = [];
    },
  };
}
type Probe = ReturnType<typeof installPgProbe>;

/**
 * Watches the HTTP server from outside the app: the status of every response the app produced (counted
 * when it calls `res.end`, so a request whose client left before the answer still counts once its
 * handler is done), requests in flight, server-side latency. When the load generator stops it drops its
 * connections; a request whose body the server had not read yet (still in the auth hook) is then
 * abandoned: Fastify never runs its handler, nothing is written, and it is counted as such.
 */
function observeServer(server: Server, probe: Probe | undefined) {
  const statuses: Record<string, number> = {};
  let inflight = 0;
  let clientGone = 0;
  let abandoned = 0;
  let durations: number[] = [];
  server.prependListener('request', (req, res) => {
    inflight += 1;
    const started = performance.now();
    let settled = false;
    const trace: Trace | undefined = probe ? { statements: new Map(), checkouts: 0, checkoutMs: 0, checkoutWaits: [], completed: false } : undefined;
    // Listeners run synchronously in order, so Fastify's own listener (and everything it awaits,
    // body parsing included) continues in this store: the pg probe attributes statements to it.
    if (trace) traces.enterWith(trace);
    const end = res.end;
    res.end = function (this: typeof res, ...args: unknown[]) {
      res.end = end;
      if (!settled) {
        settled = true;
        inflight -= 1;
        durations.push(performance.now() - started);
        statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
        if (res.destroyed) clientGone += 1;
        if (trace) probe!.complete(trace);
      }
      return (end as (...a: unknown[]) => typeof res).apply(this, args);
    } as typeof res.end;
    req.once('close', () => {
      if (settled || req.readableEnded) return;
      settled = true;
      inflight -= 1;
      abandoned += 1;
    });
  });
  return {
    statuses,
    inflight: () => inflight,
    clientGone: () => clientGone,
    abandoned: () => abandoned,
    takeDurations: () => {
      const d = durations;
      durations = [];
      return d;
    },
  };
}

async function runChild(kind: ServerKind): Promise<void> {
  const url = process.env.BENCH_CHILD_DB_URL!;
  const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 10);
  const probe = process.env.BENCH_PROFILE === '1' ? installPgProbe() : undefined;
  const send = (message: FromChild) => process.send!(message);

  let app: { server: Server; listen: (options: { port: number; host: string }) => Promise<string>; close: () => Promise<unknown> };
  let closeDb: () => Promise<void>;
  if (kind === 'service') {
    const { buildServer } = await import('../src/api/server.ts');
    const { createAppContext } = await import('../src/app/context.ts');
    const { openDatabase } = await import('../src/db/client.ts');
    const handle = await openDatabase({ kind: 'postgres', url, poolSize });
    const ctx = createAppContext(handle.db);
    app = await buildServer({ ctx, secret: randomBytes(32).toString('hex'), isDemoLoginEnabled: false, logLevel: 'silent' });
    closeDb = () => handle.close();
  } else {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    const bare = Fastify({ logger: false });
    bare.post('/baseline', async (request, reply) => {
      const body = request.body as { personId: string; startsAt: string; endsAt: string; reason: string };
      const { rows } = await pool.query<{ id: string; created_at: Date }>(
        'insert into bench_baseline (person_id, starts_at, ends_at, reason) values ($1, $2, $3, $4) returning id, created_at',
        [body.personId, body.startsAt, body.endsAt, body.reason],
      );
      return reply.status(201).send({ id: rows[0]!.id, createdAt: rows[0]!.created_at });
    });
    await bare.ready();
    app = bare;
    closeDb = () => pool.end();
  }

  const observer = observeServer(app.server, probe);
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  let windowStart = performance.now();
  const reset = () => {
    probe?.reset();
    observer.takeDurations();
    elu = performance.eventLoopUtilization();
    cpu = process.cpuUsage();
    windowStart = performance.now();
  };
  const stats = (): ChildStats => {
    const durations = observer.takeDurations().sort((a, b) => a - b);
    const used = process.cpuUsage(cpu);
    return {
      statuses: { ...observer.statuses },
      inflight: observer.inflight(),
      clientGone: observer.clientGone(),
      abandoned: observer.abandoned(),
      window: {
        served: durations.length,
        serverP50Ms: percentile(durations, 50),
        serverP99Ms: percentile(durations, 99),
        eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
        cpuMs: (used.user + used.system) / 1000,
        wallMs: performance.now() - windowStart,
      },
      profile: probe?.snapshot(),
    };
  };

  process.on('message', (raw) => {
    const message = raw as ToChild;
    void (async () => {
      if (message.type === 'reset') {
        reset();
        send({ type: 'reply', id: message.id });
      } else if (message.type === 'stats') {
        send({ type: 'reply', id: message.id, stats: stats() });
      } else if (message.type === 'stop') {
        await app.close();
        await closeDb();
        send({ type: 'reply', id: message.id });
        // Let the IPC message flush; exiting normally also writes the CPU profile (--cpu-prof).
        setTimeout(() => process.exit(0), 50);
      }
    })().catch((error: unknown) => send({ type: 'error', message: String((error as Error)?.stack ?? error) }));
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
}

// ---------------------------------------------------------------------------------------------
// Parent: database, seed, load, report
// ---------------------------------------------------------------------------------------------

type Options = Readonly<{
  connections: number;
  duration: number;
  warmup: number;
  poolSize: number;
  people: number;
  departments: number;
  seats: number;
  horizon: number;
  tokens: number;
  profile: boolean;
  cpuProf: boolean;
  keepDb: boolean;
}>;

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '200' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      pool: { type: 'string', default: '10' },
      people: { type: 'string', default: '2000' },
      departments: { type: 'string', default: '10' },
      seats: { type: 'string', default: '100000' },
      horizon: { type: 'string', default: '365' },
      tokens: { type: 'string', default: '1' },
      profile: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'keep-db': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: npm run bench:lease-throughput -- [options]
  --connections N   concurrent connections (200)      --duration S   measured seconds per server (10)
  --warmup S        warm-up seconds per server (2)    --pool N       pg pool size of both servers (10)
  --people N        people in the org (2000)          --departments N  departments (10)
  --seats N         premium seats bought (100000)     --horizon D    days the requests spread over (365)
  --tokens N        owner API tokens to rotate (1)    --profile      count and time SQL statements
  --cpu-prof        V8 CPU profile of the service     --keep-db      keep the database for inspection
Env: BENCH_DATABASE_URL (default: TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)`);
    process.exit(0);
  }
  const int = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  return {
    connections: int('connections', values.connections, 1),
    duration: int('duration', values.duration, 1),
    warmup: int('warmup', values.warmup, 0),
    poolSize: int('pool', values.pool, 1),
    people: int('people', values.people, 1),
    departments: int('departments', values.departments, 1),
    seats: int('seats', values.seats, 1),
    horizon: int('horizon', values.horizon, 1),
    tokens: int('tokens', values.tokens, 1),
    profile: values.profile,
    cpuProf: values['cpu-prof'],
    keepDb: values['keep-db'],
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Drops databases left by benchmark runs that were killed. */
async function dropStaleDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like '${DB_PREFIX}%'`);
    for (const { datname } of rows) {
      const pid = Number(new RegExp(`^${DB_PREFIX}(\\d+)`).exec(datname)?.[1]);
      if (pid && (pid === process.pid || isAlive(pid))) continue;
      await admin.query(`drop database if exists "${datname}" with (force)`);
    }
  } finally {
    await admin.end();
  }
}

type Seed = Readonly<{ orgId: string; personIds: readonly string[]; tokens: readonly string[] }>;

async function seed(url: string, options: Options): Promise<Seed> {
  const { openDatabase } = await import('../src/db/client.ts');
  const { migrateToLatest } = await import('../src/db/migrate.ts');
  const { createAppContext } = await import('../src/app/context.ts');
  const { ensureDefaultCatalog } = await import('../src/app/seats/ensure-catalog.ts');
  const { setQuota } = await import('../src/app/quotas/quotas.ts');
  const { createApiToken } = await import('../src/app/auth/auth.ts');

  const handle = await openDatabase({ kind: 'postgres', url, poolSize: options.poolSize });
  try {
    await migrateToLatest(handle.db);
    const ctx = createAppContext(handle.db);
    await ensureDefaultCatalog(ctx);
    const org = await ctx.repos.organizations.create({ name: 'Bench Co', slug: `bench-${process.pid}` });
    const operator = { kind: 'cli', orgId: org.id } as const;
    const departments: string[] = [];
    for (let d = 0; d < options.departments; d++) departments.push((await ctx.repos.departments.create(org.id, `Department ${d + 1}`)).id);

    const year = new Date().getUTCFullYear();
    const baseSince = new Date(Date.UTC(year - 1, 0, 1));
    const personIds: string[] = [];
    const CHUNK = 500;
    for (let start = 0; start < options.people; start += CHUNK) {
      const count = Math.min(CHUNK, options.people - start);
      const ids = await ctx.repos.people.insertMany(
        org.id,
        Array.from({ length: count }, (_, j) => {
          const i = start + j;
          return { email: `person${i}@bench.example`, name: `Bench Person ${i}`, departmentId: departments[i % departments.length]!, jobFamily: 'software_engineer', employmentStartDate: '2020-01-01' };
        }),
      );
      await ctx.repos.seats.insertAssignments(org.id, ids.map((personId) => ({ personId, vendor: 'anthropic', plan: 'team', tier: 'standard', validFrom: baseSince, validTo: null, reason: 'base', createdBy: null })));
      for (let k = 0; k < ids.length; k += options.poolSize) {
        await Promise.all(ids.slice(k, k + options.poolSize).map((id) => ctx.repos.people.grantRole(org.id, id, 'member', null)));
      }
      personIds.push(...ids);
    }

    const ownerId = await ctx.repos.people.insert(org.id, { email: 'owner@bench.example', name: 'Bench Owner', departmentId: departments[0]!, jobFamily: 'software_engineer', employmentStartDate: '2020-01-01' });
    await ctx.repos.people.grantRole(org.id, ownerId, 'member', null);
    await ctx.repos.people.grantRole(org.id, ownerId, 'owner', null);
    const tokens: string[] = [];
    for (let t = 0; t < options.tokens; t++) tokens.push((await createApiToken(ctx, operator, { name: `bench ${t + 1}`, personId: ownerId })).token);

    await ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'premium', cadence: 'annual', seatsPurchased: options.seats, commitmentEndsOn: null });
    await ctx.repos.seats.insertInventory(org.id, { vendor: 'anthropic', plan: 'team', tier: 'standard', cadence: 'annual', seatsPurchased: options.people + 10, commitmentEndsOn: null });
    const perDepartment = Math.floor(options.seats / departments.length);
    for (const departmentId of departments) {
      await setQuota(ctx, operator, departmentId, { nominalPremium: perDepartment, borrowingLimit: null, lendingLimit: null, monthlyBudget: null });
    }

    await adminOn(url, 'create table bench_baseline (id bigserial primary key, person_id uuid not null, starts_at timestamptz not null, ends_at timestamptz not null, reason text not null, created_at timestamptz not null default now())');
    return { orgId: org.id, personIds, tokens };
  } finally {
    await handle.close();
  }
}

async function adminOn(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

type ServerChild = Readonly<{
  port: number;
  ask: (type: ToChild['type']) => Promise<ChildStats | undefined>;
  exited: Promise<number | null>;
  kill: () => void;
}>;

async function startChild(kind: ServerKind, url: string, options: Options, cpuProfDir: string | undefined): Promise<ServerChild> {
  // One profile per thread (tsx's loader hooks run on a worker thread): the summary reads the busiest.
  const execArgv = [...process.execArgv, ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : [])];
  const child: ChildProcess = fork(SELF, [], {
    execArgv,
    env: { ...process.env, BENCH_CHILD: kind, BENCH_CHILD_DB_URL: url, BENCH_POOL_SIZE: String(options.poolSize), BENCH_PROFILE: options.profile ? '1' : '0' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (stats: ChildStats | undefined) => void; reject: (error: Error) => void }>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then((code) => {
    for (const w of waiting.values()) w.reject(new Error(`${kind} server exited (code ${code})`));
    waiting.clear();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (raw) => {
      const message = raw as FromChild;
      if (message.type === 'ready') resolve(message.port);
      else if (message.type === 'reply') {
        waiting.get(message.id)?.resolve(message.stats);
        waiting.delete(message.id);
      } else if (message.type === 'error') {
        const error = new Error(`${kind} server: ${message.message}`);
        for (const w of waiting.values()) w.reject(error);
        waiting.clear();
        reject(error);
      }
    });
    void exited.then((code) => reject(new Error(`${kind} server exited before listening (code ${code})`)));
  });
  return {
    port,
    exited,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
    ask: (type) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ id, type } satisfies ToChild);
      }),
  };
}

/** Waits for the requests the load generator left in flight to finish (it stops without waiting for them). */
async function waitUntilIdle(child: ServerChild): Promise<void> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const stats = (await child.ask('stats'))!;
    if (stats.inflight === 0) return;
    if (stats.inflight !== last) {
      last = stats.inflight;
      since = Date.now();
    } else if (Date.now() - since > 10_000) {
      console.warn(`warning: ${stats.inflight} requests still in flight and not progressing; going on`);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** CPU time (ms) used so far by the PostgreSQL backends serving a database (Linux /proc, same host); undefined elsewhere. */
async function postgresCpuMs(database: string): Promise<Map<number, number> | undefined> {
  if (process.platform !== 'linux') return undefined;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]);
    const ticks = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100); // utime + stime, USER_HZ = 100
      } catch {
        // Not on this host (remote server) or gone.
      }
    }
    return ticks.size ? ticks : undefined;
  } finally {
    await admin.end();
  }
}

function cpuDelta(before: Map<number, number> | undefined, after: Map<number, number> | undefined): number | undefined {
  if (!before || !after) return undefined;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

type PhaseResult = Readonly<{
  kind: ServerKind;
  warmup: autocannon.Result | undefined;
  result: autocannon.Result;
  window: ChildStats;
  final: ChildStats;
  machineCpu: number;
  /** CPU the PostgreSQL backends of the bench database used in the measured window (ms), when readable. */
  postgresCpuMs: number | undefined;
}>;

async function runPhase(kind: ServerKind, url: string, database: string, options: Options, nextBody: () => { body: string; token: string }, cpuProfDir: string | undefined): Promise<PhaseResult> {
  const child = await startChild(kind, url, options, kind === 'service' ? cpuProfDir : undefined);
  try {
    const request: autocannon.Request = {
      method: 'POST',
      path: kind === 'service' ? '/api/leases' : '/baseline',
      headers: { 'content-type': 'application/json' },
      setupRequest: (req) => {
        const next = nextBody();
        return { ...req, headers: { ...req.headers, ...(kind === 'service' ? { authorization: `Bearer ${next.token}` } : {}) }, body: next.body };
      },
    };
    const load = (duration: number, title: string) =>
      autocannon({ url: `http://127.0.0.1:${child.port}`, connections: options.connections, duration, timeout: 60, requests: [request], title });

    let warmup: autocannon.Result | undefined;
    if (options.warmup > 0) {
      warmup = await load(options.warmup, `${kind} warm-up`);
      await waitUntilIdle(child);
    }
    await child.ask('reset');
    const pg0 = await postgresCpuMs(database);
    const cpu0 = cpuTimes();
    const result = await load(options.duration, kind);
    const cpu1 = cpuTimes();
    const pg1 = await postgresCpuMs(database);
    const window = (await child.ask('stats'))!;
    await waitUntilIdle(child);
    const final = (await child.ask('stats'))!;
    await child.ask('stop');
    await child.exited;
    return { kind, warmup, result, window, final, machineCpu: (cpu1.busy - cpu0.busy) / Math.max(1, cpu1.total - cpu0.total), postgresCpuMs: cpuDelta(pg0, pg1) };
  } finally {
    child.kill();
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function printPhase(phase: PhaseResult): void {
  const { result, window } = phase;
  const codes = Object.entries(result.statusCodeStats).map(([code, s]) => `${code}×${s.count}`).join(', ') || 'none';
  console.log(`  ${phase.kind.padEnd(8)} ${fmt(result.requests.average, 1).padStart(9)} req/s  (total ${fmt(result.requests.total)} in ${result.duration}s)  latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  console.log(`           responses: ${codes}; errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`);
  const served = Math.max(1, window.window.served);
  console.log(`           server side: p50 ${fmt(window.window.serverP50Ms, 1)} ms, p99 ${fmt(window.window.serverP99Ms, 1)} ms; event-loop utilization ${fmt(window.window.eventLoopUtilization * 100)}%, server CPU ${fmt((window.window.cpuMs / window.window.wallMs) * 100)}% of a core; machine CPU ${fmt(phase.machineCpu * 100)}% of ${os.cpus().length} cores`);
  console.log(`           CPU per response: server process ${fmt(window.window.cpuMs / served, 2)} ms${phase.postgresCpuMs === undefined ? '' : `, PostgreSQL backends ${fmt(phase.postgresCpuMs / served, 2)} ms`}`);
}

function label(sql: string): string {
  const s = sql.toLowerCase();
  if (/^(begin|commit|rollback)\b/.test(s)) return s.split(' ')[0]!.toUpperCase();
  const verb = /^(select|insert into|update|delete from|with)/.exec(s)?.[1] ?? s.split(' ')[0] ?? '?';
  const table = verb === 'select' || verb === 'with' ? /\bfrom "?([a-z_]+)"?/.exec(s)?.[1] : /^(?:insert into|update|delete from) "?([a-z_]+)"?/.exec(s)?.[1];
  const joins = [...s.matchAll(/join "([a-z_]+)"/g)].map((m) => m[1]);
  const sub = (s.match(/\(select /g) ?? []).length;
  return `${verb.toUpperCase()} ${table ?? '?'}${joins.length ? ` ⋈ ${joins.join(', ')}` : ''}${sub ? ` (+${sub} subqueries)` : ''}${/ for update/.test(s) ? ' FOR UPDATE' : ''}`;
}

function printProfile(phase: PhaseResult): void {
  const profile = phase.window.profile;
  if (!profile) return;
  const requests = Math.max(1, profile.requests);
  const statements = [...profile.statements].sort((a, b) => b.count - a.count || b.totalMs - a.totalMs);
  const total = statements.reduce((n, s) => n + s.count, 0);
  const locked = statements.reduce((n, s) => n + s.underLock, 0);
  console.log(`\n${phase.kind}: ${fmt(total / requests, 1)} statements per request (${fmt(total)} for ${fmt(profile.requests)} requests completed in the measured window; ${profile.unattributed} outside any request)`);
  if (profile.lockHoldMs.length) {
    const hold = mean(profile.lockHoldMs);
    const sortedHold = [...profile.lockHoldMs].sort((a, b) => a - b);
    const perLock = requests / profile.lockHoldMs.length;
    console.log(`  premium inventory row lock: taken ${fmt(profile.lockHoldMs.length)} times (${fmt(perLock, 1)} requests per batch), held ${fmt(hold, 2)} ms on average (p50 ${fmt(percentile(sortedHold, 50), 2)}, p99 ${fmt(percentile(sortedHold, 99), 2)}) while ${fmt(locked / requests, 1)} statements per request run`);
    console.log(`  → at that batch size it caps grants at ~${fmt((1000 / hold) * perLock)} req/s per organization; waiting for it took ${fmt(mean(profile.lockWaitMs), 1)} ms on average`);
  }
  if (profile.checkouts) {
    console.log(`  pool checkouts: ${fmt(profile.checkouts / requests, 2)} per request, wait mean ${fmt(profile.checkoutMs / profile.checkouts, 1)} ms, p99 ${fmt(profile.checkoutP99Ms, 1)} ms`);
  }
  console.log('  per request  mean ms  under lock  statement');
  for (const s of statements) {
    console.log(`  ${fmt(s.count / requests, 2).padStart(11)}  ${fmt(s.totalMs / s.count, 2).padStart(7)}  ${fmt(s.underLock / requests, 2).padStart(10)}  ${label(s.sql)}`);
  }
  if (process.env.BENCH_SHOW_SQL === '1') for (const s of statements) console.log(`    ${s.sql.slice(0, 600)}`);
}

type CpuProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type CpuProfile = { nodes: CpuProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Self time of a V8 CPU profile grouped by package / source file, and the top functions. */
function summarizeCpuProfile(file: string): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const root = process.cwd();
  const groupOf = (node: CpuProfileNode) => {
    const { url, functionName } = node.callFrame;
    if (!url) return functionName.startsWith('(') ? functionName : '(native)';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    if (pkg) return pkg;
    if (url.startsWith('node:')) return 'node internals';
    const local = url.replace('file://', '');
    return local.startsWith(root) ? path.relative(root, local) : local;
  };
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    total += us;
    const group = groupOf(node);
    groups.set(group, (groups.get(group) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${group}:${node.callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const busy = total - (groups.get('(idle)') ?? 0);
  // Inclusive time of project functions (synchronous stacks only: an async function's time after an
  // await is counted where it resumes), each function counted once per stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      const group = groupOf(node);
      if (!group.startsWith('src/') && !group.startsWith('bench/')) continue;
      const fn = `${node.callFrame.functionName || '(anonymous)'} ${group}:${node.callFrame.lineNumber + 1}`;
      if (seen.has(fn)) continue;
      seen.add(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + us);
    }
  }
  console.log(`\nservice CPU profile (${file}): ${fmt(total / 1000)} ms sampled, ${fmt(busy / 1000)} ms busy; self time of busy samples by package/file:`);
  for (const [g, us] of [...groups].filter(([g]) => g !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${fmt((us / busy) * 100, 1).padStart(5)}%  ${g}`);
  console.log('  project functions (inclusive, synchronous part):');
  for (const [f, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${fmt((us / busy) * 100, 1).padStart(5)}%  ${f}`);
  console.log('  top functions (self):');
  for (const [f, us] of [...functions].filter(([f]) => !f.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${fmt((us / busy) * 100, 1).padStart(5)}%  ${f}`);
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const options = parseOptions();
  const name = `${DB_PREFIX}${process.pid}`;
  const url = withDatabase(ADMIN_URL, name);
  const cpuProfDir = options.cpuProf ? fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-bench-prof-')) : undefined;
  let created = false;
  const cleanup = async () => {
    if (created && !options.keepDb) await adminQuery(`drop database if exists "${name}" with (force)`);
    created = false;
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // The figures are only comparable on an otherwise idle machine: say so when it is not.
    const idle0 = cpuTimes();
    await new Promise((r) => setTimeout(r, 1000));
    const idle1 = cpuTimes();
    const busyBefore = (idle1.busy - idle0.busy) / Math.max(1, idle1.total - idle0.total);
    console.log(`machine before start: ${fmt(busyBefore * 100)}% CPU busy, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}${busyBefore > 0.2 ? ' — WARNING: other work is running, figures will be noisy' : ''}`);
    await dropStaleDatabases();
    await adminQuery(`create database "${name}"`);
    created = true;
    const seedStarted = performance.now();
    const seeded = await seed(url, options);
    console.log(`seeded ${name}: ${fmt(options.people)} people in ${options.departments} departments, ${fmt(options.seats)} premium seats, ${options.tokens} owner token(s) (${fmt((performance.now() - seedStarted) / 1000, 1)} s)`);
    console.log(`load: ${options.connections} connections, ${options.warmup} s warm-up + ${options.duration} s measured per server, pg pool ${options.poolSize}, node ${process.version}, ${os.cpus().length} CPUs${options.profile ? ', SQL probe ON (adds overhead)' : ''}${options.cpuProf ? ', CPU profiler ON (adds overhead)' : ''}\n`);

    // Request n: person floor(n / horizon), the day `n % horizon` days after tomorrow: never overlapping.
    const tomorrow = Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS;
    let sequence = 0;
    const nextBody = () => {
      const n = sequence++;
      const personId = seeded.personIds[Math.floor(n / options.horizon) % seeded.personIds.length]!;
      const startsAt = tomorrow + (n % options.horizon) * DAY_MS;
      return {
        body: JSON.stringify({ personId, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + DAY_MS).toISOString(), reason: `bench request ${n}` }),
        token: seeded.tokens[n % seeded.tokens.length]!,
      };
    };

    await adminOn(url, 'checkpoint');
    const baseline = await runPhase('baseline', url, name, options, nextBody, undefined);
    const baselineSequence = sequence;
    sequence = 0;
    await adminOn(url, 'vacuum analyze');
    await adminOn(url, 'checkpoint');
    const service = await runPhase('service', url, name, options, nextBody, cpuProfDir);
    const requestsGenerated = sequence;

    // Validity: every request approved, one lease per 201, nothing else.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let leaseRows: Array<{ status: string; rule: string; n: number }>;
    let baselineRows: number;
    try {
      leaseRows = (await client.query<{ status: string; rule: string; n: number }>(`select status, decision_rule as rule, count(*)::int as n from leases where org_id = $1 group by 1, 2 order by 3 desc`, [seeded.orgId])).rows;
      baselineRows = (await client.query<{ n: number }>('select count(*)::int as n from bench_baseline')).rows[0]!.n;
    } finally {
      await client.end();
    }
    const leases = leaseRows.reduce((n, r) => n + r.n, 0);
    const approved = leaseRows.filter((r) => (r.status === 'scheduled' || r.status === 'active') && r.rule.startsWith('auto_approve.')).reduce((n, r) => n + r.n, 0);
    const server201 = service.final.statuses['201'] ?? 0;
    const serverOther = Object.entries(service.final.statuses).filter(([code]) => code !== '201');
    const client201 = (service.warmup?.statusCodeStats['201']?.count ?? 0) + (service.result.statusCodeStats['201']?.count ?? 0);
    const clientNon201 = [service.warmup, service.result].reduce((n, r) => n + (r ? r.non2xx + r.errors + r.timeouts + Object.entries(r.statusCodeStats).filter(([c]) => c !== '201').reduce((m, [, s]) => m + s.count, 0) : 0), 0);
    const baselineServer201 = baseline.final.statuses['201'] ?? 0;

    console.log('results (measured window):');
    printPhase(baseline);
    printPhase(service);
    console.log('\nvalidity (warm-up + measured):');
    console.log(`  service: ${fmt(client201)} 201 responses received, ${fmt(server201)} sent by the server (${fmt(service.final.clientGone)} completed after the load generator dropped the connection), ${fmt(leases)} leases created, ${fmt(approved)} auto-approved; ${fmt(service.final.abandoned)} requests dropped unread at cut-off (never handled)`);
    console.log(`  lease outcomes: ${leaseRows.map((r) => `${r.status}/${r.rule}×${r.n}`).join(', ') || 'none'}`);
    console.log(`  non-201: ${clientNon201} received by the client${serverOther.length ? `; server sent ${serverOther.map(([c, n]) => `${c}×${n}`).join(', ')}` : ''}`);
    console.log(`  baseline: ${fmt(baselineServer201)} 201 sent, ${fmt(baselineRows)} rows inserted; request bodies generated: service ${fmt(requestsGenerated)}, baseline ${fmt(baselineSequence)}`);
    const problems: string[] = [];
    if (clientNon201 > 0 || serverOther.length > 0) problems.push('non-201 responses');
    if (leases !== server201) problems.push(`${leases} leases for ${server201} 201 responses`);
    if (approved !== leases) problems.push(`${leases - approved} leases not auto-approved`);
    if (baselineRows !== baselineServer201) problems.push(`baseline: ${baselineRows} rows for ${baselineServer201} 201 responses`);
    if (requestsGenerated > options.horizon * seeded.personIds.length) problems.push('more requests than (person, day) pairs: raise --people or --horizon');
    console.log(`  valid: ${problems.length ? `NO (${problems.join('; ')})` : 'yes'}`);

    printProfile(baseline);
    printProfile(service);
    if (cpuProfDir) {
      const files = fs.readdirSync(cpuProfDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(cpuProfDir, f));
      const largest = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
      if (largest) summarizeCpuProfile(largest);
      else console.log(`\n(no CPU profile found in ${cpuProfDir})`);
    }

    const ratio = service.result.requests.average / Math.max(1e-9, baseline.result.requests.average);
    const p99 = service.result.latency.p99;
    const misses = [...(ratio < 0.5 ? [`ratio ${ratio.toFixed(2)} < 0.5`] : []), ...(p99 >= 50 ? [`p99 ${p99} ms >= 50 ms`] : [])];
    console.log('');
    if (options.keepDb) console.log(`database kept: ${url}`);
    console.log(`baseline: ${fmt(baseline.result.requests.average, 1)} req/s, p50 ${baseline.result.latency.p50} ms, p99 ${baseline.result.latency.p99} ms`);
    console.log(`service:  ${fmt(service.result.requests.average, 1)} req/s, p50 ${service.result.latency.p50} ms, p99 ${service.result.latency.p99} ms`);
    console.log(`goal: ${misses.length ? `missed (${misses.join('; ')})` : 'met'}${problems.length ? ' — RUN INVALID' : ''}`);
    console.log(`ratio: ${ratio.toFixed(2)}`);
    console.log(`p99_ms: ${p99}`);
    return problems.length ? 1 : 0;
  } finally {
    await cleanup();
  }
}

const childKind = process.env.BENCH_CHILD as ServerKind | undefined;
if (childKind) {
  runChild(childKind).catch((error: unknown) => {
    process.send?.({ type: 'error', message: String((error as Error)?.stack ?? error) } satisfies FromChild);
    process.exitCode = 1;
  });
} else {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
