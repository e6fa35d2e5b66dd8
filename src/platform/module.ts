import type { Command } from 'commander';
import type { Kysely, Migration } from 'kysely';
import type { Deadline } from '../../contract/status.js';
import { narrowScopes } from './auth/roles.js';
import type { CliKit } from './cli-kit.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { UnitOfWork } from './db/unit-of-work.js';
import type { ZodApp } from './http/server.js';
import type { Task } from './jobs.js';
import type { PlatformServices } from './services.js';

/**
 * The capability module contract. Each capability (law, obligations, ledger,
 * governance, registers, CII, workspace, the audit pack, and those to come)
 * declares one `CapabilityModule` in its folder (`src/<key>/module.ts`); the
 * composition root, the CLI, the migrations and the console's navigation
 * iterate one explicit list of them (`src/modules.ts`). Adding a capability
 * adds its folder and one line to that list.
 *
 * Services: a module's `build` returns its service; the module also merges its
 * type into `ServiceRegistry` (declaration merging), so other modules reach it
 * typed through `ctx.get(key)`, and the platform never imports a capability.
 */
// Capabilities add their services here with `declare module '../platform/module.js'`.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServiceRegistry {}

export type Services = PlatformServices & ServiceRegistry;

/** What every module is built from. */
export interface ModuleContext {
  database: Database;
  config: Config;
  clock: Clock;
  uow: UnitOfWork;
  /** The environment (settings sections read their overrides from it). */
  env: NodeJS.ProcessEnv;
  /** Prints HTML to PDF (Debian's Chromium; a fake in tests that are not about the PDF). */
  printPdf: (html: string) => Promise<Buffer>;
  /** A service built by an earlier module in the list (or the platform's). */
  get<K extends keyof Services>(key: K): Services[K];
  /** This module's settings section, as its `settings.read` gave it. */
  settings<T>(key: string): T;
  /** Every module's open items, gathered when asked (modules later in the list included). */
  openItems(): Promise<Deadline[]>;
  /** Services hold files (a tree log, a lock): released in reverse order at close. */
  onClose(release: () => void): void;
  /** The database as a capability's store sees it: its own tables only. */
  tables<T>(): Kysely<T>;
  /** Logs a failure of background work (the server's log, or stderr in the CLI). */
  report(err: unknown, what: string): void;
  /** What this module's `acquire` took before the database was opened. */
  held<T>(key: string): T;
  /** Every module's pack and report sections (for the audit pack and the report). */
  packSections(): PackSection[];
  reportSections(): ReportSection[];
}

/** Something held for the process's life (a lock on a folder). */
export interface Held {
  release(): void;
}

/** A settings section: defaults from catalog/ where the catalogue holds the number, the environment only overriding. */
export interface SettingsSection<T> {
  read(env: NodeJS.ProcessEnv): T;
  /** Names of the environment variables it reads, for the docs and `--help`. */
  variables: readonly string[];
}

/** A file of the audit pack, covered by the signed manifest. */
export interface PackSection {
  file: string;
  contents(period: Period): Promise<string | Buffer>;
}

/** A section of the bilingual audit report: rows of text (escaped by the report). */
export interface ReportSection {
  title: { zh: string; en: string };
  rows(period: Period): Promise<{ cells: string[] }[]>;
  columns: { zh: string; en: string }[];
}

export interface Period {
  from?: Date | undefined;
  to?: Date | undefined;
}

/** A long-running part (a listener, a sequencer): started after the routes, stopped before the database closes. */
export interface Lifecycle {
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

export interface CapabilityModule<S = unknown> {
  /** The capability's key: its folder, its console page, its migrations' prefix. */
  key: string;
  /** Articles it serves (CSL 2025, 2016 numbering in brackets), for the navigation tooltip. */
  articles: string;
  /** False for a capability still being built: the console marks it planned, and it has nothing else. */
  available: boolean;
  /** Whether the console shows it in the navigation (the workspace and the audit pack have pages of their own). */
  nav?: boolean;
  /**
   * Migrations, named `<key>/NNNN-name` so two capabilities built at once never collide
   * (names from before the contract, `NNNN-key`, are kept so existing databases upgrade in place).
   */
  migrations?: Record<string, Migration>;
  settings?: SettingsSection<unknown>;
  /** Locks it needs, taken before the database is opened (a second process stops before touching anything). */
  acquire?(config: Config): Promise<Held>;
  /** Builds the capability's service from the shared dependencies and earlier modules' services. */
  build?(ctx: ModuleContext): S;
  /** Runs once all modules are built, in the server and in the CLI alike (recover after a crash, ...). */
  open?(service: S, ctx: ModuleContext): Promise<void>;
  /** Its routes (public ones declare `access: 'public'`; every route declares its roles). */
  routes?(app: ZodApp, service: S, ctx: ModuleContext): void;
  /** Narrow token scopes its machine routes accept (service accounts: a SIEM, a log shipper). */
  scopes?: readonly string[];
  /** Its background tasks (one per file in `<key>/jobs/`). */
  jobs?(service: S, ctx: ModuleContext): Task[];
  /** Long-running listeners, started when the server runs. */
  lifecycle?(service: S, ctx: ModuleContext): Lifecycle;
  /** The deadlines its records leave (open items), for the workspace, the dashboard and the reminders. */
  openItems?(service: S, ctx: ModuleContext): Promise<Deadline[]>;
  /** Its files in the audit pack. */
  pack?(service: S, ctx: ModuleContext): PackSection[];
  /** Its section of the bilingual report. */
  report?(service: S, ctx: ModuleContext): ReportSection;
  /**
   * Its `wangan` commands (`src/<key>/cli.ts`): registered on the program with
   * the CLI's kit; a command opens the data through `kit.withServices` only
   * when it runs.
   */
  cli?(program: Command, kit: CliKit): void;
  /** Demo data that shows it working (and one item overdue); returns how many records it made. */
  demo?(service: S, ctx: ModuleContext): Promise<number>;
}

/** Checks the list: unique keys, migration names under the module's key (or from before the contract). */
export function checkModules(
  modules: readonly CapabilityModule[],
  legacyMigrations: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  const names = new Set<string>();
  for (const m of modules) {
    if (!/^[a-z][a-z0-9-]*$/.test(m.key)) problems.push(`module key "${m.key}" is not a lower-case word`);
    if (keys.has(m.key)) problems.push(`two modules are called "${m.key}"`);
    keys.add(m.key);
    if (!m.available && (m.build || m.routes || m.migrations))
      problems.push(`module "${m.key}" is planned (available: false) but declares parts`);
    for (const scope of m.scopes ?? []) {
      if (!(narrowScopes as readonly string[]).includes(scope))
        problems.push(`module "${m.key}" declares scope "${scope}", which is not a narrow token scope`);
    }
    for (const name of Object.keys(m.migrations ?? {})) {
      if (names.has(name)) problems.push(`migration "${name}" is declared twice`);
      names.add(name);
      if (!name.startsWith(`${m.key}/`) && !legacyMigrations.has(name))
        problems.push(`migration "${name}" of module "${m.key}" must be named "${m.key}/NNNN-name"`);
    }
  }
  for (const scope of narrowScopes)
    if (!modules.some((m) => m.scopes?.includes(scope)))
      problems.push(`no module declares the token scope "${scope}"`);
  return problems;
}
