import { z } from 'zod';

/**
 * Lists that can grow page: `limit` (default 50, at most 500) and an opaque
 * `cursor` go in, the list comes back under its own name with `next`, the
 * cursor of the following page (null on the last one). Cursors are keyset
 * positions, never offsets; pass them back as they are.
 */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 500;

export const nextSchema = z.string().nullable();

/** `{ [key]: T[], next }`: the shape of every paged list. */
export function pageOf<K extends string, T extends z.ZodType>(key: K, item: T) {
  const shape = { [key]: z.array(item), next: nextSchema } as { [P in K]: z.ZodArray<T> } & {
    next: typeof nextSchema;
  };
  return z.strictObject(shape);
}

/** The query of a paged list as the console builds it. */
export type PageQuery = { limit?: number; cursor?: string };
