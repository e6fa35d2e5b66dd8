import type { Actor } from '../platform/auth/roles.js';
import type { ModuleContext } from '../platform/module.js';
import { HOUR } from '../platform/time.js';
import type { IncidentsService } from './service.js';

const demoActor: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };

/**
 * The demo's incidents: a ransomware incident found six hours ago, grade
 * III and not reported (its 4-hour report is overdue); a data leak reported
 * on time and handled two days ago (its final report is due); a general
 * (IV) phishing case still being handled.
 */
export async function seedIncidentsDemo(incidents: IncidentsService, ctx: ModuleContext): Promise<number> {
  const now = ctx.clock.now().getTime();
  const ago = (hours: number) => new Date(now - hours * HOUR).toISOString();
  let n = 0;

  await incidents.open(demoActor, {
    title: '[demo] 计费系统遭勒索软件加密 (ransomware on the billing system)',
    category: 'malicious_program',
    description: '[demo] 运维人员发现计费系统数据库服务器文件被加密，留有勒索信。',
    discoveredAt: ago(6),
    occurredAt: ago(7),
    location: '[demo] 上海数据中心',
    involvesCii: false,
    personalInformation: false,
    systemIds: [],
    observables: [
      { type: 'hash', value: '0000000000000000000000000000000000000000000000000000000000000000' },
    ],
    // RMB 6 million of direct loss: a significant (III) incident, reported within 4 hours.
    facts: { direct_loss_rmb: 6_000_000 },
    details: {
      impact: '[demo] 计费服务中断，影响用户充值。',
      measures: '[demo] 已隔离服务器，启动备份恢复。',
    },
  });
  n++;

  const leak = await incidents.open(demoActor, {
    title: '[demo] 会员数据库遭非法访问 (member database accessed without authorisation)',
    category: 'data_security',
    description: '[demo] 监测发现境外地址批量导出会员信息。',
    discoveredAt: ago(24 * 5),
    occurredAt: null,
    location: '[demo] 北京',
    involvesCii: false,
    personalInformation: true,
    systemIds: [],
    observables: [{ type: 'ip', value: '203.0.113.7' }],
    // 1.2 million individuals' personal information: significant (III).
    facts: { pi_individuals: 1_200_000 },
  });
  n++;
  const sent = await incidents.recordReport(demoActor, leak.id, {
    version: leak.version,
    kind: 'initial',
    rule: 'other',
    recipient: '[demo] 北京市互联网信息办公室',
    channel: '[demo] 网络安全事件报告平台',
    sentAt: ago(24 * 5 - 3),
  });
  n++;
  await incidents.close(demoActor, leak.id, { version: sent.version, handlingEndedAt: ago(48) });
  n++;

  await incidents.open(demoActor, {
    title: '[demo] 员工点击钓鱼邮件 (an employee opened a phishing mail)',
    category: 'network_attack',
    description: '[demo] 一名员工点击钓鱼链接，账号已重置，未见数据外泄。',
    discoveredAt: ago(30),
    occurredAt: null,
    location: '',
    involvesCii: false,
    personalInformation: false,
    systemIds: [],
    observables: [{ type: 'domain', value: 'login-example.invalid' }],
    facts: {},
  });
  n++;
  return n;
}
