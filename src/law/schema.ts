import { z } from 'zod';
import {
  articleTextSchema,
  articleViewSchema,
  defectSchema,
  diffPartSchema,
  importResultSchema,
  lawNoteSchema,
  lawTextSchema,
  type ArticleText,
  type ArticleView,
  type ImportResult,
  type LawTextOut,
} from '../../contract/law.js';

/** Output shapes are shared with the console: contract/law.ts. */
export const defectOut = defectSchema;
export const noteOut = lawNoteSchema;
export const importResult = importResultSchema;
export const lawTextOut = lawTextSchema;
export const articleText = articleTextSchema;
export const diffPart = diffPartSchema;
export const articleView = articleViewSchema;
export type { ArticleText, ArticleView, ImportResult, LawTextOut };

/** The texts list's cursor: a text's version, source and id (the order the list follows). */
export const textKey = z.tuple([z.string().max(40), z.string().max(200), z.number().int()]);
export type TextKey = z.infer<typeof textKey>;

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

export const articleQuery = z.strictObject({
  /** The version whose numbering `number` is in (default: the newest of the law). */
  numbering: z.string().max(40).optional(),
});
export const articleParams = z.strictObject({
  law: z.enum(['csl', 'cii']),
  number: z.coerce.number().int().min(1).max(500),
});
