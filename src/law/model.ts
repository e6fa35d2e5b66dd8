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
  /** In English (the CLI's JSON, logs); `messages` in both languages for the console. */
  detail: string;
  messages: { zh: string; en: string };
}

/** Observations that are not structural defects (amount typos, dates). */
export interface Note {
  article: number;
  detail: string;
  messages: { zh: string; en: string };
}

/** A defect or note, said in both languages (`detail` is the English). */
export function said(en: string, zh: string): { detail: string; messages: { zh: string; en: string } } {
  return { detail: en, messages: { zh, en } };
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
