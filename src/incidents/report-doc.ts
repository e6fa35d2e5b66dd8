import type { IncidentDetails, IncidentView, ReportKind } from '../../contract/incidents.js';
import { toChineseNumeral } from '../../contract/numerals.js';
import type { IncidentsFile } from './catalog-schema.js';
import {
  beijingTimeText,
  citationLine,
  css,
  durationText,
  esc,
  fieldTable,
  page,
  paragraphs,
  signOff,
} from './doc-html.js';

/**
 * The incident report to the authorities as a document (2025 Incident
 * Reporting Measures; CSL 2025 Art 27, 2016 Art 25): 网络安全事件初始报告,
 * 续报 or 总结报告, in Chinese, listing every content item of the catalogue
 * in its order. The basics may be reported first and supplemented later, so
 * an item not yet known says so (尚不明确，待续报) in an initial or
 * supplementary report; a final report lists the items still empty as such.
 * Everything from the record is escaped: it holds user text. Pure.
 */
export interface DocOrganisation {
  name: string;
  /** The profile says it operates critical information infrastructure. */
  ciiOperator?: boolean;
  /** A central or state organ, or a unit directly under one. */
  centralStateOrgan?: boolean;
}

export interface IncidentReportInput {
  incident: IncidentView;
  kind: ReportKind;
  /** For an initial report: the catalogue's rule it answers (cii, central_organ, other); the earliest clock's when omitted. */
  rule?: string | null;
  organisation: DocOrganisation;
  catalog: IncidentsFile;
  generatedAt: Date;
  /** @font-face rules of the shipped font, when Chromium prints it. */
  fontCss?: string;
}

export const reportTitles: Readonly<Record<ReportKind, string>> = {
  initial: '网络安全事件初始报告',
  supplementary: '网络安全事件续报',
  final: '网络安全事件总结报告',
};

/** The wording of an item not yet known: the measures allow the basics first. */
export const pendingText = '（尚不明确，待续报）';
/** The wording of an item a final report still leaves empty. */
export const emptyFinalText = '（未填写）';

type DetailKey = Exclude<keyof IncidentDetails, 'ransom'>;

const levelText = (level: number | null) =>
  level === null ? '（未定级）' : `（网络安全等级保护第${toChineseNumeral(level)}级）`;

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/** Whether the ransom item belongs in the report: ransom recorded, or a malicious-program incident. */
export function ransomApplies(incident: Pick<IncidentView, 'details' | 'category'>): boolean {
  return Boolean(incident.details.ransom) || incident.category === 'malicious_program';
}

/** Which initial-report rule the document answers. */
function initialRule(incident: IncidentView, catalog: IncidentsFile, rule?: string | null) {
  const rules = catalog.reporting.initial;
  if (rule) return rules.find((r) => r.id === rule) ?? null;
  const clock = incident.clocks
    .filter((c) => c.kind === 'initial')
    .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''))[0];
  if (clock) return rules.find((r) => r.id === clock.rule) ?? null;
  const when = incident.involvesCii ? 'involves_cii' : 'otherwise';
  return rules.find((r) => r.when === when) ?? rules[0] ?? null;
}

interface Addressing {
  recipient: string;
  deadline: string;
  citation: string;
}

/** To whom the report goes, by when, and under which provisions. */
function addressing(input: IncidentReportInput): Addressing {
  const { incident, catalog, kind } = input;
  const sentTo = [...new Set(incident.reports.filter((r) => r.kind === 'initial').map((r) => r.recipient))];
  if (kind === 'final') {
    const f = catalog.reporting.final_report;
    const clock = incident.clocks.find((c) => c.kind === 'final');
    return {
      recipient: sentTo.length ? `${f.to.zh}（${sentTo.join('、')}）` : f.to.zh,
      deadline: clock?.dueAt
        ? `事件处置结束后${durationText(f.within)}内，即${beijingTimeText(clock.dueAt)}前`
        : `事件处置结束后${durationText(f.within)}内`,
      citation: citationLine(f.citations, catalog),
    };
  }
  const rule = initialRule(incident, catalog, input.rule);
  if (kind === 'supplementary') {
    const s = catalog.reporting.supplementary;
    return {
      recipient: sentTo.length ? sentTo.join('、') : (rule?.to.zh ?? ''),
      deadline: s.summary.zh,
      citation: citationLine(s.citations, catalog),
    };
  }
  if (!rule) return { recipient: '', deadline: '', citation: '' };
  const clock = incident.clocks.find((c) => c.kind === 'initial' && c.rule === rule.id);
  const due = clock?.dueAt ?? null;
  return {
    recipient: rule.to.zh,
    deadline: due
      ? `发现事件后${durationText(rule.within)}内，即${beijingTimeText(due)}前`
      : `发现事件后${durationText(rule.within)}内`,
    citation: citationLine(rule.citations, catalog),
  };
}

/** The value of one content item as HTML, or null when it is still empty. */
function itemValue(key: string, input: IncidentReportInput): string | null {
  const { incident, catalog, organisation } = input;
  switch (key) {
    case 'organisation': {
      const who = [esc(organisation.name)];
      if (organisation.ciiOperator) who.push('（关键信息基础设施运营者）');
      else if (organisation.centralStateOrgan) who.push('（中央和国家机关或其直属单位）');
      const systems = incident.systems.length
        ? incident.systems.map((s) => `${esc(s.name)}${levelText(s.level)}`).join('；')
        : null;
      const lines = [`事发单位：${who.join('')}`];
      lines.push(`受影响的设施、系统、平台：${systems ?? esc(pendingOrEmpty(input))}`);
      if (incident.involvesCii) lines.push('本事件涉及关键信息基础设施。');
      return lines.join('<br>');
    }
    case 'timePlace': {
      const lines = [`发现时间：${esc(beijingTimeText(incident.discoveredAt))}`];
      lines.push(
        `发生时间：${incident.occurredAt ? esc(beijingTimeText(incident.occurredAt)) : esc(pendingOrEmpty(input))}`,
      );
      lines.push(
        `地点：${incident.location.trim() ? paragraphs(incident.location) : esc(pendingOrEmpty(input))}`,
      );
      return lines.join('<br>');
    }
    case 'category': {
      const name =
        incident.categoryName.zh ||
        catalog.categories.list.find((c) => c.code === incident.category)?.name.zh;
      return name ? esc(name) : null;
    }
    case 'grade':
      return gradeValue(input);
    case 'ransom': {
      const r = incident.details.ransom;
      if (!r || !(r.amount.trim() || r.method.trim() || r.date.trim())) return null;
      const part = (s: string) => (s.trim() ? paragraphs(s) : esc(pendingOrEmpty(input)));
      return `赎金金额：${part(r.amount)}<br>支付方式：${part(r.method)}<br>支付日期：${part(r.date)}`;
    }
    default: {
      const v = (incident.details as Record<DetailKey, string | undefined>)[key as DetailKey];
      return typeof v === 'string' && v.trim() ? paragraphs(v) : null;
    }
  }
}

const pendingOrEmpty = (input: Pick<IncidentReportInput, 'kind'>) =>
  input.kind === 'final' ? emptyFinalText : pendingText;

function gradeValue(input: IncidentReportInput): string {
  const { incident, catalog } = input;
  const g = incident.grading;
  const facts = new Map(catalog.facts.map((f) => [f.key, f]));
  const label = (grade: string) => catalog.grades.find((x) => x.grade === grade)?.label.zh ?? '';
  const lines = [`<b>${esc(label(g.grade) || g.label.zh)}网络安全事件（${esc(g.grade)}级）</b>`];
  if (g.manual) {
    lines.push(
      `人工定级：${esc(g.manual.grade)}级（${esc(label(g.manual.grade))}），理由：${g.manual.reason.trim() ? paragraphs(g.manual.reason) : '（未写明）'}`,
      `依判定标准计算的级别：${esc(g.computed.grade)}级（${esc(label(g.computed.grade) || g.computed.label.zh)}）`,
    );
  }
  if (g.computed.fired.length) {
    lines.push('达到的判定标准：');
    for (const f of g.computed.fired) {
      const def = facts.get(f.fact);
      const unit = def?.unit.zh ?? '';
      lines.push(
        `· ${esc(def?.label.zh ?? f.fact)}：${number(f.value)}${esc(unit)}，达到${esc(f.grade)}级标准（${number(f.threshold)}${esc(unit)}以上）${f.uncertain ? '（该阈值尚待与正式文本核对）' : ''}${f.overridden ? '（该阈值已按本单位配置调整）' : ''}`,
      );
    }
  } else if (!g.manual) {
    lines.push('未达到较大及以上级别的数值判定标准。');
  }
  lines.push(`依据：${esc(citationLine(catalog.grading.citations, catalog))}`);
  return lines.join('<br>');
}

export function renderIncidentReport(input: IncidentReportInput): string {
  const { incident, catalog, kind } = input;
  const title = reportTitles[kind];
  const a = addressing(input);
  const items = catalog.report_contents.items.filter((i) => i.key !== 'ransom' || ransomApplies(incident));
  const empty: string[] = [];
  const rows = items.map((item) => {
    const value = itemValue(item.key, input);
    if (value === null) empty.push(item.label.zh);
    return {
      key: item.key,
      label: item.label.zh,
      html: value ?? `<span style="${css.empty}">${esc(pendingOrEmpty(input))}</span>`,
    };
  });
  const head = fieldTable([
    { label: '报送对象', html: a.recipient ? esc(a.recipient) : esc(pendingText) },
    { label: '事件编号', html: esc(incident.ref) },
    { label: '事件名称', html: esc(incident.title) },
    { label: '报告时限', html: esc(a.deadline) },
    { label: '报告时间', html: esc(beijingTimeText(input.generatedAt)) },
  ]);
  const description = incident.description.trim()
    ? `<h2 style="${css.h2}">事件概述</h2><p style="${css.p}">${paragraphs(incident.description)}</p>`
    : '';
  const finalNote =
    kind === 'final' && empty.length
      ? `<p style="${css.note}" data-section="empty-items">以下内容项在本总结报告中仍未填写：${empty.map(esc).join('、')}。</p>`
      : '';
  const basisNote = catalog.report_contents.note?.zh;
  const content = `<h1 style="${css.h1}">${esc(title)}</h1>
${head}
${description}
<h2 style="${css.h2}">报告内容</h2>
${fieldTable(rows)}
${finalNote}
<p style="${css.note}" data-section="citation">报告依据：${esc(a.citation)}${basisNote ? `<br>${esc(basisNote)}` : ''}</p>
${signOff([
  ['填报单位（盖章）', input.organisation.name],
  ['填报人', ''],
  ['联系电话', ''],
  ['单位负责人（签字）', ''],
  ['日期', ''],
])}`;
  return page(`${title}（${incident.ref}）`, content, input.fontCss);
}
