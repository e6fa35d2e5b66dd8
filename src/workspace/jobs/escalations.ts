import type { Deadline } from '../../../contract/status.js';
import { dueEscalations, openItemKey } from '../../obligations/deadlines.js';
import { systemActor } from '../../platform/auth/roles.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Clock } from '../../platform/clock.js';
import type { Task } from '../../platform/jobs.js';
import type { NotificationService } from '../../platform/notifications/service.js';
import type { EscalationStore } from '../escalation-store.js';
import { buildEscalation } from '../reminders.js';

export interface EscalationDeps {
  /** Every open item as of now (WorkspaceService.openItems). */
  items: () => Promise<Deadline[]>;
  store: EscalationStore;
  notifications: NotificationService;
  audit: AuditService;
  clock: Clock;
  publicUrl: string | undefined;
}

/**
 * Escalates the clocks shorter than a day (a 1-hour or 4-hour report) at
 * half and a quarter of their time left and at expiry: each point is claimed
 * in the database first (so it goes out once, across restarts and servers),
 * sent to every reminder channel, and recorded in the audit trail. Returns
 * the escalations sent.
 */
export async function escalateDeadlines(d: EscalationDeps): Promise<number> {
  const now = d.clock.now();
  const items = await d.items();
  const sent = await d.store.sent(items.map(openItemKey));
  let n = 0;
  for (const e of dueEscalations(items, now, sent)) {
    if (
      !(await d.store.claim({
        item_key: e.key,
        point: e.point,
        due_at: new Date(e.item.dueAt!),
        sent_at: now,
      }))
    )
      continue;
    const deliveries = await d.notifications.send(buildEscalation(e, now, d.publicUrl));
    const delivered = deliveries.filter((x) => x.ok).length;
    await d.store.delivered(e.key, e.point, delivered);
    await d.audit.record({
      actor: systemActor,
      action: 'deadlines.escalated',
      detail: {
        item: e.key,
        point: e.point,
        dueAt: e.item.dueAt,
        rule: e.item.rule.id,
        subject: e.item.subject,
        deliveries,
      },
    });
    n++;
  }
  return n;
}

/** Every minute: a 1-hour clock's half-time point is 30 minutes away at most. */
export function escalationsTask(d: EscalationDeps): Task {
  return {
    name: 'workspace.deadline-escalations',
    cron: '* * * * *',
    handler: async () => {
      await escalateDeadlines(d);
    },
  };
}
