import { formatCitations, instruments as statutes } from '../../contract/citation.js';
import { dateInWords } from '../../contract/period.js';
import { beijingDate, beijingDateTime } from '../platform/time.js';
import type { IncidentsFile } from './catalog-schema.js';
import { formatIncidentCitation } from './citations.js';

/**
 * What the incident documents (the report to the authorities, the breach
 * notice) share: escaping, Beijing time as an official document writes it,
 * citations, and the page itself. The page is built to open in Word and WPS
 * as well as to print to A4 through Chromium: styles inline on each element
 * (Word ignores most of a style sheet), bordered tables, SimSun first, no
 * scripts. Pure.
 */
export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Chinese official documents are set in SimSun; the shipped Noto Sans SC lets Chromium print without Chinese system fonts. */
export const fontFamily =
  "SimSun, '宋体', 'Songti SC', 'Noto Serif CJK SC', 'Noto Sans SC', 'Noto Sans CJK SC', serif";
const body = `font-family:${fontFamily}; font-size:12pt; line-height:1.6; color:#000;`;

/** Inline styles, so Word and WPS keep them. */
export const css = {
  table: 'border-collapse:collapse; width:100%; border:1px solid #000; margin:6pt 0;',
  th: `border:1px solid #000; padding:4pt 6pt; vertical-align:top; text-align:left; font-weight:bold; background:#f2f2f2; width:32%; font-family:${fontFamily}; font-size:11pt;`,
  td: `border:1px solid #000; padding:4pt 6pt; vertical-align:top; text-align:left; font-family:${fontFamily}; font-size:11pt;`,
  p: `margin:4pt 0; ${body}`,
  h1: `text-align:center; font-size:18pt; font-weight:bold; margin:0 0 12pt; font-family:${fontFamily};`,
  h2: `font-size:14pt; font-weight:bold; margin:14pt 0 4pt; font-family:${fontFamily};`,
  note: `margin:4pt 0; font-size:10pt; color:#333; font-family:${fontFamily};`,
  empty: 'color:#555;',
} as const;

/** An instant as an official document writes it: 2026年3月1日 23时30分（北京时间）, whatever the process's zone. */
export function beijingTimeText(iso: string | Date): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  const [, hm = ''] = beijingDateTime(at).split(' ');
  const [h = '', m = ''] = hm.split(':');
  return `${dateInWords(beijingDate(at), 'zh')} ${h}时${m}分（北京时间）`;
}

/** The Beijing date of an instant in words: 2026年3月2日. */
export const beijingDateText = (iso: string | Date): string =>
  dateInWords(beijingDate(typeof iso === 'string' ? new Date(iso) : iso), 'zh');

/** PT1H -> 1小时, P30D -> 30日. */
export function durationText(iso: string): string {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m) return iso;
  const [, d, h, min] = m;
  return [d ? `${d}日` : '', h ? `${h}小时` : '', min ? `${min}分钟` : ''].join('') || iso;
}

/**
 * Catalogue citations as one Chinese line. The statutes go through the shared
 * formatter together, so both numberings are named with their versions
 * (《网络安全法》（2025年修正）第二十七条；《网络安全法》（2016年文本）第二十五条);
 * the instruments only the catalogue knows (the Measures, PIPL) by their names.
 */
export function citationLine(
  citations: readonly string[],
  catalog: Pick<IncidentsFile, 'instruments'>,
): string {
  const isStatute = (c: string) => Boolean(statutes[c.split(':')[0]!]) && c.includes(':');
  const own = citations
    .filter((c) => !isStatute(c))
    .map((c) => formatIncidentCitation(c, catalog.instruments).zh);
  const law = citations.filter(isStatute);
  return [...own, ...(law.length ? [formatCitations(law, 'zh')] : [])].join('；');
}

/** A bordered two-column table: label, value (the value is HTML already escaped). */
export function fieldTable(rows: readonly { label: string; html: string; key?: string }[]): string {
  return `<table style="${css.table}" border="1" cellspacing="0" cellpadding="4">
${rows
  .map(
    (r) =>
      `<tr${r.key ? ` data-item="${esc(r.key)}"` : ''}><th style="${css.th}">${esc(r.label)}</th><td style="${css.td}">${r.html}</td></tr>`,
  )
  .join('\n')}
</table>`;
}

/** Text written by people, escaped, its line breaks kept. */
export const paragraphs = (s: string): string => esc(s.trim()).replace(/\r?\n/g, '<br>');

/**
 * The whole page. Word's namespaces and its print view make Word and WPS
 * open it as a document; `fontCss` carries the shipped font's @font-face
 * rules when Chromium prints it.
 */
export function page(title: string, content: string, fontCss = ''): string {
  return `<!doctype html>
<html lang="zh-CN" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="ProgId" content="Word.Document">
<title>${esc(title)}</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View><w:Zoom>100</w:Zoom></w:WordDocument></xml><![endif]-->
<style>
${fontCss}
@page { size: 210mm 297mm; margin: 25mm 20mm 25mm 20mm; }
@page WordSection1 { size: 595.3pt 841.9pt; margin: 72pt 56.7pt 72pt 56.7pt; }
div.WordSection1 { page: WordSection1; }
tr { page-break-inside: avoid; }
</style>
</head>
<body style="${body}">
<div class="WordSection1">
${content}
</div>
</body>
</html>
`;
}

/** The block the person filing signs. */
export function signOff(rows: readonly [string, string][]): string {
  const cell = (label: string, value: string) =>
    `<td style="${css.td} width:50%; padding:10pt 6pt;">${esc(label)}：${value ? esc(value) : '&nbsp;'}</td>`;
  const lines = [];
  for (let i = 0; i < rows.length; i += 2) {
    const a = rows[i]!;
    const b = rows[i + 1];
    lines.push(`<tr>${cell(a[0], a[1])}${b ? cell(b[0], b[1]) : `<td style="${css.td}"></td>`}</tr>`);
  }
  return `<table data-section="signoff" style="${css.table} margin-top:18pt;" border="1" cellspacing="0" cellpadding="4">
${lines.join('\n')}
</table>`;
}
