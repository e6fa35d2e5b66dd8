import { z } from 'zod';
import { defectKinds } from './model.js';

const paragraph = z.object({
  text: z.string(),
  items: z.array(z.object({ number: z.number(), text: z.string() })),
});
export const defectOut = z.object({ kind: z.enum(defectKinds), article: z.number(), detail: z.string() });
export const noteOut = z.object({ article: z.number(), detail: z.string() });

export const importBody = z.strictObject({
  /** The statute file's text (UTF-8). */
  content: z
    .string()
    .min(1)
    .max(4 * 1024 * 1024),
  source: z.string().min(1).max(200),
  law: z.enum(['csl', 'cii']).optional(),
  version: z.string().max(40).optional(),
});
export type ImportInput = z.infer<typeof importBody>;

/** The import output contract (`wangan law import --json`). */
export const importResult = z.object({
  law: z.enum(['csl', 'cii']),
  version: z.string(),
  articles: z.number(),
  defects: z.array(defectOut),
  notes: z.array(noteOut),
  layout: z.string(),
  languages: z.array(z.enum(['zh', 'en'])),
  textId: z.number(),
  source: z.string(),
});
export type ImportResult = z.infer<typeof importResult>;

export const lawTextOut = z.object({
  id: z.number(),
  law: z.string(),
  version: z.string(),
  source: z.string(),
  sha256: z.string(),
  layout: z.string(),
  languages: z.array(z.string()),
  articleCount: z.number(),
  defects: z.array(defectOut),
  notes: z.array(noteOut),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type LawTextOut = z.infer<typeof lawTextOut>;

export const articleText = z.object({
  version: z.string(),
  source: z.string(),
  number: z.number(),
  chapter: z.string().nullable(),
  zh: z.array(paragraph).nullable(),
  en: z.array(paragraph).nullable(),
});
export type ArticleText = z.infer<typeof articleText>;

export const diffPart = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() });

export const articleView = z.object({
  law: z.enum(['csl', 'cii']),
  /** The numbers this article has in each version (from the article map). */
  numbers: z.record(z.string(), z.array(z.string())),
  texts: z.array(articleText),
  diffs: z.array(
    z.object({
      lang: z.enum(['zh', 'en']),
      from: z.string(),
      to: z.string(),
      source: z.string(),
      parts: z.array(diffPart),
    }),
  ),
  notes: z.array(z.object({ zh: z.string(), en: z.string() })),
});
export type ArticleView = z.infer<typeof articleView>;

export const articleQuery = z.strictObject({
  /** The version whose numbering `number` is in (default: the newest of the law). */
  numbering: z.string().max(40).optional(),
});
export const articleParams = z.strictObject({
  law: z.enum(['csl', 'cii']),
  number: z.coerce.number().int().min(1).max(500),
});
