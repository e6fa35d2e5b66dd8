import type { Task } from '../../platform/jobs.js';
import type { LogvaultService } from '../service.js';

/**
 * Every hour: removes the segments of each sealed Beijing day past the
 * retention policy and six calendar months (CSL 2025 Art 23(3)), except a day
 * holding an event of a source under legal hold; each removal is a
 * `log_day_expired` ledger record. The only way segments leave the vault.
 */
export function expireSegmentsTask(logvault: LogvaultService): Task {
  return {
    name: 'logvault.expire-segments',
    cron: '41 * * * *',
    handler: async () => {
      await logvault.expireSegments();
    },
  };
}
