import type { IdentityFile } from './catalog-schema.js';

/** PLACEHOLDER of the skeleton: the gate area's settings (replaced by its builder). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GateSettings {}
export const gateVariables: readonly string[] = [];
export function readGateSettings(_env: NodeJS.ProcessEnv, _catalog: IdentityFile): GateSettings {
  return {};
}
