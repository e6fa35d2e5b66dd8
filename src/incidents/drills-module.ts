import type { ModuleContext, PackSection } from '../platform/module.js';
import type { Actor } from '../platform/auth/roles.js';
import { beijingDate, DAY } from '../platform/time.js';
import * as drills0002 from './migrations/0002-drills.js';
import { DrillsService } from './drills-service.js';
import { DrillStore } from './drills-store.js';
import type { DrillTables } from './drills-tables.js';

/**
 * The drills' parts of the incidents module (src/incidents/module.ts spreads
 * them in): the migration, the service, the audit pack's file and the demo.
 */
export const drillMigrations = { 'incidents/0002-drills': drills0002 };

export function buildDrills(ctx: ModuleContext): DrillsService {
  return new DrillsService(
    new DrillStore(ctx.tables<DrillTables>()),
    ctx.get('registers'),
    ctx.get('ledger'),
    ctx.uow,
    ctx.clock,
    { dueSoonDays: ctx.config.dueSoonDays },
  );
}

/** incidents-drills.json: the drills held in the pack's period (the pack is one flat folder: its verifier reads no subfolders). */
export function drillsPack(drills: DrillsService, ctx: ModuleContext): PackSection {
  return {
    file: 'incidents-drills.json',
    contents: async (period) =>
      JSON.stringify(
        {
          generatedAt: ctx.clock.now().toISOString(),
          period: {
            from: period.from ? beijingDate(period.from) : null,
            to: period.to ? beijingDate(period.to) : null,
          },
          drills: await drills.held({
            from: period.from ? beijingDate(period.from) : null,
            to: period.to ? beijingDate(period.to) : null,
          }),
        },
        null,
        2,
      ),
  };
}

/**
 * Demo drills: a tabletop exercise with its follow-ups done, and a ransomware
 * drill whose follow-up is overdue. The emergency plan they rehearse is the
 * plan in force, or one recorded and approved here when the demo has none.
 */
export async function seedDrillsDemo(drills: DrillsService, ctx: ModuleContext): Promise<number> {
  const officer: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
  const reviewer: Actor = {
    userId: 'demo-reviewer',
    username: 'demo.reviewer',
    role: 'compliance_officer',
    via: 'system',
  };
  const now = ctx.clock.now().getTime();
  const day = (ago: number) => beijingDate(new Date(now - ago * DAY));
  let made = 0;
  if (!(await drills.planInForce(day(200)))) {
    const registers = ctx.get('registers');
    const plan = await registers.record(officer, 'policies', {
      code: 'ER-01',
      title: '[demo] 网络安全事件应急预案 (incident response plan)',
      category: 'emergency_plan',
      effectiveOn: day(240),
      changes: '初版 (first issue)',
    });
    await registers.review(reviewer, 'policies', plan.id, { approve: true });
    made++;
  }
  await drills.record(officer, {
    scenario: '[demo] 桌面推演：用户数据库疑似泄露 (tabletop: suspected customer-database leak)',
    heldOn: day(180),
    planEntryId: null,
    participants: 9,
    participantNames: '[demo] 王敏、李强、安全运营中心值班人员 (CISO, ops lead, SOC on duty)',
    findings:
      '[demo] 4小时报告时限内完成初报；法务介入偏晚 (initial report within 4 hours; legal joined late)',
    followUps: [
      {
        title: '[demo] 将法务加入值班通讯录 (add legal to the on-call list)',
        owner: 'compliance_officer',
        dueOn: day(160),
        doneOn: day(170),
      },
    ],
  });
  await drills.record(officer, {
    scenario: '[demo] 实战演练：勒索软件加密文件服务器 (live drill: ransomware on the file server)',
    heldOn: day(40),
    planEntryId: null,
    participants: 14,
    participantNames: '[demo] 运维部、安全运营中心、法务 (operations, SOC, legal)',
    findings: '[demo] 离线备份恢复耗时超过预期 (restoring offline backups took longer than planned)',
    followUps: [
      {
        title: '[demo] 每季度做一次备份恢复测试 (quarterly restore test)',
        owner: 'security_officer',
        dueOn: day(10),
        doneOn: null,
      },
    ],
  });
  return made + 2;
}
