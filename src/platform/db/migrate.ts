import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database.js';

/**
 * Runs the migrations the composition root collects from every capability
 * (src/migrations.ts), named `NNNN-capability` so they sort in order. One
 * list serves PGlite and PostgreSQL.
 */
export async function migrateToLatest(
  database: Database,
  migrations: Record<string, Migration>,
  onProgress?: (message: string) => void,
): Promise<string[]> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  // Capabilities name their migrations `<key>/NNNN-name`: one built later may sort before
  // another's already applied, which is fine (each capability's own stay in order).
  const migrator = new Migrator({
    db: database.db,
    provider,
    migrationTableName: 'wangan_migrations',
    allowUnorderedMigrations: true,
  });
  const pending = (await migrator.getMigrations()).filter((m) => !m.executedAt);
  pending.forEach((m, i) => onProgress?.(`migration ${i + 1}/${pending.length}: ${m.name}`));
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
