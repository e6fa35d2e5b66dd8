import { migrationsOf } from './services.js';

/**
 * Every migration, collected from the platform and the module list
 * (src/modules.ts). A capability declares its own in its module
 * (`migrations: { '<key>/NNNN-name': ... }`): nothing to add here.
 */
export const migrations = migrationsOf();
