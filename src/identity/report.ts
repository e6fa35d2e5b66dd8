import type { ReportSection } from '../platform/module.js';
import { beijingDateTime } from '../platform/time.js';
import type { IdentityServices } from './part.js';

const when = (iso: string | null): string => (iso ? beijingDateTime(new Date(iso)) : '—');

const revealText = {
  pending: '待审批 pending',
  approved: '已批准 approved',
  rejected: '已驳回 rejected',
  opened: '已查看 opened',
  expired: '已过期 expired',
} as const;

/**
 * The audit report's section for the real-name gate: each service's sealed
 * days (checks allowed and denied, verification records, the Merkle root of
 * the day's records) and every reveal of a real identity asked in the
 * period, with its ground, who asked, who decided and when it was opened.
 * People appear masked only: the report is read by people who need not see
 * who they are.
 */
export function identityReport(identity: IdentityServices): ReportSection {
  return {
    title: { zh: '网络实名核验与身份查看', en: 'Real-name verification and identity reveals' },
    columns: [
      { zh: '类型', en: 'Kind' },
      { zh: '编号', en: 'Ref' },
      { zh: '时间（北京时间）', en: 'When (Beijing)' },
      { zh: '内容', en: 'What' },
      { zh: '状态', en: 'Status' },
    ],
    rows: async (period) => {
      const [seals, reveals] = await Promise.all([
        identity.gate.sealsInPeriod(period),
        identity.vault.exportReveals(period),
      ]);
      return [
        ...seals.map((s) => ({
          cells: [
            '每日核验存证 Daily seal',
            `${s.service} ${s.day}`,
            when(s.sealedAt),
            `准入 allowed ${s.allowed} · 拒绝 denied ${s.denied} · 核验记录 records ${s.verifications} · Merkle ${s.merkleRoot.slice(0, 16)}`,
            `已存证 sealed (${s.evidenceId.slice(0, 8)})`,
          ],
        })),
        ...reveals.map((r) => ({
          cells: [
            '身份查看 Identity reveal',
            r.id.slice(0, 8),
            when(r.requestedAt),
            `${r.basisName.zh} ${r.basisName.en}${r.reference ? ` · ${r.reference}` : ''} · ${r.subject.nameMasked} ${r.subject.idNumberMasked} · 申请 asked by ${r.requestedBy}${r.decidedBy ? ` · 审批 decided by ${r.decidedBy}` : ''}`,
            `${revealText[r.status]}${r.openedAt ? ` ${when(r.openedAt)}` : ''}`,
          ],
        })),
      ];
    },
  };
}
