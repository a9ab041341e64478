import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';

export type DataDirLock = Readonly<{ file: string; release: () => void; update: (info: Record<string, unknown>) => void }>;

export type LockOwner = Readonly<{ pid: number; command?: string; port?: number; host?: string; operatorKey?: string; startedAt?: string }>;

const LOCK_FILE = 'seatwise.lock';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the lock owner of a data folder, or undefined when nobody live holds it. */
export function findDataDirOwner(dataDir: string): LockOwner | undefined {
  const file = path.join(dataDir, LOCK_FILE);
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && owner.pid !== process.pid && isProcessAlive(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the embedded database folder for this process. PGlite files must never be opened by two
 * processes at once, so a second opener fails fast with DATA_DIR_LOCKED naming the holder; a lock
 * left by a dead process is taken over.
 */
export function acquireDataDirLock(dataDir: string, info: Record<string, unknown>): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const write = (extra: Record<string, unknown>, flag: 'wx' | 'w') =>
    fs.writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), ...extra }), {
      flag,
      mode: 0o600,
    });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      write(info, 'wx');
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = findDataDirOwner(dataDir);
      if (owner) {
        const what = owner.command === 'serve' ? `the Seatwise server (pid ${owner.pid}${owner.port ? `, port ${owner.port}` : ''})` : `another Seatwise process (pid ${owner.pid})`;
        throw new AppError('DATA_DIR_LOCKED', {
          cause: owner,
          message: `The embedded database in ${path.resolve(dataDir)} is in use by ${what}. Stop it first, or point DATABASE_URL at a PostgreSQL server that several processes can share.`,
        });
      }
      fs.rmSync(file, { force: true });
      if (attempt === 2) throw error;
    }
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
    update: (extra) => write({ ...info, ...extra }, 'w'),
  };
}
