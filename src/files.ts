import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

// Files several processes read while one writes them (the signing secret, the embedded data folder's
// lock): a reader sees the old content or the new, never an empty or partly written file.

/** Writes CONTENT (mode 0600) to a file beside FILE with a name no other process uses; returns its path. */
function writeAside(file: string, content: string): string {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(aside, content, { flag: 'wx', mode: 0o600 });
  return aside;
}

/**
 * Creates FILE with CONTENT, whole: written aside, then hard-linked into place, which fails if FILE
 * exists. False when another process got there first (its file is left as it is).
 */
export function createFileWhole(file: string, content: string): boolean {
  const aside = writeAside(file, content);
  try {
    fs.linkSync(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/** Replaces FILE's content in one step: written aside, then renamed over it. */
export function replaceFileWhole(file: string, content: string): void {
  const aside = writeAside(file, content);
  try {
    fs.renameSync(aside, file);
  } finally {
    fs.rmSync(aside, { force: true });
  }
}
