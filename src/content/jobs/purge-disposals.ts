import type { Task } from '../../platform/jobs.js';
import type { ScreeningService } from '../screening-service.js';

/**
 * Every day: deletes the disposal records past their keep-until date (the
 * retention of catalog/content.yaml or WANGAN_CONTENT_DISPOSAL_RETENTION_DAYS)
 * and the decided reviews as old. Their ledger records stay: the ledger is
 * append-only.
 */
export function purgeDisposalsTask(screening: ScreeningService): Task {
  return {
    name: 'content.purge-disposals',
    cron: '23 19 * * *',
    handler: async () => {
      await screening.purgeExpired();
    },
  };
}
