import type { Kysely, Migration } from 'kysely';
import { modules as allModules } from './modules.js';
import type { Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { openDatabase, type Database } from './platform/db/database.js';
import { acquireDataLock } from './platform/db/lock.js';
import { platformMigrations, preContractMigrations } from './platform/db/migrations/index.js';
import { kyselyUnitOfWork } from './platform/db/unit-of-work.js';
import {
  checkModules,
  type CapabilityModule,
  type Held,
  type ModuleContext,
  type PackSection,
  type ReportSection,
  type Services,
} from './platform/module.js';
import { platformServices } from './platform/services.js';
import { printPdf } from './workspace/pdf-io.js';
import type { Deadline } from '../contract/status.js';

export type { Services };
type AnyModule = CapabilityModule<object>;

/**
 * Builds every capability's services over one database, in the order of the
 * module list (src/modules.ts): used by the server and by the CLI. What the
 * modules need from outside (the database, the clock, the locks they took)
 * comes in; each module's service goes into one typed registry.
 */
export interface ComposeOptions {
  modules?: readonly AnyModule[];
  env?: NodeJS.ProcessEnv;
  printPdf?: (html: string) => Promise<Buffer>;
  report?: (err: unknown, what: string) => void;
}

export interface Composition {
  services: Services & { close(): void };
  ctx: ModuleContext;
  /** The available modules with what each built, in list order. */
  parts: { module: AnyModule; provided: object }[];
}

/** Migrations in the order they run: the platform's, then each module's (names sort so). */
export function migrationsOf(mods: readonly AnyModule[] = allModules): Record<string, Migration> {
  const out: Record<string, Migration> = { ...platformMigrations };
  for (const m of mods) Object.assign(out, m.migrations ?? {});
  return out;
}

/**
 * Takes every lock (the data folder's, then each module's), then opens the
 * database: a second process stops before it touches anything.
 */
export async function openLocked(
  config: Config,
  purpose: string,
  onProgress?: (message: string) => void,
  mods: readonly AnyModule[] = allModules,
): Promise<{ database: Database; held: Map<string, Held> }> {
  const embedded = !config.databaseUrl && config.dataDir !== 'memory://';
  const dataLock = embedded ? await acquireDataLock(config.dataDir, purpose) : undefined;
  let held = new Map<string, Held>();
  try {
    held = await acquireAll(config, mods);
    const database = await openDatabase({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      purpose,
      lock: dataLock,
      ...(onProgress ? { onProgress } : {}),
    });
    return { database, held };
  } catch (err) {
    for (const h of held.values()) h.release();
    dataLock?.release();
    throw err;
  }
}

/** Each module's locks, taken before the database (an already open database in tests). */
export async function acquireAll(
  config: Config,
  mods: readonly AnyModule[] = allModules,
): Promise<Map<string, Held>> {
  const held = new Map<string, Held>();
  try {
    for (const m of mods) if (m.available && m.acquire) held.set(m.key, await m.acquire(config));
  } catch (err) {
    for (const h of held.values()) h.release();
    throw err;
  }
  return held;
}

export function composeModules(
  database: Database,
  config: Config,
  clock: Clock,
  held: Map<string, Held>,
  opts: ComposeOptions = {},
): Composition {
  const mods = opts.modules ?? allModules;
  const problems = checkModules(mods, preContractMigrations);
  if (problems.length > 0) throw new Error(`the module list is inconsistent: ${problems.join('; ')}`);
  const env = opts.env ?? process.env;
  const report =
    opts.report ??
    ((err: unknown, what: string) => process.stderr.write(`${what}: ${(err as Error).message}\n`));
  const registry: Record<string, unknown> = { ...platformServices(database, config, clock, report) };
  const settings = new Map<string, unknown>();
  const closers: (() => void)[] = [];
  const parts: Composition['parts'] = [];
  const ctx: ModuleContext = {
    database,
    config,
    clock,
    env,
    uow: kyselyUnitOfWork(database.db),
    printPdf: opts.printPdf ?? printPdf,
    tables: <T>() => database.db as unknown as Kysely<T>,
    report,
    get<K extends keyof Services>(key: K): Services[K] {
      if (!(key in registry))
        throw new Error(`service "${String(key)}" is not built yet: check the module order`);
      return registry[key as string] as Services[K];
    },
    settings: <T>(key: string) => settings.get(key) as T,
    held<T>(key: string): T {
      const h = held.get(key);
      if (!h) throw new Error(`module "${key}" holds nothing: its acquire() did not run`);
      return h as T;
    },
    onClose: (release) => closers.push(release),
    async openItems(): Promise<Deadline[]> {
      const lists = await Promise.all(
        parts.map(({ module, provided }) => module.openItems?.(provided, ctx) ?? Promise.resolve([])),
      );
      return lists.flat();
    },
    packSections: (): PackSection[] =>
      parts.flatMap(({ module, provided }) => module.pack?.(provided, ctx) ?? []),
    reportSections: (): ReportSection[] =>
      parts.flatMap(({ module, provided }) => (module.report ? [module.report(provided, ctx)] : [])),
  };
  const close = () => {
    for (const c of closers.reverse()) c();
    closers.length = 0;
    for (const h of held.values()) h.release();
  };
  try {
    for (const m of mods) {
      if (!m.available) continue;
      if (m.settings) settings.set(m.key, m.settings.read(env));
      const provided = m.build?.(ctx) ?? {};
      Object.assign(registry, provided);
      parts.push({ module: m, provided });
    }
  } catch (err) {
    close();
    throw err;
  }
  return { services: { ...(registry as unknown as Services), close }, ctx, parts };
}

/** Runs every module's `open` hook (recovery after a crash, ...), in list order. */
export async function openModules(c: Composition): Promise<void> {
  for (const { module, provided } of c.parts) await module.open?.(provided, c.ctx);
}
