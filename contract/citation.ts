import { toChineseNumeral, toRoman } from './numerals.js';

/**
 * Citations as people read them, one formatter for the console, the PDF
 * report, notices and exports. The catalogue keys a citation by statute
 * version (csl2016, csl2025, cii2021, and the drafts csl2015draft, cii2017)
 * and writes the provision as "42" (article), "42/2" (paragraph 2, 款),
 * "23(3)" (item 3, 项) or "23/1(3)".
 *
 * Chinese is cited as Chinese lawyers cite: 《网络安全法》第四十二条第二款,
 * 《网络安全法》第二十三条第（三）项, chapters as 第三章. The version is
 * named where it matters: the superseded 2016 text always
 * (《网络安全法》（2016年文本）第二十一条), the 2025 amendment when both
 * versions are cited together. Drafts are labelled as drafts
 * (《网络安全法（草案）》, 《关键信息基础设施安全保护条例（征求意见稿）》)
 * and never bind. English keeps "CSL 2025 Art 42(2)", "CSL 2025 Art 23 item (3)".
 *
 * Pure TS, imports nothing but contract/numerals.ts (contract/ imports
 * nothing but zod).
 */
export type CitationLang = 'zh' | 'en';

export interface Instrument {
  /** Which law the version belongs to. */
  law: 'csl' | 'cii';
  /** Short title as cited in Chinese, without the book-title marks. */
  zh: string;
  /** Short name and year in English. */
  en: string;
  /** A draft: never in force, cited for comparison only. */
  draft: boolean;
  /** The Chinese version label, for a law with more than one enacted version. */
  versionZh: string | null;
}

/** The statute versions the catalogue cites, in the order citations are listed. */
export const instruments: Readonly<Record<string, Instrument>> = {
  csl2025: { law: 'csl', zh: '网络安全法', en: 'CSL 2025', draft: false, versionZh: '2025年修正' },
  csl2016: { law: 'csl', zh: '网络安全法', en: 'CSL 2016', draft: false, versionZh: '2016年文本' },
  cii2021: {
    law: 'cii',
    zh: '关键信息基础设施安全保护条例',
    en: 'CII Reg. 2021',
    draft: false,
    versionZh: null,
  },
  csl2015draft: {
    law: 'csl',
    zh: '网络安全法（草案）',
    en: 'CSL 2015 draft',
    draft: true,
    versionZh: null,
  },
  cii2017: {
    law: 'cii',
    zh: '关键信息基础设施安全保护条例（征求意见稿）',
    en: 'CII Reg. 2017 draft',
    draft: true,
    versionZh: null,
  },
};

const order = Object.keys(instruments);
/** The version in force of each law: cited without a version label unless another version is cited beside it. */
const current: Readonly<Record<string, string>> = { csl: 'csl2025', cii: 'cii2021' };

/** Whether a version is a draft (never binding, never counted as a fine at stake). */
export function isDraftInstrument(instrument: string): boolean {
  return instruments[instrument]?.draft ?? /draft/.test(instrument);
}

export interface ProvisionRef {
  article: number;
  paragraph?: number;
  item?: number;
}

/** "23/1(3)" -> { article: 23, paragraph: 1, item: 3 }; null when it is not a provision. */
export function parseRef(ref: string): ProvisionRef | null {
  const m = /^(\d+)(?:\/(\d+))?(?:\((\d+)\))?$/.exec(ref.trim());
  if (!m) return null;
  const out: ProvisionRef = { article: Number(m[1]) };
  if (m[2]) out.paragraph = Number(m[2]);
  if (m[3]) out.item = Number(m[3]);
  return out;
}

/** The provision alone: 第四十二条第二款 / 第二十三条第（三）项; "Art 42(2)" / "Art 23 item (3)". */
export function formatRef(ref: string, lang: CitationLang): string {
  const p = parseRef(ref);
  if (!p) return lang === 'zh' ? ref : `Art ${ref}`;
  if (lang === 'zh')
    return (
      `第${toChineseNumeral(p.article)}条` +
      (p.paragraph ? `第${toChineseNumeral(p.paragraph)}款` : '') +
      (p.item ? `第（${toChineseNumeral(p.item)}）项` : '')
    );
  return `Art ${p.article}${p.paragraph ? `(${p.paragraph})` : ''}${p.item ? ` item (${p.item})` : ''}`;
}

export interface CitationOptions {
  /**
   * Name the version in Chinese: 'auto' (default) names it for a version
   * that is not the one in force (2016年文本); true also for the version in
   * force (2025年修正), as when both are cited together; false never.
   * English always names it ("CSL 2016", "CSL 2025").
   */
  version?: boolean | 'auto';
}

function showVersion(instrument: string, option: CitationOptions['version']): boolean {
  const i = instruments[instrument];
  if (!i?.versionZh) return false;
  if (option === true || option === false) return option;
  return current[i.law] !== instrument;
}

/** The instrument as cited: 《网络安全法》（2016年文本）, 《网络安全法（草案）》; "CSL 2016". */
export function instrumentName(instrument: string, lang: CitationLang, opts: CitationOptions = {}): string {
  const i = instruments[instrument];
  if (!i) return instrument;
  if (lang === 'en') return i.en;
  return `《${i.zh}》${showVersion(instrument, opts.version) ? `（${i.versionZh}）` : ''}`;
}

/** One provision of one version: 《网络安全法》第四十二条第二款; "CSL 2025 Art 42(2)". */
export function formatCitation(
  instrument: string,
  ref: string,
  lang: CitationLang,
  opts: CitationOptions = {},
): string {
  const name = instrumentName(instrument, lang, opts);
  return lang === 'zh' ? `${name}${formatRef(ref, 'zh')}` : `${name} ${formatRef(ref, 'en')}`;
}

/** A catalogue chapter key ("csl2025/3"): 第三章 or, with the law, 《网络安全法》第三章; "Chapter III" / "CSL 2025 Chapter III". */
export function formatChapter(key: string, lang: CitationLang, opts: { law?: boolean } = {}): string {
  const [instrument = '', n = ''] = key.split('/');
  const num = Number(n);
  if (!Number.isInteger(num) || num < 1) return key;
  const chapter = lang === 'zh' ? `第${toChineseNumeral(num)}章` : `Chapter ${toRoman(num)}`;
  if (!opts.law) return chapter;
  const name = instrumentName(instrument, lang);
  return lang === 'zh' ? `${name}${chapter}` : `${name} ${chapter}`;
}

/** Citations as the catalogue keeps them ({ csl2025: ["42/2"] }) or as open items carry them (["csl2025:42/2"]). */
export type CitationInput = Readonly<Record<string, readonly string[] | undefined>> | readonly string[];

export interface CitationGroup {
  instrument: string;
  law: 'csl' | 'cii' | null;
  draft: boolean;
  /** The instrument as cited in this list (the version named where it matters). */
  name: string;
  refs: { ref: string; text: string; full: string }[];
  /** The whole group: 《网络安全法》第二十三条、第三十六条; "CSL 2025 Art 23, 36". */
  text: string;
}

export interface CitationListOptions {
  /** Leave the drafts out (they are labelled as drafts when shown). Default: shown. */
  drafts?: boolean;
}

function normalise(input: CitationInput): Map<string, string[]> {
  const by = new Map<string, string[]>();
  const add = (instrument: string, ref: string) => {
    const list = by.get(instrument) ?? [];
    if (!list.includes(ref)) list.push(ref);
    by.set(instrument, list);
  };
  if (Array.isArray(input)) {
    for (const s of input as readonly string[]) {
      const at = s.indexOf(':');
      if (at > 0) add(s.slice(0, at), s.slice(at + 1));
    }
  } else {
    for (const [instrument, refs] of Object.entries(input as Record<string, readonly string[] | undefined>))
      for (const ref of refs ?? []) add(instrument, ref);
  }
  return by;
}

const rank = (instrument: string) => {
  const i = order.indexOf(instrument);
  return i < 0 ? order.length : i;
};

/**
 * Citations grouped by version in a stable order (CSL 2025, CSL 2016, CII
 * 2021, then the drafts), each group with its provisions. In Chinese the
 * 2025 text is named as 2025年修正 when the 2016 text is cited beside it.
 */
export function citationGroups(
  input: CitationInput,
  lang: CitationLang,
  opts: CitationListOptions = {},
): CitationGroup[] {
  const by = normalise(input);
  const instrumentsCited = [...by.keys()].filter((k) => opts.drafts !== false || !isDraftInstrument(k));
  const laws = (law: string) =>
    instrumentsCited.filter((k) => instruments[k]?.law === law && !instruments[k]!.draft).length;
  return instrumentsCited
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((instrument) => {
      const i = instruments[instrument];
      const version: CitationOptions['version'] = i && laws(i.law) > 1 ? true : 'auto';
      const name = instrumentName(instrument, lang, { version });
      const refs = by.get(instrument)!.map((ref) => ({
        ref,
        text: formatRef(ref, lang),
        full: formatCitation(instrument, ref, lang, { version }),
      }));
      const provisions =
        lang === 'zh'
          ? refs.map((r) => r.text).join('、')
          : `Art ${refs.map((r) => r.text.replace(/^Art /, '')).join(', ')}`;
      return {
        instrument,
        law: i?.law ?? null,
        draft: isDraftInstrument(instrument),
        name,
        refs,
        text: lang === 'zh' ? `${name}${provisions}` : `${name} ${provisions}`,
      };
    });
}

/**
 * A list of citations as one line: 《网络安全法》（2025年修正）第二十一条；
 * 《网络安全法》（2016年文本）第二十一条; "CSL 2025 Art 21; CSL 2016 Art 21".
 */
export function formatCitations(
  input: CitationInput,
  lang: CitationLang,
  opts: CitationListOptions = {},
): string {
  return citationGroups(input, lang, opts)
    .map((g) => g.text)
    .join(lang === 'zh' ? '；' : '; ');
}

/** A fine's provision id as penalties.yaml keys it ("csl2025:61/1"), cited. */
export function formatPenaltyId(id: string, lang: CitationLang): string {
  const at = id.indexOf(':');
  if (at < 0) return id;
  return formatCitation(id.slice(0, at), id.slice(at + 1), lang);
}
