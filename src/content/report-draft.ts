import { formatCitations } from '../../contract/citation.js';
import { beijingDateTime } from '../platform/time.js';
import type { ContentCategory } from './catalog-schema.js';
import type { DisposalRow } from './screening-store.js';

/**
 * The draft of a report to the competent authority (CSL 2025 Art 49, 2016
 * Art 47): the unreported disposal records with their facts, bilingual, for
 * the officer to check and send. A plain HTML document (it opens in Word and
 * WPS); nothing is recorded by drafting it. Pure.
 */
const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const td = 'border:1px solid #000; padding:3pt 5pt; vertical-align:top; font-size:10pt;';
const th = `${td} background:#f2f2f2; font-weight:bold;`;

export interface ReportDraftInput {
  rows: readonly DisposalRow[];
  truncated: boolean;
  recipient: { zh: string; en: string } | null;
  from: Date | null;
  to: Date | null;
  now: Date;
  categories: readonly ContentCategory[];
  /** "csl2025:49" and the like. */
  citations: readonly string[];
}

const at = (d: Date | string | null): string => (d === null ? '—' : `${beijingDateTime(new Date(d))}`);

export function reportDraftHtml(input: ReportDraftInput): string {
  const names = new Map(input.categories.map((c) => [c.code, c.name]));
  const cat = (code: string) => {
    const n = names.get(code);
    return n ? `${esc(n.zh)}<br>${esc(n.en)}` : esc(code);
  };
  const basis = `${esc(formatCitations(input.citations, 'zh'))} / ${esc(formatCitations(input.citations, 'en'))}`;
  const period =
    input.from || input.to
      ? `${at(input.from)} — ${at(input.to)}（北京时间 / Beijing time）`
      : '全部未报告记录 / all unreported records';
  const head = [
    '序号 No.',
    '发现时间 Detected',
    '停止传输 Stopped',
    '类别 Category',
    '服务 Service',
    '内容标识 Item',
    '发布者（化名）Publisher (pseudonym)',
    '内容摘录 Excerpt',
    '内容哈希值（SHA-256）',
    '删除 Deletion',
  ]
    .map((h) => `<th style="${th}">${esc(h)}</th>`)
    .join('');
  const body = input.rows
    .map(
      (r, i) => `<tr>
<td style="${td}">${i + 1}</td>
<td style="${td}">${esc(at(r.detected_at))}</td>
<td style="${td}">${esc(at(r.stopped_at))}</td>
<td style="${td}">${cat(r.category)}</td>
<td style="${td}">${esc(r.service ?? '—')}</td>
<td style="${td}">${esc(r.item_id ?? r.id)}${r.url ? `<br>${esc(r.url)}` : ''}</td>
<td style="${td}">${esc(r.publisher ?? '—')}</td>
<td style="${td}">${esc(r.excerpt)}</td>
<td style="${td}; font-family:monospace; font-size:8pt; word-break:break-all;">${esc(r.content_hash)}</td>
<td style="${td}">${r.deletion_state === 'confirmed' ? `已删除 deleted ${esc(at(r.deletion_confirmed_at))}` : '未确认 not confirmed'}</td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>违法信息处置情况报告（草稿） / Report of prohibited content disposed of (draft)</title></head>
<body style="font-family:SimSun, 'Noto Sans SC', serif; font-size:11pt;">
<h1 style="text-align:center; font-size:16pt;">违法信息处置情况报告（草稿）<br><span style="font-size:12pt;">Report of prohibited content disposed of (draft)</span></h1>
<p>报送单位 / To: ${input.recipient ? `${esc(input.recipient.zh)} / ${esc(input.recipient.en)}` : '（请填写接收部门 / fill in the recipient）'}</p>
<p>依据 / Basis: ${basis}</p>
<p>期间 / Period: ${esc(period)}</p>
<p>记录数 / Records: ${input.rows.length}${input.truncated ? '（仅列出最早的部分记录，请分批报告 / only the oldest are listed: report in batches）' : ''}</p>
<p>生成时间 / Drafted: ${esc(at(input.now))}（北京时间 / Beijing time）。本草稿不含完整内容，仅含内容摘录及其哈希值；报送后请在系统中登记报告。 / The draft holds excerpts and their hashes, not the full texts; once sent, record the report in the console.</p>
<table style="border-collapse:collapse; width:100%; border:1px solid #000;">
<thead><tr>${head}</tr></thead>
<tbody>
${body || `<tr><td style="${td}" colspan="10">无未报告的处置记录 / No unreported disposal records</td></tr>`}
</tbody>
</table>
</body>
</html>
`;
}
