import {
  formatChapter,
  formatCitations as citeAll,
  formatCitation,
  instrumentName,
  isDraftInstrument,
} from '../../contract/citation.js';
import type { Amount } from './catalog-schema.js';
import {
  describeCondition,
  type AssessedObligation,
  type Assessment,
  type ContractPenalty,
  type ContractRecurrence,
} from './applicability.js';

/** Presents an assessment as text, Markdown or the JSON output contract. Pure. */
export type ReportFormat = 'text' | 'md' | 'json';

/** "CSL 2025, Chapter III / 《网络安全法》第三章" (contract/citation.ts writes both). */
export function chapterLabel(key: string): string {
  const [version = ''] = key.split('/');
  return `${instrumentName(version, 'en')}, ${formatChapter(key, 'en')} / ${formatChapter(key, 'zh', { law: true })}`;
}

export function formatAmount(a: Amount): string {
  if ('multipleOf' in a) return `${a.min}-${a.max}x ${a.multipleOf.replace('_', ' ')}`;
  const f = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
  return a.min === 0 ? `up to ${f(a.max)}` : `${f(a.min)}-${f(a.max)}`;
}

/** The citations of a duty in English ("CSL 2025 Art 42(2); CSL 2016 Art 40(2)") or as cited in Chinese. */
export function formatCitations(c: AssessedObligation['citations'], lang: 'zh' | 'en' = 'en'): string {
  return citeAll(c, lang);
}

/** A penalty's provision: "CSL 2025 Art 61(1)", drafts marked as such (never a fine at stake). */
const penaltyProvision = (p: ContractPenalty) =>
  formatCitation(p.version, `${p.article}${p.paragraph ? `/${p.paragraph}` : ''}`, 'en');

export function formatRecurrence(r: ContractRecurrence): string {
  switch (r.kind) {
    case 'periodic':
      return `every ${r.period}`;
    case 'event': {
      const within = r.deadline ? `on event, within ${r.deadline}` : 'on event';
      return r.event_condition ? `${within}, where ${describeCondition(r.event_condition)}` : within;
    }
    case 'once':
      return r.deadline ? `once, within ${r.deadline}` : 'once';
    default:
      return 'continuous';
  }
}

function formatPenalty(p: ContractPenalty): string {
  const tiers = p.tiers
    .map((t) => {
      const parts: string[] = [t.level];
      if (t.entity) parts.push(`entity ${formatAmount(t.entity)}`);
      if (t.persons)
        parts.push(
          `${t.persons_scope === 'person_in_charge' ? 'person in charge' : 'persons'} ${formatAmount(t.persons)}`,
        );
      if (!t.entity && !t.persons)
        parts.push(t.refers_to ? `see ${t.refers_to}` : t.measures.join(', ') || 'no fine');
      return parts.join(': ');
    })
    .join(' | ');
  return `${penaltyProvision(p)}${isDraftInstrument(p.version) ? ' (draft, never in force)' : ''}: ${tiers}`;
}

function groups(a: Assessment): [string, AssessedObligation[]][] {
  const byChapter = new Map<string, AssessedObligation[]>();
  for (const o of a.obligations) byChapter.set(o.chapter, [...(byChapter.get(o.chapter) ?? []), o]);
  return [...byChapter.entries()].sort(([x], [y]) => x.localeCompare(y, 'en', { numeric: true }));
}

function asText(a: Assessment): string {
  const lines = [`Duties that apply to ${a.profile}: ${a.obligations.length}`, ''];
  for (const [chapter, list] of groups(a)) {
    lines.push(chapterLabel(chapter));
    for (const o of list) {
      lines.push(`  ${o.id}${o.draft_only ? ' (draft only: good practice)' : ''}`);
      lines.push(`    ${o.title.en} / ${o.title.zh}`);
      lines.push(`    cites: ${formatCitations(o.citations)}`);
      lines.push(`    条文: ${formatCitations(o.citations, 'zh')}`);
      lines.push(`    when: ${formatRecurrence(o.recurrence)}`);
      lines.push(`    because: ${o.because.join('; ')}`);
      for (const p of o.penalties) lines.push(`    fine: ${formatPenalty(p)}`);
    }
    lines.push('');
  }
  lines.push(
    'Exposure (highest fixed fine on the entity / on the person in charge / on other responsible staff):',
  );
  for (const e of a.exposure) {
    lines.push(
      `  ${instrumentName(e.version, 'en')}: ${e.max_entity.toLocaleString('en-US')} / ${e.max_persons.toLocaleString('en-US')} / ${e.max_other_staff.toLocaleString('en-US')} RMB` +
        (e.uncapped_multiples.length
          ? `; plus multiples of gains or purchase amounts (${e.uncapped_multiples.join(', ')})`
          : ''),
    );
  }
  if (a.amendment_2025.length) {
    lines.push('', 'What the 2025 amendment changes for you:');
    for (const c of a.amendment_2025) lines.push(`  ${c.obligation} [${c.kind}]: ${c.detail.en}`);
  }
  return `${lines.join('\n')}\n`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function asMarkdown(a: Assessment): string {
  const out = [
    `# Duties that apply to ${cell(a.profile)}`,
    '',
    `${a.obligations.length} duties. Fines in RMB.`,
    '',
  ];
  for (const [chapter, list] of groups(a)) {
    out.push(
      `## ${chapterLabel(chapter)}`,
      '',
      '| Duty | Citations | When | Because | Fines |',
      '|---|---|---|---|---|',
    );
    for (const o of list) {
      out.push(
        `| **${cell(o.title.en)}** ${cell(o.title.zh)}<br>\`${o.id}\`${o.draft_only ? ' (draft only)' : ''} | ${cell(formatCitations(o.citations))}<br>${cell(formatCitations(o.citations, 'zh'))} | ${formatRecurrence(o.recurrence)} | ${cell(o.because.join('; '))} | ${o.penalties.map((p) => cell(formatPenalty(p))).join('<br>')} |`,
      );
    }
    out.push('');
  }
  out.push(
    '## Exposure',
    '',
    '| Version | Entity (max fixed) | Person in charge (max fixed) | Other responsible staff (max fixed) | Uncapped multiples |',
    '|---|---|---|---|---|',
  );
  for (const e of a.exposure) {
    out.push(
      `| ${instrumentName(e.version, 'en')} | ${e.max_entity.toLocaleString('en-US')} | ${e.max_persons.toLocaleString('en-US')} | ${e.max_other_staff.toLocaleString('en-US')} | ${e.uncapped_multiples.join(', ') || '—'} |`,
    );
  }
  if (a.amendment_2025.length) {
    out.push('', '## What the 2025 amendment changes for you', '');
    for (const c of a.amendment_2025)
      out.push(
        `- **${cell(c.title.en)}** (${c.kind.replace('_', ' ')}): ${cell(c.detail.en)} / ${cell(c.detail.zh)}`,
      );
  }
  return `${out.join('\n')}\n`;
}

export function formatAssessment(a: Assessment, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(a, null, 2)}\n`;
  if (format === 'md') return asMarkdown(a);
  return asText(a);
}
