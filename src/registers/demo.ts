import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { beijingDate, DAY } from '../platform/time.js';
import type { RegistersService } from './service.js';

/** The demo's registers: an appointment, a policy (v1 approved, v2 awaiting review), an inspection with a rectification due. */
export async function seedRegistersDemo(registers: RegistersService, clock: Clock): Promise<number> {
  const officer: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
  const reviewer: Actor = {
    userId: 'demo-reviewer',
    username: 'demo.reviewer',
    role: 'compliance_officer',
    via: 'system',
  };
  const now = clock.now().getTime();
  const day = (ago: number) => beijingDate(new Date(now - ago * DAY));
  await registers.record(officer, 'security-roles', {
    role: 'network_security_lead',
    person: '[demo] 王敏',
    post: '首席信息安全官 (CISO)',
    appointedOn: day(330),
    document: '[demo] 星河〔2025〕12号',
  });
  const v1 = await registers.record(officer, 'policies', {
    code: 'SEC-01',
    title: '[demo] 网络安全管理制度 (security management rules)',
    category: 'security_rules',
    effectiveOn: day(300),
    changes: '初版 (first issue)',
  });
  await registers.review(reviewer, 'policies', v1.id, { approve: true });
  await registers.record(officer, 'policies', {
    code: 'SEC-01',
    title: '[demo] 网络安全管理制度 (security management rules)',
    category: 'security_rules',
    effectiveOn: day(0),
    changes: '按2025年修正的网络安全法更新罚则和事件报告时限 (updated for the 2025 amendment)',
  });
  const inspection = await registers.record(officer, 'regulatory-events', {
    type: 'inspection',
    authority: '[demo] 上海市互联网信息办公室',
    occurredOn: day(50),
    subject: '[demo] 即时通讯服务安全检查 (IM service inspection)',
    findings:
      '日志留存不足六个月；投诉举报渠道响应超时 (logs kept under six months; complaint channel too slow)',
  });
  await registers.record(officer, 'rectifications', {
    event: inspection.id,
    action: '[demo] 日志存储扩容至180天并验证 (extend log storage to 180 days and verify)',
    owner: '[demo] 运维部 (operations)',
    dueOn: day(-12),
  });
  return 5;
}
