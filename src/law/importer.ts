import {
  amountNotes,
  capDefects,
  MAX_DEFECTS_PER_KIND,
  fitVersion,
  itemGaps,
  misplacedParagraphs,
  missingArticles,
} from './integrity.js';
import { said, type Defect, type KnownVersion, type ParsedText } from './model.js';
import { parseStatute } from './parse.js';

export interface ImportOptions {
  law?: 'csl' | 'cii' | undefined;
  /** Version key (csl2016) when the caller knows it. */
  version?: string | undefined;
  /** Versions the catalogue knows, with their article counts. */
  known: KnownVersion[];
}

export class ImportError extends Error {
  constructor(
    /** too_large: reading the text ran past the time or memory allowed (reader-io.ts). */
    readonly code: 'no_articles' | 'unknown_version' | 'unknown_law' | 'too_large',
    message: string,
  ) {
    super(message);
  }
}

/** CSL says "本法 / this Law"; the CII Regulation says "本条例 / this Regulation". */
export function detectLaw(zh: string, en: string): 'csl' | 'cii' | undefined {
  const regulation = (zh.match(/本条例/g) ?? []).length + (en.match(/this Regulation/gi) ?? []).length;
  const law = (zh.match(/本法/g) ?? []).length + (en.match(/this (?:Law|Act)\b/gi) ?? []).length;
  const ciiTitle = /关键信息基础设施安全保护条例|Critical Information Infrastructure/i.test(
    zh.slice(0, 500) + en.slice(0, 500),
  );
  if (regulation > law || (ciiTitle && regulation > 0)) return 'cii';
  if (law > 0) return 'csl';
  return undefined;
}

const order: Record<Defect['kind'], number> = {
  count_mismatch: 0,
  missing: 1,
  duplicate: 2,
  misplaced: 3,
  item_gap: 4,
};

/** Reads a statute file and reports its integrity. Pure: no I/O. */
export function importStatute(raw: string, opts: ImportOptions): ParsedText {
  const parsed = parseStatute(raw);
  if (parsed.articles.length === 0) {
    throw new ImportError(
      'no_articles',
      'No articles found: the text has no "第N条" or "Article N" headings.',
    );
  }
  const law = opts.law ?? detectLaw(parsed.text.zh, parsed.text.en);
  if (!law)
    throw new ImportError('unknown_law', 'Cannot tell which law this is; pass --law csl or --law cii.');
  if (opts.version && !opts.known.some((v) => v.key === opts.version)) {
    throw new ImportError(
      'unknown_version',
      `Unknown version "${opts.version}"; known: ${opts.known.map((v) => v.key).join(', ')}`,
    );
  }
  const fit = fitVersion(parsed.articles, law, opts.known, parsed.text, opts.version);
  if (!fit.version) throw new ImportError('unknown_version', `No known version of ${law}; pass --version.`);
  const defects = [
    ...fit.defects,
    ...missingArticles(parsed.articles, fit.version.articles),
    ...parsed.defects,
    ...misplacedParagraphs(parsed.articles),
    ...itemGaps(parsed.articles),
  ].sort((a, b) => order[a.kind] - order[b.kind] || a.article - b.article);
  const notes = [...fit.notes, ...amountNotes(parsed.articles)];
  return {
    law,
    version: fit.version.key,
    layout: parsed.layout,
    languages: parsed.languages,
    articles: parsed.articles,
    defects: capDefects(defects),
    notes:
      notes.length <= MAX_DEFECTS_PER_KIND
        ? notes
        : [
            ...notes.slice(0, MAX_DEFECTS_PER_KIND - 1),
            {
              article: notes[MAX_DEFECTS_PER_KIND - 1]!.article,
              ...said(
                `${notes.length - MAX_DEFECTS_PER_KIND + 1} more notes are not listed`,
                `另有${notes.length - MAX_DEFECTS_PER_KIND + 1}条提示未逐一列出`,
              ),
            },
          ],
  };
}
