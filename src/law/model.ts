import { defectKinds } from '../../contract/law.js';

/** The statute model: law -> version -> chapter/section -> article -> paragraph -> item. */
export type Lang = 'zh' | 'en';

export interface Item {
  number: number;
  text: string;
}

export interface Paragraph {
  text: string;
  items: Item[];
}

export interface Article {
  number: number;
  chapter?: string | undefined;
  section?: string | undefined;
  /** Paragraphs in each language the text carries. */
  zh?: Paragraph[] | undefined;
  en?: Paragraph[] | undefined;
}

export { defectKinds };
export type DefectKind = (typeof defectKinds)[number];

export interface Defect {
  kind: DefectKind;
  /** Article number, or 0 for the whole text. */
  article: number;
  detail: string;
}

/** Observations that are not structural defects (amount typos, dates). */
export interface Note {
  article: number;
  detail: string;
}

export type Layout = 'bilingual-blocks' | 'interleaved' | 'english-running' | 'chinese-running';

export interface KnownVersion {
  key: string;
  law: 'csl' | 'cii';
  status: 'draft' | 'enacted' | 'amended';
  articles: number;
  in_force?: string | undefined;
}

export interface ParsedText {
  law: 'csl' | 'cii';
  version: string;
  layout: Layout;
  languages: Lang[];
  articles: Article[];
  defects: Defect[];
  notes: Note[];
}
