import type { EvidenceInput } from './ledger/service.js';
import type { Actor } from './platform/auth/roles.js';
import type { Clock } from './platform/clock.js';
import { beijingDate } from './platform/time.js';
import type { Services } from './services.js';

/**
 * About a year of evidence for the demo organisation, so the workspace, the
 * ledger and an exported pack show something real on a fresh start: some
 * duties met, some due soon, some overdue, some missing, one decided not
 * applicable, one submission awaiting review. Each record says it is demo data.
 */
const DAY = 86_400_000;

export async function seedDemoHistory(services: Services, clock: Clock): Promise<number> {
  const officer: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
  const { obligations } = await services.obligations.assessOrganisation();
  const now = clock.now().getTime();
  const duties = obligations.filter((o) => !o.draft_only);
  let n = 0;
  const history: EvidenceInput[] = [];
  // Spread the duties over five outcomes, in catalogue order so the demo is the same every time.
  for (const [i, o] of duties.entries()) {
    const slot = i % 5;
    const yearly = o.recurrence.kind === 'periodic' || o.recurrence.kind === 'continuous';
    let agoDays: number | undefined;
    if (slot === 0 || slot === 1)
      agoDays = 20 + i * 3; // met: recent work
    else if (slot === 2 && yearly)
      agoDays = 345; // due soon: renewal within 30 days
    else if (slot === 3 && yearly)
      agoDays = 400; // overdue: older than a year
    else if (slot === 2 || slot === 3) agoDays = 90; // one-off and event duties: done
    // slot 4: no evidence (missing)
    if (agoDays === undefined) continue;
    history.push({
      obligations: [o.id],
      kind: o.evidence[0]?.kind ?? 'record',
      summary: `[demo] ${o.evidence[0]?.what.en ?? o.title.en}`,
      occurredAt: new Date(now - agoDays * DAY),
      reviewer: 'demo',
    });
  }
  n += (await services.ledger.recordMany(officer, history)).length;
  // Event duties first: "not applicable" reads more plausibly there than on an assessment.
  const missing = duties
    .filter((_, i) => i % 5 === 4)
    .sort((a, b) => Number(b.recurrence.kind === 'event') - Number(a.recurrence.kind === 'event'));
  if (missing[0]) {
    await services.workspace.decideApplicability(
      officer,
      missing[0].id,
      false,
      '[demo] Not applicable: the demo company runs no such system (decided during the annual scoping review).',
    );
    n++;
  }
  if (missing[1]) {
    await services.workspace.submit(officer, missing[1].id, {
      summary: '[demo] Draft procedure uploaded, awaiting a second reviewer',
      occurredAt: new Date(now - 2 * DAY),
    });
  }
  n += await seedDemoRegisters(services, officer, now);
  await services.ledger.sequence();
  return n;
}

/** A few register entries: graded and filed systems, an appointment, policies, an inspection to rectify. */
async function seedDemoRegisters(services: Services, officer: Actor, now: number): Promise<number> {
  const day = (ago: number) => beijingDate(new Date(now - ago * DAY));
  const reviewer: Actor = {
    userId: 'demo-reviewer',
    username: 'demo.reviewer',
    role: 'compliance_officer',
    via: 'system',
  };
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
    const v = await services.governance.gradeSystem(officer, {
      name: s.name,
      stage: 'running',
      gradedOn: day(s.graded),
      businessInformation: s.cell,
      systemService: level2,
    });
    n++;
    if (s.filed !== null) {
      await services.governance.recordFiling(officer, v.id, {
        filedOn: day(s.filed),
        authority: '[demo] 上海市公安局网安总队',
        reference: `[demo] 31010000000-${String(s.graded)}`,
      });
      n++;
    }
  }
  await services.registers.record(officer, 'security-roles', {
    role: 'network_security_lead',
    person: '[demo] 王敏',
    post: '首席信息安全官 (CISO)',
    appointedOn: day(330),
    document: '[demo] 星河〔2025〕12号',
  });
  const v1 = await services.registers.record(officer, 'policies', {
    code: 'SEC-01',
    title: '[demo] 网络安全管理制度 (security management rules)',
    category: 'security_rules',
    effectiveOn: day(300),
    changes: '初版 (first issue)',
  });
  await services.registers.review(reviewer, 'policies', v1.id, { approve: true });
  await services.registers.record(officer, 'policies', {
    code: 'SEC-01',
    title: '[demo] 网络安全管理制度 (security management rules)',
    category: 'security_rules',
    effectiveOn: day(0),
    changes: '按2025年修正的网络安全法更新罚则和事件报告时限 (updated for the 2025 amendment)',
  });
  const inspection = await services.registers.record(officer, 'regulatory-events', {
    type: 'inspection',
    authority: '[demo] 上海市互联网信息办公室',
    occurredOn: day(50),
    subject: '[demo] 即时通讯服务安全检查 (IM service inspection)',
    findings:
      '日志留存不足六个月；投诉举报渠道响应超时 (logs kept under six months; complaint channel too slow)',
  });
  await services.registers.record(officer, 'rectifications', {
    event: inspection.id,
    action: '[demo] 日志存储扩容至180天并验证 (extend log storage to 180 days and verify)',
    owner: '[demo] 运维部 (operations)',
    dueOn: day(-12),
  });
  n += 5;
  return n;
}
