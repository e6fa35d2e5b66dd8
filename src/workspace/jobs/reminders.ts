import { systemActor } from '../../platform/auth/roles.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Task } from '../../platform/jobs.js';
import type { NotificationService } from '../../platform/notifications/service.js';
import { buildReminder } from '../reminders.js';
import type { WorkspaceService } from '../service.js';

export interface ReminderDeps {
  workspace: WorkspaceService;
  notifications: NotificationService;
  audit: AuditService;
  publicUrl: string | undefined;
}

/** Sends the daily reminder to every channel and records the outcome in the audit trail. */
export async function sendReminders(d: ReminderDeps): Promise<number> {
  const message = buildReminder(await d.workspace.overview(), d.publicUrl);
  if (!message) return 0;
  const deliveries = await d.notifications.send(message);
  await d.audit.record({ actor: systemActor, action: 'reminders.sent', detail: { deliveries } });
  return deliveries.filter((x) => x.ok).length;
}

/** 09:00 Beijing time, every day: duties overdue or due soon, to every reminder channel. */
export function remindersTask(d: ReminderDeps): Task {
  return {
    name: 'workspace.reminders',
    cron: '0 1 * * *',
    handler: async () => {
      await sendReminders(d);
    },
  };
}
