import type { Task } from '../jobs.js';
import type { AuthService } from './service.js';

/** Hourly: expired sessions go. */
export function sessionCleanupTask(auth: AuthService): Task {
  return {
    name: 'platform.session-cleanup',
    cron: '17 * * * *',
    handler: async () => {
      await auth.cleanupSessions();
    },
  };
}
