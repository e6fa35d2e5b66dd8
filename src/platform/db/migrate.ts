import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';
import * as m0001 from './migrations/0001-platform.js';

/**
 * One ordered list of migrations for both databases. Capabilities add theirs
 * here, named `NNNN-capability`, so the order is the order of this list.
 */
const migrations: Record<string, Migration> = {
  '0001-platform': m0001,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(
  database: Database,
  onProgress?: (message: string) => void,
): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider, migrationTableName: 'wangan_migrations' });
  const pending = (await migrator.getMigrations()).filter((m) => !m.executedAt);
  pending.forEach((m, i) => onProgress?.(`migration ${i + 1}/${pending.length}: ${m.name}`));
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
