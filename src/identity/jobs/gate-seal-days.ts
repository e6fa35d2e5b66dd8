import type { Task } from '../../platform/jobs.js';
import type { GateService } from '../gate-service.js';

/**
 * Every ten minutes: seals each finished Beijing day of each configured
 * service not sealed yet (counts and the Merkle root of the day's
 * verification records) and records it in the ledger (csl.real-name).
 */
export function gateSealDaysTask(gate: GateService): Task {
  return {
    name: 'identity.gate-seal-days',
    cron: '*/10 * * * *',
    handler: async () => {
      await gate.sealDays();
    },
  };
}
