import type { Command, Option } from 'commander';
import type { Actor } from './auth/roles.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Services } from './module.js';

/** `--data` and `--database-url`, as every command that opens the data takes them. */
export interface DataOptions {
  data?: string;
  databaseUrl?: string;
}

/**
 * What a capability's commands (`src/<key>/cli.ts`, declared as its module's
 * `cli`) are given by the CLI: where to write, how to open the data folder or
 * reach a running server. A capability never imports `src/cli/`; the CLI
 * passes this in, and a test can run the commands in its own process with its
 * own output.
 */
export interface CliKit {
  /** Standard output (what a script reads). */
  out(text: string): void;
  /** Standard error (progress, warnings, errors). */
  err(text: string): void;
  /** One line of progress on standard error. */
  progress(message: string): void;
  /** The command ran but its check failed: exit code 3. */
  checkFailed(): void;
  /** Adds `--data` and `--database-url` to a command. */
  dataOptions(cmd: Command): Command;
  /** `--token`, for going through a running server's API. */
  tokenOption(): Option;
  configFrom(opts: DataOptions): Config;
  /** Opens the data directly (taking its locks), runs `fn` with every service, closes. */
  withServices<T>(config: Config, purpose: string, fn: (s: Services, db: Database) => Promise<T>): Promise<T>;
  /** The server holding the data folder, when one runs: data-changing commands go through its API. */
  runningServer(config: Config): { url: string } | undefined;
  /** The `--token` given, or a clear `data_locked` error naming the running server. */
  requireToken(config: Config, server: { url: string }, token: string | undefined): string;
  /** A call to the running server's API with a token; its errors keep their code. */
  callApi<T>(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T>;
  /** A file the user names, as text (UTF-8), or a clear `not_found` naming it. */
  readInputFile(file: string): string;
  /** The same, as bytes (files that may be GB18030 or binary). */
  readInputBytes(file: string): Buffer;
  /** Who the CLI acts as when it opens the data directly. */
  actor: Actor;
}
