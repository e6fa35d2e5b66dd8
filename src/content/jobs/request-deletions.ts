import type { Task } from '../../platform/jobs.js';
import type { ScreeningService } from '../screening-service.js';

/**
 * Every minute: asks the platform (the deletion webhook) to delete each
 * disposed item not yet requested, and retries the failed ones after their
 * backoff (CSL 2025 Art 49: remove it). Also run after each flush.
 */
export function requestDeletionsTask(screening: ScreeningService): Task {
  return {
    name: 'content.request-deletions',
    cron: '* * * * *',
    handler: async () => {
      await screening.flush();
      await screening.requestDeletions();
    },
  };
}
