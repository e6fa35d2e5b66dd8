import { bad, positiveInt } from '../platform/settings-kit.js';
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

/**
 * A finished day is sealed two minutes after its end (gate-service.ts): counts written later
 * would miss its seal, so they are written at least every 30 seconds.
 */
export const FLUSH_SECONDS_MAX = 30;

export function readGateSettings(env: NodeJS.ProcessEnv, _catalog: IdentityFile): GateSettings {
  const flushSeconds = positiveInt(env, 'WANGAN_IDENTITY_GATE_FLUSH_SECONDS', 5).value;
  if (flushSeconds > FLUSH_SECONDS_MAX)
    throw bad('WANGAN_IDENTITY_GATE_FLUSH_SECONDS', {
      zh: `环境变量 WANGAN_IDENTITY_GATE_FLUSH_SECONDS 不得超过 ${FLUSH_SECONDS_MAX} 秒（每日存证在次日零时两分钟后生成，此后写入的计数不会计入），收到：${flushSeconds}。`,
      en: `WANGAN_IDENTITY_GATE_FLUSH_SECONDS must be ${FLUSH_SECONDS_MAX} or less (a day is sealed two minutes after it ends; counts written later miss its seal); got ${flushSeconds}.`,
    });
  return {
    pollSeconds: positiveInt(env, 'WANGAN_IDENTITY_GATE_POLL_SECONDS', 3).value,
    flushSeconds,
  };
}
