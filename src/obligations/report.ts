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

const versionLabel: Record<string, string> = {
  csl2015draft: 'CSL 2015 draft',
  csl2016: 'CSL 2016',
  csl2025: 'CSL 2025',
  cii2017: 'CII Reg. 2017 draft',
  cii2021: 'CII Reg. 2021',
};

const roman = ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

export function chapterLabel(key: string): string {
  const [version, n] = key.split('/');
  const num = Number(n);
  return `${versionLabel[version ?? ''] ?? version}, Chapter ${roman[num] ?? n}`;
}

export function formatAmount(a: Amount): string {
  if ('multipleOf' in a) return `${a.min}-${a.max}x ${a.multipleOf.replace('_', ' ')}`;
  const f = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
  return a.min === 0 ? `up to ${f(a.max)}` : `${f(a.min)}-${f(a.max)}`;
}

export function formatCitations(c: AssessedObligation['citations']): string {
  return Object.entries(c)
    .filter(([, refs]) => refs && refs.length)
    .map(([v, refs]) => `${versionLabel[v] ?? v} Art ${refs!.join(', ')}`)
    .join('; ');
}

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
  return `${versionLabel[p.version] ?? p.version} Art ${p.article}${p.paragraph ? `(${p.paragraph})` : ''}: ${tiers}`;
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
      `  ${versionLabel[e.version] ?? e.version}: ${e.max_entity.toLocaleString('en-US')} / ${e.max_persons.toLocaleString('en-US')} / ${e.max_other_staff.toLocaleString('en-US')} RMB` +
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
        `| **${cell(o.title.en)}** ${cell(o.title.zh)}<br>\`${o.id}\`${o.draft_only ? ' (draft only)' : ''} | ${cell(formatCitations(o.citations))} | ${formatRecurrence(o.recurrence)} | ${cell(o.because.join('; '))} | ${o.penalties.map((p) => cell(formatPenalty(p))).join('<br>')} |`,
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
      `| ${versionLabel[e.version] ?? e.version} | ${e.max_entity.toLocaleString('en-US')} | ${e.max_persons.toLocaleString('en-US')} | ${e.max_other_staff.toLocaleString('en-US')} | ${e.uncapped_multiples.join(', ') || '—'} |`,
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
