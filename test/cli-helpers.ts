import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Running the `wangan` command the way a user does, for the CLI and crash tests. */
export const root = path.resolve(import.meta.dirname, '..');
export const bin = path.join(root, 'bin', 'wangan.mjs');

/**
 * Runs `wangan ARGS` in this process (the same program the binary runs, its
 * output captured), with `env` set for the call (an empty value unsets the
 * variable). Far cheaper than a process per call; `cliProcess` runs the real
 * binary where the process itself is the point (exit codes, locks, signals).
 */
export async function cli(args: string[], env: Record<string, string> = {}) {
  const { runCli } = await import('../src/cli/program.js');
  let stdout = '';
  let stderr = '';
  const saved = new Map<string, string | undefined>();
  for (const [k, v] of Object.entries({ DATABASE_URL: '', WANGAN_DATA: '', WANGAN_TOKEN: '', ...env })) {
    saved.set(k, process.env[k]);
    if (v === '') delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const code = await runCli([process.execPath, bin, ...args], {
      out: (t) => void (stdout += t),
      err: (t) => void (stderr += t),
    });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Runs the `wangan` binary as a user does, in a process of its own. */
export function cliProcess(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', WANGAN_DATA: '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `wangan serve` and resolves once it prints its URL. */
export function serve(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /is up at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    // Gone already, by its own exit or by a signal (then exitCode stays null and 'exit' has fired).
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-cli-'));
