import { dueText } from '../obligations/deadlines.js';
import { beijingDate } from '../platform/time.js';
import type { Overview } from './types.js';

/**
 * The bilingual audit report (HTML; printed to PDF by Chromium): the duties
 * with their derived status and citations, the evidence of the period, and
 * how to verify the pack. Pure: a string from data.
 */
export interface ReportInput {
  organisation: string;
  period: { from: string | null; to: string | null };
  generatedAt: string;
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

const versionName = (k: string) =>
  k.replace(
    /^(csl|cii)(\d{4})(draft)?$/,
    (_m, l: string, y: string, d?: string) => `${l.toUpperCase()} ${y}${d ? ' draft' : ''}`,
  );
/** The Beijing date of an instant (a UTC ISO string's own date is the day before from 16:00 on). */
const day = (iso: string | null) => (iso ? beijingDate(new Date(iso)) : '—');
/** "23/1(3)" -> 第23条第1款第3项. */
const refZh = (ref: string) => {
  const m = /^(\d+)(?:\/(\d+))?(?:\((\d+)\))?$/.exec(ref);
  return m ? `第${m[1]}条${m[2] ? `第${m[2]}款` : ''}${m[3] ? `第${m[3]}项` : ''}` : ref;
};

export function renderReportHtml(r: ReportInput): string {
  const o = r.overview;
  const counts = Object.keys(statusLabel).map(
    (s) => [s, o.items.filter((i) => i.status === s).length] as const,
  );
  const titles = new Map(o.items.map((i) => [i.id, i.title]));
  const period = `${r.period.from ?? '…'} – ${r.period.to ?? '…'}`;
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
</style></head><body>
<h1>网络安全合规审计报告</h1>
<div class="en">Cybersecurity compliance audit report</div>
<p>组织 Organisation: <b>${esc(r.organisation)}</b><br>
期间 Period: ${esc(period)}<br>
生成时间 Generated: ${esc(r.generatedAt)}</p>

<h2>概况 Summary</h2>
<table><tr>${counts.map(([s]) => `<th>${statusLabel[s]![0]}<br><span class="en">${statusLabel[s]![1]}</span></th>`).join('')}</tr>
<tr>${counts.map(([, n]) => `<td>${n}</td>`).join('')}</tr></table>
<p>证据账本 Evidence ledger: ${o.ledger.size} 条记录 records; 最新检查点 last checkpoint: ${o.ledger.lastCheckpoint ? `${o.ledger.lastCheckpoint.size} @ ${esc(o.ledger.lastCheckpoint.at)}` : '—'}<br>
验证公钥 Verifier key: <span class="mono">${esc(o.ledger.verifierKey)}</span></p>

<h2>义务及状态 Duties and their status</h2>
<table><tr><th>义务 Duty</th><th>条文 Citations</th><th>状态 Status</th><th>最近证据 Last evidence</th><th>下次期限 Next deadline</th></tr>
${o.items
  .map(
    (i) => `<tr><td>${esc(i.title.zh)}<br><span class="en">${esc(i.title.en)}</span></td>
<td>${Object.entries(i.citations)
      .filter(([, refs]) => refs && refs.length)
      .map(([v, refs]) => `${versionName(v)} ${esc(refs!.map(refZh).join('、'))}`)
      .join('<br>')}</td>
<td class="s-${i.status}">${statusLabel[i.status]![0]}<br><span class="en">${statusLabel[i.status]![1]}</span></td>
<td>${day(i.lastEvidenceAt)}</td><td>${day(i.nextDue)}</td></tr>`,
  )
  .join('\n')}
</table>

<h2>登记簿待办事项 Open items of the registers (${o.deadlines.filter((d) => d.status !== 'on_track').length})</h2>
<table><tr><th>事项 Item</th><th>对象 Subject</th><th>期限 Due</th><th>状态 Status</th><th>办理方 Who acts</th></tr>
${o.deadlines
  .filter((d) => d.status !== 'on_track')
  .map(
    (
      d,
    ) => `<tr><td>${esc(d.label.zh)}<br><span class="en">${esc(d.label.en)}</span></td><td>${esc(d.subject)}</td>
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
    ) => `<tr><td>${day(e.occurredAt)}</td><td>${e.obligations.map((id) => esc(titles.get(id)?.zh ?? id)).join('<br>')}</td><td>${esc(e.kind)}</td>
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
</body></html>
`;
}
