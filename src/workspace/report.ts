import { citationGroups, formatChapter } from '../../contract/citation.js';
import { dateInWords, periodInWords } from '../../contract/period.js';
import { dueText } from '../obligations/deadlines.js';
import { addDays, beijingDate, beijingDateTime } from '../platform/time.js';
import type { Overview } from './types.js';

/**
 * The bilingual audit report (HTML; printed to PDF by Chromium): the duties
 * with their derived status and citations, the evidence of the period, and
 * how to verify the pack. Pure: a string from data.
 */
type Bilingual = { zh: string; en: string };

export interface ReportInput {
  organisation: string;
  /** Beijing dates: the first day, and the day the period ends before (exclusive), as the API takes them. */
  period: { from: string | null; to: string | null };
  /** An instant (ISO); shown in Beijing time. */
  generatedAt: string;
  /** Who asked for the report: the sign-off block's "prepared by". */
  preparedBy?: string | null;
  /** Labels of the evidence record kinds (catalog/evidence-kinds.yaml). */
  kindLabels?: Readonly<Record<string, Bilingual>>;
  /** Titles of every duty of the catalogue, for records of duties no longer listed. */
  dutyTitles?: Readonly<Record<string, Bilingual>>;
  overview: Overview;
  records: {
    id: string;
    index: number | null;
    kind: string;
    obligations: string[];
    summary: string;
    actor: string;
    occurredAt: string;
    fileSha256: string | null;
  }[];
  /** Other capabilities' sections (their module's `report`): a title and rows of text. */
  sections?: {
    title: { zh: string; en: string };
    columns: { zh: string; en: string }[];
    rows: { cells: string[] }[];
  }[];
  /** Extra CSS (the @font-face rules of the shipped Chinese font when printing). */
  fontCss?: string;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const statusLabel: Record<string, [string, string]> = {
  met: ['已满足', 'met'],
  due_soon: ['即将到期', 'due soon'],
  overdue: ['已逾期', 'overdue'],
  missing: ['缺少证据', 'missing'],
  not_applicable: ['不适用', 'not applicable'],
};

const deadlineLabel: Record<string, [string, string]> = {
  overdue: ['已逾期', 'overdue'],
  due_soon: ['即将到期', 'due soon'],
  open: ['待办', 'open'],
  on_track: ['正常', 'on track'],
};

/** The Beijing date of an instant (a UTC ISO string's own date is the day before from 16:00 on). */
const day = (iso: string | null) => (iso ? beijingDate(new Date(iso)) : '—');
/** An instant as Beijing wall time, said to be so. */
const beijingTime = (iso: string) => `${beijingDateTime(new Date(iso))}（北京时间 Beijing time）`;

/** Citations in Chinese as lawyers cite them, the English beneath; drafts (named as such) greyed. */
function citationCell(c: Readonly<Record<string, readonly string[] | undefined>>): string {
  const zh = citationGroups(c, 'zh');
  const en = citationGroups(c, 'en');
  return zh
    .map(
      (g, i) =>
        `<span class="${g.draft ? 'draft' : ''}">${esc(g.text)}<br><span class="en">${esc(en[i]!.text)}</span></span>`,
    )
    .join('<br>');
}

/** The Beijing date of an instant in words, both languages. */
const dateWordsOf = (iso: string) => {
  const d = beijingDate(new Date(iso));
  return `${dateInWords(d, 'zh')} / ${dateInWords(d, 'en')}`;
};

/** The period as words, its last day included: the API's `to` is the day it ends before. */
export function periodText(r: Pick<ReportInput, 'period' | 'generatedAt'>): Bilingual {
  const last = r.period.to ? addDays(r.period.to, -1) : null;
  const asOf = beijingDate(new Date(r.generatedAt));
  return {
    zh: periodInWords(r.period.from, last, 'zh', asOf),
    en: periodInWords(r.period.from, last, 'en', asOf),
  };
}

export function renderReportHtml(r: ReportInput): string {
  const o = r.overview;
  const counts = Object.keys(statusLabel).map(
    (s) => [s, o.items.filter((i) => i.status === s).length] as const,
  );
  const titles = new Map<string, Bilingual>([
    ...Object.entries(r.dutyTitles ?? {}),
    ...o.items.map((i) => [i.id, i.title] as const),
  ]);
  const period = periodText(r);
  const kind = (k: string) => {
    const l = r.kindLabels?.[k];
    return l ? `${esc(l.zh)}<br><span class="en">${esc(l.en)}</span>` : esc(k);
  };
  const duty = (id: string) => {
    const t = titles.get(id);
    return t ? `${esc(t.zh)}<br><span class="en">${esc(t.en)}</span>` : esc(id);
  };
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>网络安全合规审计报告 Cybersecurity compliance audit report</title>
<style>
${r.fontCss ?? ''}
body { font-family: 'Noto Sans SC', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; font-size: 10pt; color: #222; margin: 24px; }
h1 { font-size: 18pt; margin: 0 0 4px; } h2 { font-size: 13pt; margin: 20px 0 6px; border-bottom: 1px solid #ccc; }
.en { color: #555; } table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #ddd; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #f4f4f4; } .s-overdue, .s-missing { color: #b00; font-weight: 600; } .s-met { color: #070; } .s-due_soon { color: #a60; }
.mono { font-family: monospace; font-size: 8pt; word-break: break-all; }
tr { page-break-inside: avoid; }
.signoff { margin-top: 28px; page-break-inside: avoid; } .signoff td { border: none; padding: 12px 12px 12px 0; width: 50%; white-space: nowrap; }
.draft { color: #888; } .nowrap { white-space: nowrap; } .line { display: inline-block; min-width: 140px; border-bottom: 1px solid #333; height: 1.2em; vertical-align: bottom; }
</style></head><body>
<h1>网络安全合规审计报告</h1>
<div class="en">Cybersecurity compliance audit report</div>
<p>组织 Organisation: <b>${esc(r.organisation)}</b><br>
期间 Period: ${esc(period.zh)}<br><span class="en">${esc(period.en)}</span><br>
生成时间 Generated: ${esc(beijingTime(r.generatedAt))}</p>

<h2>概况 Summary</h2>
<table><tr>${counts.map(([s]) => `<th>${statusLabel[s]![0]}<br><span class="en">${statusLabel[s]![1]}</span></th>`).join('')}</tr>
<tr>${counts.map(([, n]) => `<td>${n}</td>`).join('')}</tr></table>
<p>证据账本 Evidence ledger: ${o.ledger.size} 条记录 records; 最新检查点 last checkpoint: ${o.ledger.lastCheckpoint ? `${o.ledger.lastCheckpoint.size} 条 records, ${esc(beijingTime(o.ledger.lastCheckpoint.at))}` : '—'}<br>
验证公钥 Verifier key: <span class="mono">${esc(o.ledger.verifierKey)}</span></p>

<h2>义务及状态 Duties and their status</h2>
<table><tr><th>义务 Duty</th><th>章 Chapter</th><th>条文 Citations</th><th>状态 Status</th><th>最近证据 Last evidence</th><th>下次期限 Next deadline</th></tr>
${o.items
  .map(
    (i) => `<tr><td>${esc(i.title.zh)}<br><span class="en">${esc(i.title.en)}</span></td>
<td>${esc(formatChapter(i.chapter, 'zh', { law: true }))}<br><span class="en">${esc(formatChapter(i.chapter, 'en', { law: true }))}</span></td>
<td>${citationCell(i.citations)}</td>
<td class="s-${i.status}">${statusLabel[i.status]![0]}<br><span class="en">${statusLabel[i.status]![1]}</span></td>
<td class="nowrap">${day(i.lastEvidenceAt)}</td><td class="nowrap">${day(i.nextDue)}</td></tr>`,
  )
  .join('\n')}
</table>

<h2>登记簿待办事项 Open items of the registers (${o.deadlines.filter((d) => d.status !== 'on_track').length})</h2>
<table><tr><th>事项 Item</th><th>对象 Subject</th><th>义务 Duty</th><th>期限 Due（北京时间 Beijing time）</th><th>状态 Status</th><th>办理方 Who acts</th></tr>
${o.deadlines
  .filter((d) => d.status !== 'on_track')
  .map(
    (
      d,
    ) => `<tr><td>${esc(d.label.zh)}<br><span class="en">${esc(d.label.en)}</span></td><td>${esc(d.subject)}</td>
<td>${d.obligations.map(duty).join('<br>')}</td>
<td>${esc(dueText(d) ?? '—')}${d.estimate ? '<br><span class="en">估算 estimate</span>' : ''}</td><td class="s-${d.status === 'open' ? 'missing' : d.status}">${deadlineLabel[d.status]![0]}<br><span class="en">${deadlineLabel[d.status]![1]}</span></td>
<td>${d.party === 'operator' ? '运营者 operator' : '主管部门 authority'}</td></tr>`,
  )
  .join('\n')}
</table>

<h2>本期证据 Evidence of the period (${r.records.length})</h2>
<table><tr><th>日期 Date</th><th>义务 Duty</th><th>类型 Kind</th><th>摘要 Summary</th><th>记录人 By</th><th>账本位置 Leaf</th></tr>
${r.records
  .map(
    (
      e,
    ) => `<tr><td class="nowrap">${day(e.occurredAt)}</td><td>${e.obligations.map(duty).join('<br>')}</td><td class="nowrap">${kind(e.kind)}</td>
<td>${esc(e.summary)}${e.fileSha256 ? `<br><span class="mono">sha256 ${e.fileSha256}</span>` : ''}</td><td>${esc(e.actor)}</td><td>${e.index ?? '—'}</td></tr>`,
  )
  .join('\n')}
</table>

${(r.sections ?? [])
  .map(
    (sec) => `<h2>${esc(sec.title.zh)} ${esc(sec.title.en)} (${sec.rows.length})</h2>
<table><tr>${sec.columns.map((c) => `<th>${esc(c.zh)} ${esc(c.en)}</th>`).join('')}</tr>
${sec.rows.map((row) => `<tr>${row.cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}
</table>`,
  )
  .join('\n')}

<h2>如何验证 How to verify</h2>
<p>本报告随审计包提供。运行 <span class="mono">wangan verify &lt;审计包目录&gt;</span> 可离线核验每条记录的包含证明、每个检查点的签名及检查点之间的一致性。<br>
<span class="en">This report ships inside an audit pack. <span class="mono">wangan verify &lt;pack folder&gt;</span> checks every record's inclusion proof, every checkpoint signature and the consistency of successive checkpoints, offline.</span></p>

<div class="signoff"><h2>签署 Sign-off</h2>
<table data-section="signoff">
<tr><td>编制人 Prepared by：<b>${esc(r.preparedBy ?? '')}</b>${r.preparedBy ? '' : '<span class="line"></span>'}</td><td>编制日期 Prepared on：${esc(dateWordsOf(r.generatedAt))}</td></tr>
<tr><td>审核人 Reviewed by：<span class="line"></span></td><td>日期 Date：<span class="line"></span></td></tr>
<tr><td>签字 Signature：<span class="line"></span></td><td></td></tr>
</table></div>
</body></html>
`;
}
