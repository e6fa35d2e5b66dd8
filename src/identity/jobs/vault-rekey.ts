import type { Task } from '../../platform/jobs.js';
import type { VaultService } from '../vault-service.js';

/**
 * Every minute: after a key rotation, re-wraps the data keys of older records
 * under the active vault key and re-indexes them under the active index key,
 * in batches of their own transactions; nothing to do costs two small queries.
 * Reads and lookups work throughout with the older keys still in the ring.
 */
export function vaultRekeyTask(vault: VaultService): Task {
  return {
    name: 'identity.vault-rekey',
    cron: '* * * * *',
    handler: async () => {
      await vault.catchUp();
    },
  };
}
