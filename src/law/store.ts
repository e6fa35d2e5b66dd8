import type { Kysely, Selectable } from 'kysely';
import type { Article, Defect, Lang, Note } from './model.js';
import type { LawArticleTable, LawTables, LawTextTable } from './tables.js';

export type LawTextRow = Selectable<LawTextTable>;
export type LawArticleRow = Selectable<LawArticleTable>;

export interface NewLawText {
  law: string;
  version: string;
  source: string;
  sha256: string;
  layout: string;
  languages: Lang[];
  defects: Defect[];
  notes: Note[];
  importedBy: string;
  importedAt: Date;
}

/** Articles per INSERT statement: 6,000 parameters, well under PostgreSQL's 65,535. */
export const ARTICLES_PER_INSERT = 1000;

/** Queries only: imported statute texts and their articles. */
export class LawStore {
  constructor(private readonly db: Kysely<LawTables>) {}

  /** Replaces the text of this version from this source, all or nothing. */
  async replaceText(text: NewLawText, articles: Article[]): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('law_texts')
        .where('version', '=', text.version)
        .where('source', '=', text.source)
        .execute();
      const { id } = await trx
        .insertInto('law_texts')
        .values({
          law: text.law,
          version: text.version,
          source: text.source,
          sha256: text.sha256,
          layout: text.layout,
          languages: JSON.stringify(text.languages),
          article_count: articles.length,
          defects: JSON.stringify(text.defects),
          notes: JSON.stringify(text.notes),
          imported_at: text.importedAt,
          imported_by: text.importedBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // In batches: one statement carries at most 65,535 parameters (PostgreSQL's limit), six per article.
      for (let i = 0; i < articles.length; i += ARTICLES_PER_INSERT) {
        await trx
          .insertInto('law_articles')
          .values(
            articles.slice(i, i + ARTICLES_PER_INSERT).map((a) => ({
              text_id: id,
              number: a.number,
              chapter: a.chapter ?? null,
              section: a.section ?? null,
              zh: JSON.stringify(a.zh ?? null),
              en: JSON.stringify(a.en ?? null),
            })),
          )
          .execute();
      }
      return id;
    });
  }

  /** By version and source, keyset: `limit` texts after `after` (version, source, id). */
  listTexts(limit: number, after?: readonly [string, string, number]): Promise<LawTextRow[]> {
    let q = this.db
      .selectFrom('law_texts')
      .selectAll()
      .orderBy('version')
      .orderBy('source')
      .orderBy('id')
      .limit(limit);
    if (after)
      q = q.where((eb) =>
        eb(eb.refTuple('version', 'source', 'id'), '>', eb.tuple(after[0], after[1], after[2])),
      );
    return q.execute();
  }

  findText(id: number): Promise<LawTextRow | undefined> {
    return this.db.selectFrom('law_texts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async deleteText(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('law_texts').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  articlesOf(textId: number): Promise<LawArticleRow[]> {
    return this.db
      .selectFrom('law_articles')
      .selectAll()
      .where('text_id', '=', textId)
      .orderBy('number')
      .execute();
  }

  /** One article in every imported text of the given versions. */
  articleInVersions(
    versions: string[],
    numbers: number[],
  ): Promise<(LawArticleRow & { version: string; source: string })[]> {
    if (versions.length === 0 || numbers.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('law_articles')
      .innerJoin('law_texts', 'law_texts.id', 'law_articles.text_id')
      .selectAll('law_articles')
      .select(['law_texts.version', 'law_texts.source'])
      .where('law_texts.version', 'in', versions)
      .where('law_articles.number', 'in', numbers)
      .orderBy('law_texts.version')
      .orderBy('law_articles.number')
      .execute();
  }
}
