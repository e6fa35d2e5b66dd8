import { duration, type Overridable } from '../platform/settings-kit.js';
import type { IdentityFile } from './catalog-schema.js';

/**
 * The vault's settings. The keys themselves are read where the key rings
 * are opened (vault-keys-io.ts), never kept in settings: settings are shown.
 */
export interface VaultSettings {
  /** How long an approved reveal may be opened by its requester (catalog reveal_window, uncertain). */
  revealWindow: Overridable<string> & { uncertain: boolean };
  /** Where the key rings come from (the variables' names only: the values are secrets). */
  keySources: {
    vault: 'file' | 'environment' | 'data-folder';
    index: 'file' | 'environment' | 'data-folder';
  };
}

export const vaultVariables: readonly string[] = [
  'WANGAN_VAULT_KEY_FILE',
  'WANGAN_VAULT_KEY',
  'WANGAN_VAULT_INDEX_KEY_FILE',
  'WANGAN_VAULT_INDEX_KEY',
  'WANGAN_IDENTITY_REVEAL_WINDOW',
];

export function readVaultSettings(env: NodeJS.ProcessEnv, catalog: IdentityFile): VaultSettings {
  const window = duration(env, 'WANGAN_IDENTITY_REVEAL_WINDOW', catalog.reveal_window.duration);
  const source = (file: string, key: string) =>
    env[file]?.trim() ? 'file' : env[key]?.trim() ? 'environment' : 'data-folder';
  return {
    revealWindow: { ...window, uncertain: !window.overridden && catalog.reveal_window.uncertain },
    keySources: {
      vault: source('WANGAN_VAULT_KEY_FILE', 'WANGAN_VAULT_KEY'),
      index: source('WANGAN_VAULT_INDEX_KEY_FILE', 'WANGAN_VAULT_INDEX_KEY'),
    },
  };
}
