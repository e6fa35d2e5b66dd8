import {
  said,
  type Article,
  type Defect,
  type KnownVersion,
  type Lang,
  type Note,
  type Paragraph,
} from './model.js';
import { parseChineseNumeral } from './numerals.js';

/**
 * The integrity report of an imported text. Signals (docs/LAW-IMPORT.md):
 * - missing: a number skipped in the run of article headings, or articles
 *   after the last one found when the version is known to have more;
 * - duplicate: two headings with the same number (reported while reading);
 * - item_gap: an item list that skips a number, or whose last item ends with
 *   a semicolon (a list that stops short: a law's last item ends with a full stop);
 * - misplaced: when the next article is missing, paragraphs of an article that
 *   cite a different duty article ("违反本法第X条", "Article X ... violated")
 *   or name a different enforcing authority than its first paragraph, and
 *   every paragraph after them: they probably belong to the missing article;
 * - count_mismatch: the article count differs from the version's known count,
 *   or from the version the text claims (its commencement date).
 */

function paragraphsFor(article: Article): { lang: Lang; paragraphs: Paragraph[] } | undefined {
  if (article.zh?.length) return { lang: 'zh', paragraphs: article.zh };
  if (article.en?.length) return { lang: 'en', paragraphs: article.en };
  return undefined;
}

export function missingArticles(articles: Article[], expectedCount: number | undefined): Defect[] {
  const present = [...new Set(articles.map((a) => a.number))].sort((a, b) => a - b);
  const highest = present.length ? present[present.length - 1]! : 0;
  const max = Math.max(highest, expectedCount ?? 0);
  const defects: Defect[] = [];
  // Walk the gaps between the numbers present (never a Set spread per number).
  let next = 1;
  for (const n of [...present, max + 1]) {
    for (; next < n; next++) {
      defects.push({
        kind: 'missing',
        article: next,
        ...(next > highest
          ? said(
              `Article ${next} is missing: the text ends at Article ${highest}`,
              `缺少第${next}条：文本止于第${highest}条`,
            )
          : said(`Article ${next} is missing from the text`, `文本中缺少第${next}条`)),
      });
    }
    next = Math.max(next, n + 1);
  }
  return defects;
}

/** Defects of one kind listed one by one; past that, one entry counts the rest. */
export const MAX_DEFECTS_PER_KIND = 200;

/**
 * Keeps the integrity report readable (and small enough to store) for a text
 * that is mostly noise: the first defects of each kind, then one that says how
 * many more there are. The input is sorted by kind and article.
 */
export function capDefects(defects: Defect[]): Defect[] {
  const total = new Map<Defect['kind'], number>();
  for (const d of defects) total.set(d.kind, (total.get(d.kind) ?? 0) + 1);
  const seen = new Map<Defect['kind'], number>();
  const out: Defect[] = [];
  for (const d of defects) {
    const n = (seen.get(d.kind) ?? 0) + 1;
    seen.set(d.kind, n);
    const all = total.get(d.kind)!;
    if (all <= MAX_DEFECTS_PER_KIND || n < MAX_DEFECTS_PER_KIND) out.push(d);
    else if (n === MAX_DEFECTS_PER_KIND)
      out.push({
        kind: d.kind,
        article: d.article,
        ...said(
          `${all - n + 1} more defects of this kind, from Article ${d.article} on, are not listed`,
          `自第${d.article}条起，另有${all - n + 1}处同类问题未逐一列出`,
        ),
      });
  }
  return out;
}

export function itemGaps(articles: Article[]): Defect[] {
  const defects: Defect[] = [];
  for (const article of articles) {
    const chosen = paragraphsFor(article);
    if (!chosen) continue;
    chosen.paragraphs.forEach((p, pi) => {
      if (p.items.length === 0) return;
      const numbers = p.items.map((i) => i.number);
      for (let i = 1; i < numbers.length; i++) {
        if (numbers[i] !== numbers[i - 1]! + 1) {
          defects.push({
            kind: 'item_gap',
            article: article.number,
            ...said(
              `paragraph ${pi + 1}: items jump from (${numbers[i - 1]}) to (${numbers[i]})`,
              `第${pi + 1}款：项的编号从（${numbers[i - 1]}）跳到（${numbers[i]}）`,
            ),
          });
        }
      }
      const last = p.items[p.items.length - 1]!;
      if (/[；;]\s*$/.test(last.text)) {
        defects.push({
          kind: 'item_gap',
          article: article.number,
          ...said(
            `paragraph ${pi + 1}: the item list stops after (${last.number}), whose text ends with a semicolon; item (${last.number + 1}) or later is missing`,
            `第${pi + 1}款：项列到（${last.number}）为止，而该项以分号结尾；缺少第（${last.number + 1}）项或其后的项`,
          ),
        });
      }
    });
  }
  return defects;
}

/** Articles of the same law that a paragraph says were breached. */
function citedDuties(text: string, lang: Lang): number[] {
  const out: number[] = [];
  if (lang === 'zh') {
    for (const m of text.matchAll(/违反本(?:法|条例)第([零〇一二两三四五六七八九十百千\d]+)条/g)) {
      const n = parseChineseNumeral(m[1]!);
      if (n !== undefined) out.push(n);
    }
  } else {
    // \b: each word is tried once (not at every "violat" inside a long word).
    for (const m of text.matchAll(
      /\b(?:violat\w*|breach\w*|contravene\w*)\s+(?:the provisions of\s+)?(?:paragraph \d+ of\s+)?Articles?\s+(\d+)/gi,
    ))
      out.push(Number(m[1]));
    for (const m of text.matchAll(
      /Articles?\s+(\d+)(?:, paragraph \d+,)?\s+of this (?:Law|Regulation) (?:is|are) (?:violated|breached)/gi,
    ))
      out.push(Number(m[1]));
  }
  return out;
}

/** The authority that acts, e.g. 公安机关 / public security organ. */
function authorityOf(text: string, lang: Lang): string | undefined {
  if (lang === 'zh') {
    const m = /由(公安机关|有关主管部门|国家网信部门|网信部门|国家有关主管部门|其上级机关|有关机关)/.exec(
      text,
    );
    return m?.[1];
  }
  const m =
    /\b(public security (?:organ|department)s?|(?:relevant )?competent (?:department|authorit)\w*|cyberspace (?:administration|department)s?)\b/i.exec(
      text,
    );
  return m?.[1]?.toLowerCase().replace(/^relevant /, '');
}

export function misplacedParagraphs(articles: Article[]): Defect[] {
  const present = new Set(articles.map((a) => a.number));
  const highest = articles.reduce((m, a) => Math.max(m, a.number), 0);
  const defects: Defect[] = [];
  for (const article of articles) {
    if (present.has(article.number + 1)) continue;
    if (article.number >= highest) continue; // The last article has no missing successor to take paragraphs.
    const chosen = paragraphsFor(article);
    if (!chosen || chosen.paragraphs.length < 2) continue;
    const [first, ...rest] = chosen.paragraphs;
    const duty = citedDuties(first!.text, chosen.lang);
    const authority = authorityOf(first!.text, chosen.lang);
    let from = -1;
    const reasons: string[] = [];
    const reasonsZh: string[] = [];
    rest.forEach((p, i) => {
      if (from >= 0) return;
      const d = citedDuties(p.text, chosen.lang);
      const a = authorityOf(p.text, chosen.lang);
      if (duty.length && d.length && !d.some((x) => duty.includes(x))) {
        from = i + 2;
        reasons.push(`it cites Article ${d.join(', ')} where paragraph 1 cites Article ${duty.join(', ')}`);
        reasonsZh.push(`该款援引第${d.join('、')}条，而第一款援引第${duty.join('、')}条`);
      } else if (authority && a && a !== authority) {
        from = i + 2;
        reasons.push(`it names ${a} where paragraph 1 names ${authority}`);
        reasonsZh.push(`该款提到“${a}”，而第一款提到“${authority}”`);
      }
    });
    if (from < 0) continue;
    const to = chosen.paragraphs.length;
    const range = from === to ? `paragraph ${from}` : `paragraphs ${from}-${to}`;
    const rangeZh = from === to ? `第${from}款` : `第${from}至${to}款`;
    defects.push({
      kind: 'misplaced',
      article: article.number,
      ...said(
        `${range} of Article ${article.number} probably belong to the missing Article ${article.number + 1}: paragraph ${from} does not continue paragraph 1 (${reasons.join('; ')})`,
        `第${article.number}条的${rangeZh}很可能属于缺失的第${article.number + 1}条：第${from}款并不承接第一款（${reasonsZh.join('；')}）`,
      ),
    });
  }
  return defects;
}

export interface VersionFit {
  version: KnownVersion | undefined;
  defects: Defect[];
  notes: Note[];
}

const EFFECTIVE_ZH = /自(\d{4})年(\d{1,2})月(\d{1,2})日起施行/;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const EFFECTIVE_EN =
  /(?:into (?:force|effect)|take effect|effective)\s+(?:on|as of|from)\s+([A-Z][a-z]+)\s+(\d{1,2}),\s*(\d{4})/;

/** The commencement date a text states for itself, as YYYY-MM-DD. */
export function statedCommencement(zh: string, en: string): string | undefined {
  const pad = (n: number) => String(n).padStart(2, '0');
  const z = EFFECTIVE_ZH.exec(zh);
  if (z) return `${z[1]}-${pad(Number(z[2]))}-${pad(Number(z[3]))}`;
  const e = EFFECTIVE_EN.exec(en);
  const month = e ? MONTHS.indexOf(e[1]!.toLowerCase()) : -1;
  if (e && month >= 0) return `${e[3]}-${pad(month + 1)}-${pad(Number(e[2]))}`;
  return undefined;
}

export function isDraftText(zh: string, en: string): boolean {
  return /征求意见稿|草案|\(草\)|（草）/.test(zh.slice(0, 3000)) || /\bdraft\b/i.test(en.slice(0, 3000));
}

/**
 * Which version a text is: the one asked for, else the known version of the
 * law whose article count matches the highest article number (drafts preferred
 * when the text says it is a draft).
 */
export function fitVersion(
  articles: Article[],
  law: 'csl' | 'cii',
  known: KnownVersion[],
  text: { zh: string; en: string },
  requested?: string,
): VersionFit {
  const defects: Defect[] = [];
  const notes: Note[] = [];
  const ofLaw = known.filter((v) => v.law === law);
  const highest = articles.reduce((m, a) => Math.max(m, a.number), 0);
  const draft = isDraftText(text.zh, text.en);
  let version: KnownVersion | undefined;
  if (requested) {
    version = known.find((v) => v.key === requested);
  } else {
    const matches = ofLaw.filter((v) => v.articles === highest);
    version = matches.find((v) => (v.status === 'draft') === draft) ?? matches[0];
    if (!version && ofLaw.length) {
      // Nothing matches exactly: the nearest count, and say so.
      version = [...ofLaw].sort((a, b) => Math.abs(a.articles - highest) - Math.abs(b.articles - highest))[0];
    }
  }
  if (version && version.articles !== highest) {
    defects.push({
      kind: 'count_mismatch',
      article: 0,
      ...said(
        `the text runs to Article ${highest}; ${version.key} has ${version.articles} articles`,
        `文本止于第${highest}条，而${version.key}共${version.articles}条`,
      ),
    });
  }
  // The version the text claims by its commencement clause.
  const stated = statedCommencement(text.zh, text.en);
  if (stated && version) {
    const base = ofLaw.filter((v) => v.in_force === stated);
    // An amended text keeps the base law's commencement article.
    const claimed = [...base, ...ofLaw.filter((v) => v.status === 'amended' && base.length > 0)];
    if (claimed.length && !claimed.some((v) => v.key === version!.key)) {
      const names = claimed.map((v) => `${v.key} (${v.articles} articles)`).join(' or ');
      const namesZh = claimed.map((v) => `${v.key}（共${v.articles}条）`).join('或');
      defects.push({
        kind: 'count_mismatch',
        article: 0,
        ...said(
          `the text says it takes effect on ${stated}, as ${names} does, but it has ${highest} articles: it reads as ${version.key} (${version.articles} articles)`,
          `文本称自${stated}起施行（与${namesZh}相同），但共有${highest}条：按条数应为${version.key}（共${version.articles}条）`,
        ),
      });
    } else if (version.in_force && version.in_force !== stated) {
      notes.push({
        article: highest,
        ...said(
          `the commencement article gives ${stated}, the date of the base law; ${version.key} is in force from ${version.in_force}`,
          `施行条款写的是${stated}，即原法的施行日期；${version.key}自${version.in_force}起施行`,
        ),
      });
    }
  }
  return { version, defects, notes };
}

/** Fine ranges whose lower bound is not below the upper ("五十万元以上五十万元以下"). */
export function amountNotes(articles: Article[]): Note[] {
  const notes: Note[] = [];
  // The lookbehind starts a number at the first of its digits only: linear in a long run of digits.
  const zhAmount =
    /(?<![零〇一二两三四五六七八九十百千万\d])([零〇一二两三四五六七八九十百千万\d]+)元以上([零〇一二两三四五六七八九十百千万\d]+)元以下/g;
  for (const a of articles) {
    for (const p of a.zh ?? []) {
      for (const m of p.text.matchAll(zhAmount)) {
        const lo = parseChineseNumeral(m[1]!);
        const hi = parseChineseNumeral(m[2]!);
        if (lo !== undefined && hi !== undefined && lo >= hi) {
          notes.push({
            article: a.number,
            ...said(
              `fine range "${m[0]}" has a lower bound not below its upper bound (a typo in the text?)`,
              `罚款幅度“${m[0]}”的下限不低于上限（可能是文本笔误）`,
            ),
          });
        }
      }
    }
  }
  return notes;
}
