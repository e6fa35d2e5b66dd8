import { systemActor } from '../../platform/auth/roles.js';
import type { AuditService } from '../../platform/audit/service.js';
import type { Task } from '../../platform/jobs.js';
import type { LedgerService } from '../service.js';

/** Hourly: re-derive every leaf and check every checkpoint; a failure goes to the audit trail (and health). */
export function selfVerifyTask(ledger: LedgerService, audit: AuditService): Task {
  return {
    name: 'ledger.self-verify',
    cron: '23 * * * *',
    handler: async () => {
      const v = await ledger.selfVerify();
      if (!v.ok)
        await audit.record({ actor: systemActor, action: 'ledger.verification_failed', detail: { ...v } });
    },
  };
}
