import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { Actor } from '../platform/auth/roles.js';
import type { CliKit, DataOptions } from '../platform/cli-kit.js';
import { systemClock } from '../platform/clock.js';
import { loadConfig, type Config, type ConfigOverrides } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import { readLock } from '../platform/db/lock.js';
import { AppError } from '../platform/errors.js';
import type { Services } from '../services.js';
import { callApi } from './api-client.js';

/** What every command shares: options for the data folder, opening it, the running server. */
export type { DataOptions };

/** Where a run of the CLI writes: the process's streams, or a test's buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export function configFrom(opts: DataOptions & ConfigOverrides): Config {
  return loadConfig({
    dataDir: opts.data,
    databaseUrl: opts.databaseUrl,
    port: opts.port,
    host: opts.host,
    demo: opts.demo,
  });
}

/** Opens the folder directly (taking its locks) and runs `fn` with the services. */
export async function withServices<T>(
  config: Config,
  purpose: string,
  fn: (s: Services, db: Database) => Promise<T>,
  progress: (message: string) => void,
): Promise<T> {
  // The database, the modules and their libraries load only when a command opens the folder.
  const [{ composeModules, openLocked, openModules }, { migrations }, { migrateToLatest }] =
    await Promise.all([
      import('../services.js'),
      import('../migrations.js'),
      import('../platform/db/migrate.js'),
    ]);
  const { database, held } = await openLocked(config, purpose, progress);
  try {
    await migrateToLatest(database, migrations, progress);
    const composition = composeModules(database, config, systemClock, held);
    try {
      await openModules(composition);
      return await fn(composition.services, database);
    } finally {
      await composition.services.ledger.sequence().catch(() => 0);
      composition.services.close();
    }
  } finally {
    await database.close();
    for (const h of held.values()) h.release();
  }
}

/** When a server holds the folder, a data-changing command goes through its API. */
export function runningServer(config: Config): { url: string } | undefined {
  if (config.databaseUrl) return undefined;
  const lock = readLock(config.dataDir);
  if (!lock?.url) return undefined;
  try {
    process.kill(lock.pid, 0);
  } catch {
    return undefined;
  }
  return { url: lock.url };
}

export function requireToken(config: Config, server: { url: string }, token: string | undefined): string {
  if (token) return token;
  throw new AppError(
    'data_locked',
    `A server is running on ${config.dataDir} (${server.url}). Pass --token (or WANGAN_TOKEN) to go through its API, or stop it first.`,
  );
}

export const cliActor: Actor = { userId: 'cli', username: 'cli', role: 'admin', via: 'cli' };

export const dataOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('--data <dir>', 'embedded data folder').env('WANGAN_DATA').default('data'))
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL server instead of the embedded folder').env(
        'DATABASE_URL',
      ),
    );

/** `--token`: going through a running server's API (a server holds the folder). */
export const tokenOption = () =>
  new Option('--token <token>', 'API token, when a server is running on the folder').env('WANGAN_TOKEN');

/** A file the user names on the command line, or a clear not_found naming it. */
export function readInputFile(file: string): string {
  return readInputBytes(file).toString('utf8');
}

export function readInputBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new AppError('not_found', {
      en: `Cannot read ${file}: ${why}`,
      zh: `无法读取文件 ${file}（${why}）。`,
    });
  }
}

/** The kit the modules' commands are given (src/platform/cli-kit.ts), writing to `io`. */
export function createKit(io: CliIo, onCheckFailed: () => void): CliKit {
  const progress = (message: string) => io.err(`… ${message}\n`);
  return {
    out: io.out,
    err: io.err,
    progress,
    checkFailed: onCheckFailed,
    dataOptions,
    tokenOption,
    configFrom,
    withServices: (config, purpose, fn) => withServices(config, purpose, fn, progress),
    runningServer,
    requireToken,
    callApi,
    readInputFile,
    readInputBytes,
    actor: cliActor,
  };
}
