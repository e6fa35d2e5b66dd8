import type { IdentityPart } from './part.js';
import { VaultService } from './vault-service.js';

/** PLACEHOLDER of the skeleton: the vault area (replaced by its builder). */
export const vaultPart: IdentityPart<'vault'> = {
  key: 'vault',
  migrations: {},
  build: () => new VaultService(),
};
