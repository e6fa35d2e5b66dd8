import type { Kysely } from 'kysely';
import { LawService } from './law/service.js';
import { LawStore } from './law/store.js';
import type { LawTables } from './law/tables.js';
import { loadCatalog, type Catalog } from './obligations/catalog-io.js';
import { ObligationsService } from './obligations/service.js';
import type { Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { platformServices, type PlatformServices } from './platform/services.js';

/** Every capability's services over one database: used by the server and by the CLI. */
export interface Services extends PlatformServices {
  catalog: Catalog;
  law: LawService;
  obligations: ObligationsService;
}

/** A capability's store sees only its own tables. */
function tablesOf<T>(database: Database): Kysely<T> {
  return database.db as unknown as Kysely<T>;
}

export function buildServices(
  database: Database,
  config: Config,
  clock: Clock,
  catalog: Catalog = loadCatalog(),
): Services {
  const platform = platformServices(database, config, clock);
  return {
    ...platform,
    catalog,
    law: new LawService(new LawStore(tablesOf<LawTables>(database)), catalog, clock),
    obligations: new ObligationsService(catalog, async () => (await platform.organisation.get()).profile),
  };
}
