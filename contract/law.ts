import { z } from 'zod';
import { pageOf } from './paging.js';
import { bilingualSchema } from './status.js';

/** What the integrity report finds in an imported statute text. */
export const defectKinds = ['missing', 'misplaced', 'item_gap', 'count_mismatch', 'duplicate'] as const;

const paragraph = z.strictObject({
  text: z.string(),
  items: z.array(z.strictObject({ number: z.number(), text: z.string() })),
});
export type ParagraphView = z.infer<typeof paragraph>;
export const defectSchema = z.strictObject({
  kind: z.enum(defectKinds),
  article: z.number(),
  /** In English; `messages` in both languages (absent on reports stored before they had them). */
  detail: z.string(),
  messages: bilingualSchema.optional(),
});
export type DefectView = z.infer<typeof defectSchema>;
export const lawNoteSchema = z.strictObject({
  article: z.number(),
  detail: z.string(),
  messages: bilingualSchema.optional(),
});

/** The import output contract (POST /api/law/texts, `wangan law import --json`). */
export const importResultSchema = z.strictObject({
  law: z.enum(['csl', 'cii']),
  version: z.string(),
  articles: z.number(),
  defects: z.array(defectSchema),
  notes: z.array(lawNoteSchema),
  layout: z.string(),
  languages: z.array(z.enum(['zh', 'en'])),
  textId: z.number(),
  source: z.string(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** An imported statute text with its integrity report. */
export const lawTextSchema = z.strictObject({
  id: z.number(),
  law: z.string(),
  version: z.string(),
  source: z.string(),
  sha256: z.string(),
  layout: z.string(),
  languages: z.array(z.string()),
  articleCount: z.number(),
  defects: z.array(defectSchema),
  notes: z.array(lawNoteSchema),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type LawTextOut = z.infer<typeof lawTextSchema>;
/** GET /api/law/texts, oldest import first. */
export const lawTextPageSchema = pageOf('texts', lawTextSchema);
export type LawTextPage = z.infer<typeof lawTextPageSchema>;

export const articleTextSchema = z.strictObject({
  version: z.string(),
  source: z.string(),
  number: z.number(),
  chapter: z.string().nullable(),
  zh: z.array(paragraph).nullable(),
  en: z.array(paragraph).nullable(),
});
export type ArticleText = z.infer<typeof articleTextSchema>;

/** GET /api/law/texts/:id: one text with all its articles. */
export const lawTextWithArticlesSchema = lawTextSchema.extend({ articles: z.array(articleTextSchema) });

export const diffPartSchema = z.strictObject({ op: z.enum(['same', 'added', 'removed']), text: z.string() });

/** GET /api/law/articles/:law/:number: an article across versions. */
export const articleViewSchema = z.strictObject({
  law: z.enum(['csl', 'cii']),
  /** The numbers this article has in each version (from the article map). */
  numbers: z.record(z.string(), z.array(z.string())),
  texts: z.array(articleTextSchema),
  diffs: z.array(
    z.strictObject({
      lang: z.enum(['zh', 'en']),
      from: z.string(),
      to: z.string(),
      source: z.string(),
      parts: z.array(diffPartSchema),
    }),
  ),
  notes: z.array(bilingualSchema),
});
export type ArticleView = z.infer<typeof articleViewSchema>;
