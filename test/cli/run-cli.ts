import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/seatwise.js');

let scratchDataDir: string | undefined;
/** One data folder per test file, outside the project, for CLIs whose test names none (it still holds the generated secret). */
function defaultDataDir(): string {
  if (!scratchDataDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatwise-cli-data-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    scratchDataDir = dir;
  }
  return scratchDataDir;
}

/** Environment for a child CLI: only what the test sets, plus PATH/HOME and a data folder outside the project. */
export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', SEATWISE_DATA_DIR: extra.SEATWISE_DATA_DIR ?? defaultDataDir(), ...extra };
}

export type CliResult = Readonly<{ code: number | null; stdout: string; stderr: string }>;

/** Runs `seatwise <args>` to completion; `stdin`, when given, is piped in and closed (credentials never travel in argv). */
export function runCli(args: readonly string[], env: Record<string, string>, timeoutMs = 60_000, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (stdin !== undefined) child.stdin.end(stdin);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`seatwise ${args.join(' ')} timed out; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `seatwise serve` in the background; resolves once /readyz answers. */
export async function startServe(env: Record<string, string>, port: number, timeoutMs = 90_000): Promise<{ child: ChildProcess; baseUrl: string; output: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: cliEnv({ ...env, PORT: String(port) }) });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${output}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not become ready: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    child,
    baseUrl,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A TCP port that is free right now. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A scratch folder for files a test hands to the CLI; `remove` deletes it. */
export function tempFiles(prefix: string): { dir: string; file: (name: string, content: string | Buffer) => string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name, content) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, content);
      return p;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
