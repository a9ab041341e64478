import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { createFileWhole, replaceFileWhole } from '../files.ts';

export type DataDirLock = Readonly<{ file: string; release: () => void; update: (info: Record<string, unknown>) => void }>;

export type LockOwner = Readonly<{ pid: number; command?: string; port?: number; host?: string; operatorKey?: string; startedAt?: string }>;

const LOCK_FILE = 'seatwise.lock';
const MAX_ATTEMPTS = 20;
const UNREADABLE_WAIT_MS = 25;

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isHeld(owner: LockOwner): boolean {
  return owner.pid !== process.pid && isProcessAlive(owner.pid);
}

/** The lock file's text and owner (undefined when it cannot be parsed), or undefined when there is no lock file. */
function readLock(file: string): { text: string; owner: LockOwner | undefined } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as LockOwner | null;
    return { text, owner: typeof owner?.pid === 'number' ? owner : undefined };
  } catch {
    return { text, owner: undefined };
  }
}

/** A takeover claim older than this belongs to a process that died in the middle of one (it takes microseconds). */
const ABANDONED_CLAIM_MS = 10_000;

/**
 * Removes a lock left by a dead process so that, of several processes doing this at once, exactly one
 * does: each must first create a claim file named after the stale lock's content (only one creation
 * succeeds), and the holder removes the lock only if it still holds that content. Nobody else can
 * have replaced it meanwhile: its owner is dead, and only a claim holder removes a stale lock. True
 * when the stale lock is gone; false when another process holds the claim (the caller waits, retries).
 */
function removeStaleLock(file: string, staleText: string): boolean {
  const claim = `${file}.takeover-${createHash('sha256').update(staleText).digest('hex').slice(0, 16)}`;
  if (!createFileWhole(claim, String(process.pid))) {
    try {
      if (Date.now() - fs.statSync(claim).mtimeMs > ABANDONED_CLAIM_MS) fs.rmSync(claim, { force: true });
    } catch {
      // gone meanwhile: retry
    }
    return false;
  }
  try {
    if (readLock(file)?.text === staleText) fs.rmSync(file, { force: true });
    return true;
  } finally {
    fs.rmSync(claim, { force: true });
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads the lock owner of a data folder, or undefined when nobody live holds it. */
export function findDataDirOwner(dataDir: string): LockOwner | undefined {
  try {
    const owner = readLock(path.join(dataDir, LOCK_FILE))?.owner;
    return owner && isHeld(owner) ? owner : undefined;
  } catch {
    return undefined;
  }
}

function lockedError(dataDir: string, file: string, owner: LockOwner | undefined): AppError {
  const what = !owner
    ? `another process (its lock file ${file} cannot be read; delete it if no Seatwise process uses this folder)`
    : owner.command === 'serve'
      ? `the Seatwise server (pid ${owner.pid}${owner.port ? `, port ${owner.port}` : ''})`
      : `another Seatwise process (pid ${owner.pid})`;
  return new AppError('DATA_DIR_LOCKED', {
    cause: owner,
    message: `The embedded database in ${path.resolve(dataDir)} is in use by ${what}. Stop it first, or point DATABASE_URL at a PostgreSQL server that several processes can share.`,
  });
}

/**
 * Takes the embedded database folder for this process. PGlite files must never be opened by two
 * processes at once, so a second opener fails fast with DATA_DIR_LOCKED naming the holder; a lock
 * left by a dead process is taken over. The lock file only ever appears or changes whole, so a lock
 * that cannot be parsed is not ours to judge: it counts as held, never as stale.
 */
export function acquireDataDirLock(dataDir: string, info: Record<string, unknown>): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const content = (extra: Record<string, unknown>) => JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), ...extra });
  for (let attempt = 1; !createFileWhole(file, content(info)); attempt++) {
    const current = readLock(file);
    if (current?.owner && isHeld(current.owner)) throw lockedError(dataDir, file, current.owner);
    if (current && !current.owner) {
      if (attempt >= MAX_ATTEMPTS) throw lockedError(dataDir, file, undefined);
      sleep(UNREADABLE_WAIT_MS);
    } else if (current && !removeStaleLock(file, current.text)) {
      sleep(UNREADABLE_WAIT_MS);
    }
    if (attempt >= MAX_ATTEMPTS) throw Object.assign(new Error(`EEXIST: could not take ${file}`), { code: 'EEXIST' });
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
      if (owner.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return {
    file,
    release,
    update: (extra) => replaceFileWhole(file, content({ ...info, ...extra })),
  };
}
