import type { BreachContents, IncidentView } from '../../contract/incidents.js';
import type { IncidentsFile } from './catalog-schema.js';
import {
  beijingDateText,
  beijingTimeText,
  citationLine,
  css,
  esc,
  fieldTable,
  page,
  paragraphs,
} from './doc-html.js';
import type { DocOrganisation } from './report-doc.js';

/**
 * The notice of a personal-information breach (PIPL Art 57; CSL 2025 Art 42,
 * 2016 Art 42(2)): to the individuals affected, the six items of the
 * catalogue in words a member of the public reads; to the regulator, the same
 * items with the incident's reference, category, grade, discovery time and
 * the number of individuals affected. Escaped throughout (user text). Pure.
 */
export type BreachAudience = 'individuals' | 'regulator';

export interface BreachNoticeInput {
  incident: IncidentView;
  audience: BreachAudience;
  organisation: DocOrganisation;
  catalog: IncidentsFile;
  generatedAt: Date;
  /** @font-face rules of the shipped font, when Chromium prints it. */
  fontCss?: string;
}

export const noticeTitles: Readonly<Record<BreachAudience, string>> = {
  individuals: '个人信息安全事件告知书',
  regulator: '个人信息安全事件情况报告',
};

/** The Art 57 items as a member of the public reads them (the catalogue's labels are the statute's terms). */
const plainHeadings: Readonly<Record<string, string>> = {
  categories: '哪些个人信息受到影响',
  cause: '事情是怎样发生的',
  harm: '可能给您带来的影响',
  remedies: '我们已经采取的补救措施',
  selfHelp: '您可以采取的防范措施',
  contact: '如何联系我们',
};

/** The wording of an item not written yet (the notice cannot be delivered until none is). */
export const unwrittenText = '（待填写）';

/** The Art 57 items (catalogue keys, in order) still empty: the notice is delivered only when none is. */
export function breachMissing(
  contents: Partial<BreachContents> | null | undefined,
  catalog: Pick<IncidentsFile, 'breach_notice'>,
): string[] {
  return catalog.breach_notice.items
    .map((i) => i.key)
    .filter((k) => {
      const v = (contents as Record<string, unknown> | null | undefined)?.[k];
      return typeof v !== 'string' || !v.trim();
    });
}

const valueOf = (contents: Partial<BreachContents> | undefined, key: string): string | null => {
  const v = (contents as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' && v.trim() ? v : null;
};

export function renderBreachNotice(input: BreachNoticeInput): string {
  const { incident, catalog, audience, organisation } = input;
  const contents = incident.breach?.contents;
  const title = noticeTitles[audience];
  const citation = citationLine(catalog.breach_notice.citations, catalog);
  const unwritten = `<span style="${css.empty}">${esc(unwrittenText)}</span>`;
  let content: string;
  if (audience === 'individuals') {
    const sections = catalog.breach_notice.items
      .map((item, i) => {
        const v = valueOf(contents, item.key);
        return `<h2 style="${css.h2}" data-item="${esc(item.key)}">${i + 1}. ${esc(plainHeadings[item.key] ?? item.label.zh)}</h2>
<p style="${css.p}">${v ? paragraphs(v) : unwritten}</p>`;
      })
      .join('\n');
    content = `<h1 style="${css.h1}">${esc(title)}</h1>
<p style="${css.p}">尊敬的用户：</p>
<p style="${css.p}">${esc(organisation.name)}发现了一起可能涉及您个人信息的安全事件。依照法律规定，现将有关情况告知您，请您仔细阅读。</p>
${sections}
<p style="${css.p}">给您带来的不便，我们深表歉意。</p>
<p style="${css.p} text-align:right;">${esc(organisation.name)}<br>${esc(beijingDateText(input.generatedAt))}</p>
<p style="${css.note}" data-section="citation">告知依据：${esc(citation)}</p>`;
  } else {
    const g = incident.grading;
    const individuals = incident.facts.pi_individuals;
    const head = fieldTable([
      { label: '报告单位', html: esc(organisation.name) },
      { label: '事件编号', html: esc(incident.ref) },
      { label: '事件名称', html: esc(incident.title) },
      { label: '事件类型', html: esc(incident.categoryName.zh || incident.category) },
      { label: '事件级别', html: esc(`${g.label.zh}（${g.grade}级）`) },
      { label: '发现时间', html: esc(beijingTimeText(incident.discoveredAt)) },
      {
        label: '涉及个人数量',
        html:
          individuals === undefined ? esc('（尚不明确）') : esc(`${individuals.toLocaleString('en-US')}人`),
      },
    ]);
    const items = fieldTable(
      catalog.breach_notice.items.map((item) => {
        const v = valueOf(contents, item.key);
        return { key: item.key, label: item.label.zh, html: v ? paragraphs(v) : unwritten };
      }),
    );
    const deliveries = (incident.breach?.deliveries ?? []).filter((d) => d.audience === 'individuals');
    const delivered = deliveries.length
      ? `<p style="${css.p}">已通知个人：${deliveries
          .map(
            (d) =>
              `${esc(beijingTimeText(d.deliveredAt))}经${esc(d.channel)}通知${esc(d.recipient)}${d.count === null ? '' : `（${d.count.toLocaleString('en-US')}人）`}`,
          )
          .join('；')}。</p>`
      : '';
    content = `<h1 style="${css.h1}">${esc(title)}</h1>
${head}
<h2 style="${css.h2}">告知事项</h2>
${items}
${delivered}
<p style="${css.note}" data-section="citation">报告依据：${esc(citation)}</p>
<p style="${css.p} text-align:right;">${esc(organisation.name)}<br>报告时间：${esc(beijingTimeText(input.generatedAt))}</p>`;
  }
  return page(`${title}（${incident.ref}）`, content, input.fontCss);
}
