import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { beijingDate, DAY } from '../platform/time.js';
import type { GovernanceService } from './service.js';

/** The demo's systems: two graded and filed, one graded 40 days ago and not filed (its filing is overdue). */
export async function seedGovernanceDemo(governance: GovernanceService, clock: Clock): Promise<number> {
  const officer: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
  const now = clock.now().getTime();
  const day = (ago: number) => beijingDate(new Date(now - ago * DAY));
  let n = 0;
  const level3 = { object: 'social_order', harm: 'serious' } as const;
  const level2 = { object: 'citizens', harm: 'serious' } as const;
  const systems = [
    { name: '即时通讯平台 (IM platform)', cell: level3, graded: 200, filed: 185 },
    { name: '云主机管理平台 (cloud hosting console)', cell: level3, graded: 150, filed: 140 },
    // Graded 40 days ago and not filed: the filing is overdue.
    { name: '企业官网 (corporate website)', cell: level2, graded: 40, filed: null },
  ];
  for (const s of systems) {
    const v = await governance.gradeSystem(officer, {
      name: s.name,
      stage: 'running',
      gradedOn: day(s.graded),
      businessInformation: s.cell,
      systemService: level2,
    });
    n++;
    if (s.filed !== null) {
      await governance.recordFiling(officer, v.id, {
        filedOn: day(s.filed),
        authority: '[demo] 上海市公安局网安总队',
        reference: `[demo] 31010000000-${String(s.graded)}`,
      });
      n++;
    }
  }
  return n;
}
