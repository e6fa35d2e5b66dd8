import { MLPS_DUTIES } from '../governance/service.js';
import { systemActor } from '../platform/auth/roles.js';
import type { CapabilityModule } from '../platform/module.js';
import { EscalationStore } from './escalation-store.js';
import type { EscalationTables } from './escalation-tables.js';
import { escalationsTask } from './jobs/escalations.js';
import { seedWorkspaceDemo } from './demo.js';
import { remindersTask } from './jobs/reminders.js';
import * as escalations0001 from './migrations/0001-deadline-escalations.js';
import * as workspace0004 from './migrations/0004-workspace.js';
import * as workspace0006 from './migrations/0006-notes.js';
import { shippedFontCss } from './pdf-io.js';
import { registerWorkspaceRoutes } from './routes.js';
import { WorkspaceService } from './service.js';
import { WorkspaceStore } from './store.js';
import type { WorkspaceTables } from './tables.js';

declare module '../platform/module.js' {
  interface ServiceRegistry {
    workspace: WorkspaceService;
  }
}

/** The compliance workspace: status derived from evidence, reviews, tasks, the dashboard, reminders, the report. */
export const workspaceModule: CapabilityModule<{ workspace: WorkspaceService }> = {
  key: 'workspace',
  articles: 'every duty that applies, with its evidence',
  available: true,
  migrations: {
    '0004-workspace': workspace0004,
    '0006-workspace-notes': workspace0006,
    'workspace/0001-deadline-escalations': escalations0001,
  },
  build(ctx) {
    const auth = ctx.get('auth');
    const registers = ctx.get('registers');
    const mlpsDuties: string[] = Object.values(MLPS_DUTIES);
    return {
      workspace: new WorkspaceService(
        new WorkspaceStore(ctx.tables<WorkspaceTables>()),
        ctx.get('obligations'),
        ctx.get('ledger'),
        ctx.clock,
        { dueSoonDays: ctx.config.dueSoonDays, continuousReview: ctx.config.continuousReview },
        { fontCss: shippedFontCss, print: ctx.printPdf },
        ctx.get('calendar'),
        ctx.uow,
        // Every module's open items (MLPS, the registers, and capabilities to come).
        [{ deadlines: () => ctx.openItems() }],
        // Tasks and duties are given to people: an active account, not a service account.
        async (username) => {
          const actor = await auth.findActor(username).catch(() => undefined);
          return actor && !actor.service ? actor.username : undefined;
        },
        () => ctx.reportSections(),
        {
          registersFor: async (id) => [
            ...(mlpsDuties.includes(id)
              ? [
                  {
                    id: 'mlps',
                    group: 'governance',
                    title: { zh: '网络安全等级保护', en: 'Classified protection (MLPS)' },
                  },
                ]
              : []),
            ...(await registers.servingDuty(id)),
          ],
          // Read by the system on the picker's behalf: the route lets those who assign work ask.
          people: async () =>
            (await auth.listUsers(systemActor))
              .filter((u) => !u.disabled && u.kind === 'person')
              .map((u) => ({ username: u.username, displayName: u.displayName })),
        },
      ),
    };
  },
  routes: (app, { workspace }, ctx) => {
    const organisation = ctx.get('organisation');
    registerWorkspaceRoutes(app, workspace, async () => (await organisation.get()).name);
  },
  demo: ({ workspace }, ctx) =>
    seedWorkspaceDemo(
      { obligations: ctx.get('obligations'), ledger: ctx.get('ledger'), workspace },
      ctx.clock,
    ),
  jobs: ({ workspace }, ctx) => [
    remindersTask({
      workspace,
      notifications: ctx.get('notifications'),
      audit: ctx.get('audit'),
      publicUrl: ctx.config.publicUrl,
    }),
    escalationsTask({
      items: () => workspace.openItems(),
      store: new EscalationStore(ctx.tables<EscalationTables>()),
      notifications: ctx.get('notifications'),
      audit: ctx.get('audit'),
      clock: ctx.clock,
      publicUrl: ctx.config.publicUrl,
    }),
  ],
};
