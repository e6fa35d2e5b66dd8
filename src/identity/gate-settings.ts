import { positiveInt } from '../platform/settings-kit.js';
import type { IdentityFile } from './catalog-schema.js';

/** How often the gate takes up other processes' changes and writes its counts. */
export interface GateSettings {
  /** Seconds between polls of the verification records changed elsewhere (WANGAN_IDENTITY_GATE_POLL_SECONDS). */
  pollSeconds: number;
  /** Seconds between writes of the counts (WANGAN_IDENTITY_GATE_FLUSH_SECONDS). */
  flushSeconds: number;
}

export const gateVariables: readonly string[] = [
  'WANGAN_IDENTITY_GATE_POLL_SECONDS',
  'WANGAN_IDENTITY_GATE_FLUSH_SECONDS',
];

export function readGateSettings(env: NodeJS.ProcessEnv, _catalog: IdentityFile): GateSettings {
  return {
    pollSeconds: positiveInt(env, 'WANGAN_IDENTITY_GATE_POLL_SECONDS', 3).value,
    flushSeconds: positiveInt(env, 'WANGAN_IDENTITY_GATE_FLUSH_SECONDS', 5).value,
  };
}
