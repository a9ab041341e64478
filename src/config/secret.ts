import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createFileWhole } from '../files.ts';
import type { Config } from './env.ts';

/**
 * The signing secret: SEATWISE_SECRET when set, otherwise one generated on first start and kept
 * (mode 0600) in the data folder so sessions survive restarts. Processes that start at the same
 * moment agree on one secret: the file appears whole (written aside, then hard-linked into place,
 * which fails if another process got there first) and the loser reads the winner's.
 */
export function resolveSecret(config: Pick<Config, 'secret' | 'dataDir'>): string {
  if (config.secret) return config.secret;
  const file = path.join(config.dataDir, 'secret');
  const existing = readSecretFile(file);
  if (existing) return existing;
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  if (createFileWhole(file, secret)) return secret;
  const winner = readSecretFile(file);
  if (!winner) throw new Error(`${file} exists but is empty; delete it to have a new secret generated`);
  return winner;
}

function readSecretFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
