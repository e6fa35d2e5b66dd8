import type { Article, Defect, Item, Lang, Layout, Paragraph } from './model.js';
import { parseAnyNumeral, parseChineseNumeral } from './numerals.js';

/**
 * Reads a statute text in any of the layouts we meet: article-by-article
 * bilingual blocks, English or Chinese running text (with commentary before
 * it), and Chinese/English interleaved. Each language is read as its own
 * stream; article headings are found in each stream and the longest run of
 * ascending numbers is taken as the statute, so commentary and cross
 * references ("Article 21 of this Law") do not start articles.
 */

interface Heading {
  number: number;
  /** Where the heading starts and where its article text begins. */
  start: number;
  end: number;
  /** At the start of a line (strong) or inside running text. */
  atLineStart: boolean;
}

export interface StreamArticle {
  number: number;
  chapter?: string | undefined;
  section?: string | undefined;
  paragraphs: Paragraph[];
  /** Further headings with the same number, kept for the integrity report. */
  duplicates: number;
}

export interface ParsedStreams {
  layout: Layout;
  languages: Lang[];
  articles: Article[];
  /** Defects found while reading (duplicates); the integrity report adds the rest. */
  defects: Defect[];
  /** The whole text per language, for identification. */
  text: Record<Lang, string>;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;
const LAYOUT_MARKER =
  /^(chinese original|english translation|chinese text|english text|original text|translation|chinese|english|中文原文|英文译文|中文|英文|原文|译文)\s*[:：]?$/i;
const ZH_NUM = '[零〇一二两三四五六七八九十百千\\d]+';

function langOf(line: string): Lang | undefined {
  const visible = line.replace(/\s/g, '');
  if (!visible) return undefined;
  const cjk = (visible.match(CJK) ?? []).length;
  return cjk / visible.length >= 0.3 ? 'zh' : 'en';
}

/** Splits the file into one stream per language, dropping layout markers. */
function streams(raw: string): { zh: string; en: string; markers: number; switches: number } {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n');
  const out: Record<Lang, string[]> = { zh: [], en: [] };
  let markers = 0;
  let switches = 0;
  let previous: Lang | undefined;
  for (const line of lines) {
    if (LAYOUT_MARKER.test(line.trim())) {
      markers++;
      continue;
    }
    const lang = langOf(line);
    if (!lang) {
      // Blank lines separate paragraphs in both streams.
      out.zh.push('');
      out.en.push('');
      continue;
    }
    if (previous && lang !== previous) switches++;
    previous = lang;
    out[lang].push(line);
  }
  return { zh: out.zh.join('\n'), en: out.en.join('\n'), markers, switches };
}

function findHeadings(text: string, lang: Lang): Heading[] {
  const found: Heading[] = [];
  const re =
    lang === 'zh'
      ? new RegExp(`(^|[。；！？\\n])([ \\t\\u3000]*)第(${ZH_NUM})条(?=[ \\t\\u3000:：]|$)`, 'gm')
      : // "Article 12" followed by the start of a sentence, not by "of this Law", "paragraph 2", ", ".
        /(^|[^\w,])([ \t]*)Article\s+(\d{1,3})(?:\s*[.:：])?(?=\s*$|\s+(?!(?:of|Of|paragraph|Paragraph|para|item|Item|and|or|to|through|hereof|above|below|herein|in|shall|is|are|was)\b)[A-Z(“"‘'])/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const number = lang === 'zh' ? parseChineseNumeral(m[3]!) : Number(m[3]);
    if (number === undefined || number < 1) continue;
    const start = m.index + m[1]!.length;
    const atLineStart =
      m[1] === '\n' ||
      m.index === 0 ||
      m[1] === '' ||
      (lang === 'en' && /\n\s*$/.test(text.slice(0, start + 1)));
    found.push({ number, start, end: m.index + m[0].length, atLineStart });
  }
  return found;
}

/** The longest ascending run of headings, tolerating gaps and skipping stray references. */
function chain(headings: Heading[]): { chain: Heading[]; duplicates: Heading[] } {
  const MAX_GAP = 6;
  const LOOKAHEAD = 8;
  let best: { chain: Heading[]; duplicates: Heading[] } = { chain: [], duplicates: [] };
  const starts = headings.map((h, i) => ({ h, i })).filter(({ h }) => h.number === 1);
  if (starts.length === 0 && headings.length > 0) {
    const min = Math.min(...headings.map((h) => h.number));
    starts.push(...headings.map((h, i) => ({ h, i })).filter(({ h }) => h.number === min));
  }
  for (const { i } of starts) {
    const run: Heading[] = [headings[i]!];
    const duplicates: Heading[] = [];
    for (let j = i + 1; j < headings.length; j++) {
      const last = run[run.length - 1]!.number;
      const h = headings[j]!;
      if (h.number === last + 1) {
        run.push(h);
      } else if (h.number > last + 1 && h.number <= last + MAX_GAP) {
        // A jump: take it only if the skipped numbers do not turn up shortly after.
        const soon = headings
          .slice(j + 1, j + 1 + LOOKAHEAD)
          .some((k) => k.number > last && k.number < h.number);
        if (!soon) run.push(h);
      } else if (h.number === last && h.atLineStart) {
        duplicates.push(h);
      }
    }
    if (run.length > best.chain.length) best = { chain: run, duplicates };
  }
  return best;
}

const ZH_CHAPTER = new RegExp(`^[ \\t\\u3000]*第(${ZH_NUM})([章节])[ \\t\\u3000]*(.*)$`);
const EN_CHAPTER = /^\s*(Chapter|Section)\s+([IVXLC]+|\d+)\b[\s:.]*(.*)$/i;
const EN_CHAPTER_TAIL = /\s(Chapter\s+[IVXLC\d]+\s+[A-Z][A-Za-z ,]*?)\s*$/;

interface Division {
  kind: 'chapter' | 'section';
  label: string;
}

function divisionOf(line: string, lang: Lang): Division | undefined {
  if (lang === 'zh') {
    const m = ZH_CHAPTER.exec(line);
    if (m && parseChineseNumeral(m[1]!) !== undefined)
      return { kind: m[2] === '章' ? 'chapter' : 'section', label: line.trim().replace(/[\s\u3000]+/g, ' ') };
    return undefined;
  }
  const m = EN_CHAPTER.exec(line);
  if (m && parseAnyNumeral(m[2]!) !== undefined && line.trim().length < 120) {
    return { kind: m[1]!.toLowerCase() === 'chapter' ? 'chapter' : 'section', label: line.trim() };
  }
  return undefined;
}

const ZH_ITEM = /(^|[：:；;。，,\s])[（(]([一二三四五六七八九十]+)[）)]/g;
const EN_ITEM = /(^|[：:；;.,\s])\((\d{1,2}|[ivxlc]{1,5}|[IVXLC]{1,5})\)\s/g;

/** Items "(一)...；(二)..." or "(1) ...; (2) ..." inside one paragraph. */
export function itemsOf(text: string, lang: Lang): Item[] {
  const re = new RegExp((lang === 'zh' ? ZH_ITEM : EN_ITEM).source, 'g');
  const marks: { number: number; at: number; textAt: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const number = lang === 'zh' ? parseChineseNumeral(m[2]!) : parseAnyNumeral(m[2]!);
    if (number === undefined) continue;
    marks.push({ number, at: m.index + m[1]!.length, textAt: m.index + m[0].length });
  }
  const first = marks.findIndex((m) => m.number === 1);
  if (first < 0) return [];
  const used = marks.slice(first);
  return used.map((m, i) => ({
    number: m.number,
    text: text.slice(m.textAt, used[i + 1]?.at ?? text.length).trim(),
  }));
}

const ITEM_START = /^\s*[（(]([一二三四五六七八九十]+|\d{1,2}|[ivxlcIVXLC]{1,5})[）)]/;

function paragraphsOf(body: string, lang: Lang): Paragraph[] {
  const chunks: string[] = [];
  const lines = body.split('\n').map((l) => l.trim());
  for (const line of lines) {
    if (!line) {
      chunks.push('');
      continue;
    }
    if (lang === 'zh') {
      // Paragraphs run together on one line, separated by a space after a full stop.
      for (const part of line.split(/(?<=[。])[ \t\u3000]+(?=[^（(\s])/)) chunks.push(part);
    } else {
      chunks.push(line);
    }
  }
  const paragraphs: string[] = [];
  let open = false;
  for (const chunk of chunks) {
    if (!chunk) {
      open = false;
      continue;
    }
    const last = paragraphs.length - 1;
    // Item lines belong to the paragraph that introduces them; a wrapped English line continues its sentence.
    const continues =
      last >= 0 &&
      (ITEM_START.test(chunk) ||
        (lang === 'en' && open && !/[.:;?!"”)。]$/.test(paragraphs[last]!)) ||
        // A sentence cut by a blank line resumes in lower case.
        (lang === 'en' && /^[a-z]/.test(chunk) && !/[.:;?!"”)]$/.test(paragraphs[last]!)));
    if (continues) paragraphs[last] = `${paragraphs[last]}${lang === 'zh' ? '' : ' '}${chunk}`;
    else paragraphs.push(chunk);
    open = true;
  }
  return paragraphs.filter((p) => p.length > 0).map((text) => ({ text, items: itemsOf(text, lang) }));
}

/**
 * The last article of a statute is its commencement clause; whatever follows
 * it in a file (a web page's footer, related links) is not part of the law.
 */
const COMMENCEMENT =
  /(起施行[。.]?|(?:comes?|come|came) into (?:force|effect)[^.\n]*\.|(?:takes?|take) effect[^.\n]*\.|shall be (?:effective|implemented)[^.\n]*\.)/i;

function cutAfterCommencement(body: string): string {
  const m = COMMENCEMENT.exec(body);
  return m ? body.slice(0, m.index + m[0].length) : body;
}

function readStream(text: string, lang: Lang): { articles: StreamArticle[]; defects: Defect[] } {
  const { chain: run, duplicates } = chain(findHeadings(text, lang));
  const articles: StreamArticle[] = [];
  const defects: Defect[] = [];
  // Divisions seen before the first article.
  let chapter: string | undefined;
  let section: string | undefined;
  const before = run[0] ? text.slice(0, run[0].start) : '';
  for (const line of before.split('\n')) {
    const d = divisionOf(line, lang);
    if (d?.kind === 'chapter') [chapter, section] = [d.label, undefined];
    else if (d?.kind === 'section') section = d.label;
  }
  const dupAt = new Set(duplicates.map((d) => d.start));
  const boundaries = [...run, ...duplicates].sort((a, b) => a.start - b.start);
  for (let k = 0; k < run.length; k++) {
    const h = run[k]!;
    const nextHeading = run[k + 1];
    const end = nextHeading ? nextHeading.start : text.length;
    // Text up to the next boundary (a duplicate heading cuts the body too).
    const cut = boundaries.find((b) => b.start > h.start && b.start < end && dupAt.has(b.start));
    let body = text.slice(h.end, cut ? cut.start : end);
    let nextChapter = chapter;
    let nextSection = section;
    const kept: string[] = [];
    for (const line of body.split('\n')) {
      const d = divisionOf(line, lang);
      if (d?.kind === 'chapter') [nextChapter, nextSection] = [d.label, undefined];
      else if (d?.kind === 'section') nextSection = d.label;
      else kept.push(line);
    }
    body = kept.join('\n');
    if (lang === 'en') {
      // Running text with the next chapter's heading glued to the end of this article.
      const tail = EN_CHAPTER_TAIL.exec(body);
      if (tail && nextHeading) {
        nextChapter = tail[1]!.trim();
        nextSection = undefined;
        body = body.slice(0, tail.index);
      }
    }
    if (!nextHeading) body = cutAfterCommencement(body);
    const dupCount = duplicates.filter((d) => d.start > h.start && d.start < end).length;
    if (dupCount > 0) {
      defects.push({
        kind: 'duplicate',
        article: h.number,
        detail: `${lang === 'zh' ? 'Chinese' : 'English'} text has ${dupCount + 1} headings for Article ${h.number}; the first is kept`,
      });
    }
    articles.push({
      number: h.number,
      chapter,
      section,
      paragraphs: paragraphsOf(body, lang),
      duplicates: dupCount,
    });
    chapter = nextChapter;
    section = nextSection;
  }
  return { articles, defects };
}

/** Reads every language stream of a statute file into articles. */
export function parseStatute(raw: string): ParsedStreams {
  const s = streams(raw);
  const zh = readStream(s.zh, 'zh');
  const en = readStream(s.en, 'en');
  // A stream with only a stray heading or two is commentary, not a statute text.
  const useZh = zh.articles.length >= 3;
  const useEn = en.articles.length >= 3;
  const languages: Lang[] = [...(useZh ? (['zh'] as const) : []), ...(useEn ? (['en'] as const) : [])];
  const byNumber = new Map<number, Article>();
  for (const [lang, stream] of [
    ['zh', useZh ? zh : undefined],
    ['en', useEn ? en : undefined],
  ] as const) {
    for (const a of stream?.articles ?? []) {
      const article = byNumber.get(a.number) ?? { number: a.number };
      article.chapter ??= a.chapter;
      article.section ??= a.section;
      article[lang] = a.paragraphs;
      byNumber.set(a.number, article);
    }
  }
  const layout: Layout =
    languages.length === 2
      ? s.markers >= 4
        ? 'bilingual-blocks'
        : 'interleaved'
      : languages[0] === 'zh'
        ? 'chinese-running'
        : 'english-running';
  return {
    layout,
    languages,
    articles: [...byNumber.values()].sort((a, b) => a.number - b.number),
    defects: [...(useZh ? zh.defects : []), ...(useEn ? en.defects : [])],
    text: { zh: s.zh, en: s.en },
  };
}
