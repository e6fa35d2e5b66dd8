import type { IncidentsFile } from './catalog-schema.js';
import { formatIncidentCitations } from './citations.js';
import { isoBeijing, type Deadlines } from './clocks.js';
import type { GradeResult } from './grading.js';
import type { GradingRules } from './thresholds.js';

/**
 * The command line's output of the incident rules: the JSON contract
 * (exactly the keys other tools read) and the readable text, in English
 * with the Chinese labels beside. Pure.
 */
export function gradeJson(r: GradeResult) {
  return {
    grade: r.grade,
    label: r.label,
    fired: r.fired.map((f) => ({ fact: f.fact, value: f.value, threshold: f.threshold, grade: f.grade })),
  };
}

export function deadlineJson(d: Deadlines) {
  return {
    mandatory: d.mandatory,
    reports: d.reports.map((r) => ({ due: isoBeijing(r.due), within: r.within, to: r.to })),
    final_report: d.final_report ? { within: d.final_report.within } : null,
  };
}

const hours = (iso: string) => {
  const h = /^PT(\d+)H$/.exec(iso);
  if (h) return `${h[1]} hour${h[1] === '1' ? '' : 's'}`;
  const d = /^P(\d+)D$/.exec(iso);
  return d ? `${d[1]} day${d[1] === '1' ? '' : 's'}` : iso;
};

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/** Notes on the thresholds a result leaned on that are uncertain or changed: said wherever they are used. */
export function thresholdNotes(r: GradeResult): string[] {
  const lines: string[] = [];
  for (const o of r.overridden)
    lines.push(
      `${o.variable}=${number(o.threshold)} replaces the catalogue's ${number(o.catalogThreshold)} (${o.rule}) / 阈值已由环境变量调整`,
    );
  const uncertain = r.fired.filter((f) => f.uncertain).map((f) => f.rule);
  if (uncertain.length)
    lines.push(
      `Not verified against the published text, configurable: ${uncertain.join(', ')} / 以上阈值尚未与正式文本核对，可通过环境变量调整`,
    );
  return lines;
}

export function gradeText(r: GradeResult, rules: GradingRules, catalog: IncidentsFile): string {
  const defs = new Map(rules.facts.map((f) => [f.key, f]));
  const lines = [`Grade ${r.grade}: ${r.label.en} / ${r.label.zh}`];
  if (!r.fired.length)
    lines.push('No grading rule fired: a general (IV) incident / 未达到较大及以上级别的判定标准');
  else {
    lines.push('', `Rules that fired (${r.fired.length}) / 触发的判定标准:`);
    for (const f of r.fired) {
      const def = defs.get(f.fact)!;
      const marks = [f.uncertain ? 'uncertain 待核实' : '', f.overridden ? 'changed 已调整' : ''].filter(
        Boolean,
      );
      lines.push(
        `  ${f.grade.padEnd(3)} ${f.fact} = ${number(f.value)} ${def.unit.en}, at or above ${number(f.threshold)}${marks.length ? `  [${marks.join(', ')}]` : ''}`,
        `      ${def.label.en} / ${def.label.zh}`,
      );
    }
  }
  const notes = thresholdNotes(r);
  if (notes.length) lines.push('', ...notes);
  const cite = formatIncidentCitations(catalog.grading.citations, catalog.instruments);
  lines.push('', `Basis: ${cite.en} / 依据：${cite.zh}`, `${rules.judgement.en}`, `${rules.judgement.zh}`);
  return `${lines.join('\n')}\n`;
}

export function deadlineText(
  d: Deadlines,
  grade: GradeResult['grade'],
  labels: GradingRules['labels'],
): string {
  const label = labels[grade];
  if (!d.mandatory)
    return `Grade ${grade} (${label.en} / ${label.zh}): no report is mandatory (from grade III up) / 较大以下事件无须强制报告\n`;
  const lines = [`Grade ${grade} (${label.en} / ${label.zh}): reporting is mandatory / 须依法报告`, ''];
  for (const r of d.reports)
    lines.push(
      `  by ${isoBeijing(r.due)}  within ${hours(r.within)} of discovery, to ${r.to.en} / ${r.to.zh}`,
      `      ${r.citation.en}`,
      `      ${r.citation.zh}`,
    );
  if (d.final_report)
    lines.push(
      '',
      `  Final report within ${hours(d.final_report.within)} after handling ends, to ${d.final_report.to.en} / 处置结束后向${d.final_report.to.zh}提交总结报告`,
      `      ${d.final_report.citation.en}`,
      `      ${d.final_report.citation.zh}`,
    );
  if (d.supplementary) lines.push('', `  ${d.supplementary.summary.en}`, `  ${d.supplementary.summary.zh}`);
  return `${lines.join('\n')}\n`;
}

export function thresholdsText(rules: GradingRules): string {
  const lines = ['Incident grading thresholds (a value at or above reaches the grade) / 事件分级阈值', ''];
  for (const r of rules.rules) {
    const mark = r.overridden
      ? `changed from ${number(r.catalogThreshold)}`
      : r.uncertain
        ? 'uncertain'
        : 'fixed';
    lines.push(
      `  ${r.id.padEnd(36)} ${number(r.threshold).padStart(12)}  ${mark}${r.variable ? `  ${r.variable}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function thresholdsJson(rules: GradingRules) {
  return rules.rules.map((r) => ({
    rule: r.id,
    fact: r.fact,
    grade: r.grade,
    threshold: r.threshold,
    catalog_threshold: r.catalogThreshold,
    uncertain: r.uncertain,
    overridden: r.overridden,
    variable: r.variable,
  }));
}
