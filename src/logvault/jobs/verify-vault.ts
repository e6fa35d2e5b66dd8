import type { Task } from '../../platform/jobs.js';
import type { LogvaultService } from '../service.js';

/**
 * Nightly, 03:30 Beijing: re-hashes the segments written since the last
 * passing run (from that run's last day, with its seal) and checks their
 * checkpoints and the day seals recorded in the ledger. A failure is an open
 * item on csl.network-monitoring-logs until a later run passes.
 */
export function verifyVaultTask(logvault: LogvaultService): Task {
  return {
    name: 'logvault.verify',
    cron: '30 19 * * *',
    handler: async () => {
      await logvault.verifyNightly();
    },
  };
}
