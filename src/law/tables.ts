import type { ColumnType, Generated } from 'kysely';
import type { Defect, Lang, Note, Paragraph } from './model.js';

type Json<T> = ColumnType<T, string, string>;

/** An imported statute text (the user's file), kept in the local database only. */
export interface LawTextTable {
  id: Generated<number>;
  law: string;
  version: string;
  /** Where the text came from (a publisher or file name); diffs are word-level only within one source. */
  source: string;
  sha256: string;
  layout: string;
  languages: Json<Lang[]>;
  article_count: number;
  defects: Json<Defect[]>;
  notes: Json<Note[]>;
  imported_at: ColumnType<Date, Date, never>;
  imported_by: string;
}

export interface LawArticleTable {
  text_id: number;
  number: number;
  chapter: string | null;
  section: string | null;
  zh: Json<Paragraph[] | null>;
  en: Json<Paragraph[] | null>;
}

export interface LawTables {
  law_texts: LawTextTable;
  law_articles: LawArticleTable;
}
