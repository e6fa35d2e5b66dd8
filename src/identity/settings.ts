import type { SettingsSection } from '../platform/module.js';
import type { IdentityFile } from './catalog-schema.js';
import { gateVariables, readGateSettings, type GateSettings } from './gate-settings.js';
import { readVaultSettings, vaultVariables, type VaultSettings } from './vault-settings.js';
import { readVerifySettings, verifyVariables, type VerifySettings } from './verify-settings.js';

/**
 * The identity capability's settings: one section (`ctx.settings<IdentitySettings>('identity')`)
 * with a sub-section per area, each read by its own file; defaults come from catalog/identity.yaml.
 */
export interface IdentitySettings {
  vault: VaultSettings;
  verify: VerifySettings;
  gate: GateSettings;
}

export const identityVariables = [...vaultVariables, ...verifyVariables, ...gateVariables] as const;

export function identitySettings(catalog: IdentityFile): SettingsSection<IdentitySettings> {
  return {
    variables: identityVariables,
    read: (env) => ({
      vault: readVaultSettings(env, catalog),
      verify: readVerifySettings(env, catalog),
      gate: readGateSettings(env, catalog),
    }),
  };
}
