import type { IdentityFile } from './catalog-schema.js';

/** PLACEHOLDER of the skeleton: the verify area's settings (replaced by its builder). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VerifySettings {}
export const verifyVariables: readonly string[] = [];
export function readVerifySettings(_env: NodeJS.ProcessEnv, _catalog: IdentityFile): VerifySettings {
  return {};
}
