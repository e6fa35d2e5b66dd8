import type { ReportSection } from '../platform/module.js';
import { beijingDateTime } from '../platform/time.js';
import type { ContentServices } from './part.js';

const when = (iso: string | null): string => (iso ? beijingDateTime(new Date(iso)) : '—');

const deletionText = {
  not_requested: '未请求平台删除 deletion not requested',
  requested: '已请求平台删除 deletion requested',
  failed: '删除请求失败 deletion request failed',
  confirmed: '平台已删除 deleted',
} as const;
const takedownText = { open: '办理中 open', done: '已执行 done', confirmed: '已回复确认 confirmed' } as const;
const complaintText = {
  received: '已受理 received',
  in_progress: '办理中 in progress',
  answered: '已答复 answered',
  closed: '已办结 closed',
  rejected: '不予受理 rejected',
} as const;

/**
 * The audit report's section for content safety: every disposal, takedown
 * demand and complaint of the period, one row each, oldest first within
 * each kind. Disposals name their category and content hash, not the
 * content: the report is read by people who need not see it.
 */
export function contentReport(content: ContentServices): ReportSection {
  return {
    title: {
      zh: '信息内容处置、处置要求与投诉举报',
      en: 'Content disposals, takedown demands and complaints',
    },
    columns: [
      { zh: '类型', en: 'Kind' },
      { zh: '编号', en: 'Ref' },
      { zh: '时间（北京时间）', en: 'When (Beijing)' },
      { zh: '内容', en: 'What' },
      { zh: '状态', en: 'Status' },
    ],
    rows: async (period) => {
      const [disposals, takedowns, complaints] = await Promise.all([
        content.screening.exportPeriod(period),
        content.takedowns.exportPeriod(period),
        content.complaints.exportPeriod(period),
      ]);
      return [
        ...disposals.map((d) => ({
          cells: [
            '处置记录 Disposal',
            d.id.slice(0, 8),
            when(d.detectedAt),
            `${d.category}${d.service ? ` · ${d.service}` : ''} · SHA-256 ${d.contentHash.slice(0, 16)} · ${
              d.decidedBy.kind === 'person' ? `${d.decidedBy.person ?? ''}` : d.decidedBy.rules.join(', ')
            }`,
            `${deletionText[d.deletion.state]}; ${
              d.report.reportedAt
                ? `已报告 reported ${when(d.report.reportedAt)}${d.report.recipient ? ` (${d.report.recipient})` : ''}`
                : '未报告 not reported'
            }`,
          ],
        })),
        ...takedowns.map((t) => ({
          cells: [
            '处置要求 Takedown demand',
            t.documentNumber,
            when(t.receivedAt),
            `${t.issuerName}: ${t.targets.length} 项目标 target${t.targets.length === 1 ? '' : 's'}; 期限 due ${when(t.dueAt)}`,
            `${takedownText[t.status]}${t.overdue ? '; 逾期 late' : ''}`,
          ],
        })),
        ...complaints.map((c) => ({
          cells: [
            c.kind === 'report' ? '举报 Report' : '投诉 Complaint',
            c.reference,
            when(c.receivedAt),
            `${c.category}: ${c.subject}`,
            `${complaintText[c.status]}${c.overdue ? '; 逾期 late' : ''}`,
          ],
        })),
      ];
    },
  };
}
