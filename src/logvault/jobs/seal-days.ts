import type { Task } from '../../platform/jobs.js';
import type { LogvaultService } from '../service.js';

/**
 * Every ten minutes: seals each finished Beijing day not sealed yet and
 * records it in the evidence ledger (csl.network-monitoring-logs). A day is
 * due sealed within the hour after it ends.
 */
export function sealDaysTask(logvault: LogvaultService): Task {
  return {
    name: 'logvault.seal-days',
    cron: '*/10 * * * *',
    handler: async () => {
      await logvault.sealDays();
    },
  };
}
