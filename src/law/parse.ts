import {
  said,
  type Article,
  type Defect,
  type Item,
  type Lang,
  type Layout,
  type Paragraph,
} from './model.js';
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

/**
 * One language's lines. A run of blank lines separates paragraphs however
 * long it is, so the parser reads it as one blank line (a million newlines
 * cost one); the full text, kept for identification, keeps every line.
 */
class Stream {
  readonly lines: string[] = [];
  private readonly full: string[] = [];
  private blanks = 0;

  blank(): void {
    if (this.blanks++ === 0) this.lines.push('');
  }

  line(text: string): void {
    this.flush();
    this.lines.push(text);
    this.full.push(text);
  }

  private flush(): void {
    // k blank lines joined by newlines are k - 1 newlines.
    if (this.blanks > 0) this.full.push('\n'.repeat(this.blanks - 1));
    this.blanks = 0;
  }

  fullText(): string {
    this.flush();
    return this.full.join('\n');
  }
}

/** Splits the file into one stream per language, dropping layout markers. */
function streams(raw: string): {
  zh: string;
  en: string;
  full: Record<Lang, string>;
  markers: number;
  switches: number;
} {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .split('\n');
  const out: Record<Lang, Stream> = { zh: new Stream(), en: new Stream() };
  let markers = 0;
  let switches = 0;
  let previous: Lang | undefined;
  for (const line of lines) {
    const lang = /\S/.test(line) ? langOf(line) : undefined;
    if (lang && LAYOUT_MARKER.test(line.trim())) {
      markers++;
      continue;
    }
    if (!lang) {
      // Blank lines separate paragraphs in both streams.
      out.zh.blank();
      out.en.blank();
      continue;
    }
    if (previous && lang !== previous) switches++;
    previous = lang;
    out[lang].line(line);
  }
  return {
    zh: out.zh.lines.join('\n'),
    en: out.en.lines.join('\n'),
    full: { zh: out.zh.fullText(), en: out.en.fullText() },
    markers,
    switches,
  };
}

/**
 * The highest article number a heading may carry. No statute comes near it; a
 * larger number is noise (and would make the integrity report enumerate
 * millions of "missing" articles).
 */
export const MAX_ARTICLE_NUMBER = 100_000;

/** Whitespace in the sense of the regular expression class \s. */
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** A \n, possibly followed by whitespace, ends at `at`: the heading starts a line. */
function lineStartBefore(text: string, at: number): boolean {
  for (let i = at; i >= 0 && isSpace(text[i]); i--) if (text[i] === '\n') return true;
  return false;
}

// Every pattern below is linear in the text: a run of spaces is scanned from
// its first character only (never once per character), so a text of a
// million spaces, newlines, 第 or digits parses in milliseconds.
const ZH_HEADING = new RegExp(`(^|[。；！？\\n])([ \\t\\u3000]*)第(${ZH_NUM})条(?=[ \\t\\u3000:：]|$)`, 'gm');
// "Article 12" followed by the start of a sentence, not by "of this Law", "paragraph 2", ", ".
// What precedes it: a line start, a character other than a word character or a comma, or the
// first space or tab of a run (a heading after "word " or ", " starts at that space).
const EN_HEADING =
  /(^|[^\w, \t]|(?<![ \t])[ \t])([ \t]*)Article\s+(\d{1,3})(?:\s*[.:：])?(?=\s*$|\s+(?!(?:of|Of|paragraph|Paragraph|para|item|Item|and|or|to|through|hereof|above|below|herein|in|shall|is|are|was)\b)[A-Z(“"‘'])/gm;

function findHeadings(text: string, lang: Lang): Heading[] {
  const found: Heading[] = [];
  const re = new RegExp(lang === 'zh' ? ZH_HEADING : EN_HEADING);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const number = lang === 'zh' ? parseChineseNumeral(m[3]!) : Number(m[3]);
    if (number === undefined || !Number.isSafeInteger(number) || number < 1 || number > MAX_ARTICLE_NUMBER)
      continue;
    const start = m.index + m[1]!.length;
    const atLineStart =
      m[1] === '\n' || m.index === 0 || m[1] === '' || (lang === 'en' && lineStartBefore(text, start));
    found.push({ number, start, end: m.index + m[0].length, atLineStart });
  }
  return found;
}

const MAX_GAP = 6;
const LOOKAHEAD = 8;

/**
 * One step of the run: whether heading j extends a run whose last number is
 * `last` ('take'), is a duplicate of its last heading ('duplicate'), or is
 * passed over. It depends on j and `last` only, so two runs that reach the
 * same j with the same last number go on identically.
 */
function step(headings: Heading[], j: number, last: number): 'take' | 'duplicate' | undefined {
  const h = headings[j]!;
  if (h.number === last + 1) return 'take';
  if (h.number > last + 1 && h.number <= last + MAX_GAP) {
    // A jump: take it only if the skipped numbers do not turn up shortly after.
    for (let k = j + 1; k < j + 1 + LOOKAHEAD && k < headings.length; k++) {
      const n = headings[k]!.number;
      if (n > last && n < h.number) return undefined;
    }
    return 'take';
  }
  if (h.number === last && h.atLineStart) return 'duplicate';
  return undefined;
}

function runFrom(headings: Heading[], i: number): { chain: Heading[]; duplicates: Heading[] } {
  const run: Heading[] = [headings[i]!];
  const duplicates: Heading[] = [];
  for (let j = i + 1; j < headings.length; j++) {
    const s = step(headings, j, run[run.length - 1]!.number);
    if (s === 'take') run.push(headings[j]!);
    else if (s === 'duplicate') duplicates.push(headings[j]!);
  }
  return { chain: run, duplicates };
}

/**
 * The longest ascending run of headings, tolerating gaps and skipping stray
 * references. Every heading numbered 1 (or the lowest number) may start a
 * run; a run that reaches a state an earlier run passed through (same
 * heading, same last number) ends as that one did, so its length is known
 * without walking on: linear however many starts the text has.
 */
function chain(headings: Heading[]): { chain: Heading[]; duplicates: Heading[] } {
  if (headings.length === 0) return { chain: [], duplicates: [] };
  let first = 1;
  if (!headings.some((h) => h.number === 1))
    first = headings.reduce((m, h) => Math.min(m, h.number), Infinity);
  // For each (heading j, last number) a run reached: which run, and its length before j.
  const key = (j: number, last: number) => j * (MAX_ARTICLE_NUMBER + 1) + last;
  const seenRun = new Map<number, number>();
  const seenLength = new Map<number, number>();
  const totals: number[] = [];
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < headings.length; i++) {
    if (headings[i]!.number !== first) continue;
    const id = totals.length;
    let last = first;
    let length = 1;
    let total: number | undefined;
    for (let j = i + 1; j < headings.length; j++) {
      const k = key(j, last);
      const earlier = seenRun.get(k);
      if (earlier !== undefined) {
        total = length + totals[earlier]! - seenLength.get(k)!;
        break;
      }
      seenRun.set(k, id);
      seenLength.set(k, length);
      if (step(headings, j, last) === 'take') {
        last = headings[j]!.number;
        length++;
      }
    }
    totals.push(total ?? length);
    if (totals[id]! > bestLength) [bestStart, bestLength] = [i, totals[id]!];
  }
  return runFrom(headings, bestStart);
}

const ZH_CHAPTER = new RegExp(`^[ \\t\\u3000]*第(${ZH_NUM})([章节])[ \\t\\u3000]*(.*)$`);
const EN_CHAPTER = /^\s*(Chapter|Section)\s+([IVXLC]+|\d+)\b[\s:.]*(.*)$/i;
const EN_CHAPTER_START = /\s(Chapter\s+[IVXLC\d]+\s+[A-Z])/g;

/**
 * The next chapter's heading glued to the end of an article in running text
 * ("... of this Law. Chapter III Network Operation Security"): where it starts
 * and the heading. The heading's title runs to the end of the body in letters,
 * spaces and commas. Linear: the title's possible extent is found once, from
 * the end, instead of retrying the pattern at every "Chapter".
 */
function chapterTail(body: string): { index: number; heading: string } | undefined {
  const trimmed = body.trimEnd();
  // Where the trailing run of letters, spaces and commas starts.
  let from = trimmed.length;
  while (from > 0 && /[A-Za-z ,]/.test(trimmed[from - 1]!)) from--;
  const re = new RegExp(EN_CHAPTER_START);
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const after = m.index + m[0].length;
    if (after >= from && after <= trimmed.length)
      return { index: m.index, heading: trimmed.slice(m.index + 1).trimEnd() };
    re.lastIndex = m.index + 1;
  }
  return undefined;
}

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
  // Each paragraph as its chunks, joined once at the end (appending to one
  // growing string and testing its end each time would be quadratic).
  const paragraphs: string[][] = [];
  let open = false;
  for (const chunk of chunks) {
    if (!chunk) {
      open = false;
      continue;
    }
    const previous = paragraphs[paragraphs.length - 1];
    // Chunks are trimmed and not empty: a paragraph ends as its last chunk does.
    const ends = previous ? previous[previous.length - 1]!.slice(-1) : '';
    // Item lines belong to the paragraph that introduces them; a wrapped English line continues its sentence.
    const continues =
      previous !== undefined &&
      (ITEM_START.test(chunk) ||
        (lang === 'en' && open && !/[.:;?!"”)。]/.test(ends)) ||
        // A sentence cut by a blank line resumes in lower case.
        (lang === 'en' && /^[a-z]/.test(chunk) && !/[.:;?!"”)]/.test(ends)));
    if (continues) previous.push(chunk);
    else paragraphs.push([chunk]);
    open = true;
  }
  return paragraphs
    .map((parts) => parts.join(lang === 'zh' ? '' : ' '))
    .filter((p) => p.length > 0)
    .map((text) => ({ text, items: itemsOf(text, lang) }));
}

/**
 * The last article of a statute is its commencement clause; whatever follows
 * it in a file (a web page's footer, related links) is not part of the law.
 */
const COMMENCEMENT =
  /起施行[。.]?|(?:comes?|come|came) into (?:force|effect)|(?:takes?|take) effect|shall be (?:effective|implemented)/gi;

const nextIndex = (text: string, c: string, from: number) => {
  const i = text.indexOf(c, from);
  return i < 0 ? Infinity : i;
};

/** Where the commencement clause ends: 起施行, or an English clause running to its full stop on the same line. */
function cutAfterCommencement(body: string): string {
  // The next full stop and line end are found once per position, never again per clause.
  let dot = -1;
  let newline = -1;
  const re = new RegExp(COMMENCEMENT);
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const after = m.index + m[0].length;
    if (m[0].startsWith('起施行')) return body.slice(0, after);
    if (dot < after) dot = nextIndex(body, '.', after);
    if (newline < after) newline = nextIndex(body, '\n', after);
    if (dot < newline) return body.slice(0, dot + 1);
  }
  return body;
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
  // Duplicates are in text order, as the run is: one pointer walks them.
  let d = 0;
  for (let k = 0; k < run.length; k++) {
    const h = run[k]!;
    const nextHeading = run[k + 1];
    const end = nextHeading ? nextHeading.start : text.length;
    while (d < duplicates.length && duplicates[d]!.start <= h.start) d++;
    let dupCount = 0;
    while (d + dupCount < duplicates.length && duplicates[d + dupCount]!.start < end) dupCount++;
    // Text up to the next boundary (a duplicate heading cuts the body too).
    const cut = dupCount > 0 ? duplicates[d] : undefined;
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
      const tail = chapterTail(body);
      if (tail && nextHeading) {
        nextChapter = tail.heading.trim();
        nextSection = undefined;
        body = body.slice(0, tail.index);
      }
    }
    if (!nextHeading) body = cutAfterCommencement(body);
    if (dupCount > 0) {
      defects.push({
        kind: 'duplicate',
        article: h.number,
        ...said(
          `${lang === 'zh' ? 'Chinese' : 'English'} text has ${dupCount + 1} headings for Article ${h.number}; the first is kept`,
          `${lang === 'zh' ? '中文' : '英文'}文本中第${h.number}条的标题出现了${dupCount + 1}次；保留第一个`,
        ),
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
    text: s.full,
  };
}
