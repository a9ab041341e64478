import { constants as fsConstants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/env.ts';
import { isUuid } from '../domain/ids.ts';
import { isIsoDate } from '../domain/people-import.ts';
import { getPrimaryOrganization } from '../app/org.ts';
import type { Actor } from '../app/context.ts';
import type { LockOwner } from '../db/data-dir-lock.ts';
import { AppError, isAppError } from '../errors.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { reportCliError } from './output.ts';

/** Calls the running server's API as the local operator. */
export type ServerClient = (method: string, path: string, body?: { contentType: string; data: string | Uint8Array }) => Promise<unknown>;

/**
 * Opens the database for one CLI command, runs it and closes it. When the embedded database belongs to
 * a running server, commands that have a `remote` form go through that server's API instead; the rest
 * say clearly who holds the database. Errors print `CODE: message` and set exit code 1.
 */
export async function withRuntime(
  command: string,
  local: (runtime: Runtime) => Promise<void>,
  remote?: (client: ServerClient) => Promise<void>,
): Promise<void> {
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig(process.env);
    try {
      runtime = await openRuntime(config, { command });
    } catch (error) {
      const owner = isAppError(error) && error.code === 'DATA_DIR_LOCKED' ? (error.cause as LockOwner | undefined) : undefined;
      if (!remote || owner?.command !== 'serve' || !owner.port || !owner.operatorKey) throw error;
      await remote(createServerClient(owner));
      return;
    }
    await local(runtime);
  } catch (error) {
    reportCliError(error);
  } finally {
    await runtime?.close();
  }
}

function createServerClient(owner: LockOwner): ServerClient {
  const host = !owner.host || owner.host === '0.0.0.0' || owner.host === '::' ? '127.0.0.1' : owner.host;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${owner.port}`;
  return async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${owner.operatorKey}`, ...(body ? { 'content-type': body.contentType } : {}) },
      ...(body ? { body: body.data as BodyInit } : {}),
    });
    // JSON (problems included) is parsed; anything else (HTML reports, CSV, JSON lines) comes back as text.
    if (response.ok && !/^application\/(problem\+)?json\b/.test(response.headers.get('content-type') ?? '')) return response.text();
    const payload = (await response.json()) as { code?: string; detail?: string };
    if (!response.ok) {
      throw new AppError((payload.code as never) ?? 'INTERNAL', { message: payload.detail ?? `${response.status} from the server` });
    }
    return payload;
  };
}

/** A JSON request body for the server client. */
export const jsonBody = (value: unknown) => ({ contentType: 'application/json', data: JSON.stringify(value) });

/** A department's id by name, case-insensitive; NOT_FOUND names the department when there is none. */
export async function localDepartmentId(runtime: Runtime, orgId: string, name: string): Promise<string> {
  const department = await runtime.ctx.repos.departments.findByName(orgId, name);
  if (!department) throw new AppError('NOT_FOUND', { message: `No department named "${name}"` });
  return department.id;
}

/** Through the running server: a department's id by name, case-insensitive (as `localDepartmentId`). */
export async function remoteDepartmentId(client: ServerClient, name: string): Promise<string> {
  const { items } = (await client('GET', '/api/departments')) as { items: Array<{ id: string; name: string }> };
  const department = items.find((d) => d.name.toLowerCase() === name.toLowerCase());
  if (!department) throw new AppError('NOT_FOUND', { message: `No department named "${name}"` });
  return department.id;
}

/** The CLI acts as an operator of the installation's organization. */
export async function cliActor(runtime: Runtime): Promise<Actor> {
  const org = await getPrimaryOrganization(runtime.ctx);
  return { kind: 'cli', orgId: org.id };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The --format option, or undefined after reporting a bad value. */
export function parseFormat(value: string): 'json' | 'table' | undefined {
  if (value === 'json' || value === 'table') return value;
  reportCliError(new AppError('VALIDATION_FAILED', { message: `--format must be json or table (got ${value})` }));
  return undefined;
}

/** The whole of stdin, without the trailing newline; credentials never travel in argv. */
export async function readStdin(what: string): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(`Paste the ${what}, then press Ctrl-D:\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const value = Buffer.concat(chunks).toString('utf8').trim();
  if (!value) throw new AppError('VALIDATION_FAILED', { message: `No ${what} on stdin` });
  return value;
}

/**
 * Runs the checks of a command's arguments before any database is opened or anything is written;
 * false after reporting the first problem (`CODE: message`, exit code 1).
 */
export async function argumentsOk(check: () => unknown): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (error) {
    reportCliError(error);
    return false;
  }
}

/** A YYYY-MM-DD option value that is a real calendar day; VALIDATION_FAILED naming the option otherwise. */
export function isoDayOption(option: string, value: string): string {
  if (!isIsoDate(value)) throw new AppError('VALIDATION_FAILED', { message: `${option} must be a date in YYYY-MM-DD form (got ${value})` });
  return value;
}

/** An id argument (every id in Seatwise is a UUID); VALIDATION_FAILED naming the argument otherwise. */
export function uuidArgument(value: string, name = '<id>'): string {
  if (!isUuid(value)) throw new AppError('VALIDATION_FAILED', { message: `${name} must be a UUID (got ${value})` });
  return value;
}

/** The reason of a failed file operation without Node's code prefix and path suffix ("no such file or directory"). */
function fileReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
}

const cannotWrite = (option: string, file: string, reason: string) => new AppError('VALIDATION_FAILED', { message: `${option} cannot write ${file}: ${reason}` });

/**
 * Checks, before any work starts, that FILE can be written (it exists and is writable, or its folder
 * exists and is writable) without creating or truncating it; VALIDATION_FAILED naming the option, the
 * path and the reason otherwise.
 */
export async function checkOutputFile(option: string, file: string): Promise<void> {
  const existing = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw cannotWrite(option, file, fileReason(error));
  });
  if (existing?.isDirectory()) throw cannotWrite(option, file, 'it is a directory');
  if (existing) {
    await access(file, fsConstants.W_OK).catch((error: unknown) => {
      throw cannotWrite(option, file, fileReason(error));
    });
    return;
  }
  const folder = path.dirname(path.resolve(file));
  const parent = await stat(folder).catch(() => undefined);
  if (!parent) throw cannotWrite(option, file, `folder ${folder} does not exist`);
  if (!parent.isDirectory()) throw cannotWrite(option, file, `${folder} is not a directory`);
  await access(folder, fsConstants.W_OK | fsConstants.X_OK).catch((error: unknown) => {
    throw cannotWrite(option, file, fileReason(error));
  });
}

/** Writes an output file named by OPTION; a failure is one line naming the option, the path and the reason. */
export async function writeOutputFile(option: string, file: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(file, data);
  } catch (error) {
    throw outputFileError(option, file, error);
  }
}

/** A write failure of the output file named by OPTION, as `writeOutputFile` reports it. */
export function outputFileError(option: string, file: string, error: unknown): AppError {
  return cannotWrite(option, file, fileReason(error));
}
