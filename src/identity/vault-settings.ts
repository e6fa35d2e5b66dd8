import type { IdentityFile } from './catalog-schema.js';

/** PLACEHOLDER of the skeleton: the vault area's settings (replaced by its builder). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VaultSettings {}
export const vaultVariables: readonly string[] = [];
export function readVaultSettings(_env: NodeJS.ProcessEnv, _catalog: IdentityFile): VaultSettings {
  return {};
}
