import { z } from 'zod';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../../contract/paging.js';
import { AppError } from './errors.js';

/**
 * Keyset paging for lists that can grow (contract/paging.ts): a cursor is the
 * base64url of the last row's key (JSON), so a page starts where the last one
 * ended however many rows come before it, and no query counts past rows with
 * OFFSET. Pure: stores fetch `limit + 1` rows after the key, `takePage` cuts.
 */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<K>(cursor: string, key: z.ZodType<K>): K | undefined {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) return undefined;
  try {
    const parsed = key.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What a store needs to read one page: how many rows, and the key of the row before them. */
export interface PageRequest<K> {
  limit: number;
  after?: K | undefined;
}

/**
 * The query of a paged list: `limit` (default 50, at most 500) and `cursor`,
 * decoded into the list's key. A cursor this list did not give out is a 400
 * `validation_failed` naming `cursor`.
 */
export function pageQuery<K>(key: z.ZodType<K>) {
  return z.strictObject({
    limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
    cursor: z
      .string()
      .max(1000)
      .optional()
      .transform((c, ctx): K | undefined => {
        if (c === undefined) return undefined;
        const k = decodeCursor(c, key);
        if (k === undefined) {
          ctx.addIssue({
            code: 'custom',
            message: 'is not a cursor this list gave out (pass `next` back as it is)',
          });
          return z.NEVER;
        }
        return k;
      }),
  });
}

/** Turns a route's parsed query into a store's page request. */
export function pageRequest<K>(q: { limit: number; cursor?: K | undefined }): PageRequest<K> {
  return { limit: q.limit, after: q.cursor };
}

/** Cuts the `limit + 1` rows a store read into a page and the cursor of the next one. */
export function takePage<R, K>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => K,
): { rows: R[]; next: string | null } {
  if (rows.length <= limit) return { rows: [...rows], next: null };
  const page = rows.slice(0, limit);
  return { rows: page, next: encodeCursor(keyOf(page[page.length - 1]!)) };
}

/** Keys of the lists: an id, or an instant (ISO) or a text with the row's id as tie-break. */
export const idKey = z.number().int();
export const instantKey = z.tuple([z.iso.datetime(), z.string().max(200)]);
export type InstantKey = z.infer<typeof instantKey>;

/**
 * Sorted lists: the sort is one of a list's whitelisted names (never SQL from
 * the request), and a cursor carries the sort it was given under with the
 * last row's sort values, so a page goes on in the order the first one had.
 */
export const sortedKey = z.tuple([z.string().max(40)]).rest(z.union([z.string().max(300), z.number()]));
export type SortedKey = z.infer<typeof sortedKey>;

/** The key values of a cursor given under `sort`; a cursor of another sort is refused naming `cursor`. */
export function afterFor(cursor: SortedKey | undefined, sort: string): (string | number)[] | undefined {
  if (!cursor) return undefined;
  if (cursor[0] !== sort)
    throw new AppError(
      'validation_failed',
      {
        zh: '翻页位置与当前排序不一致，请从第一页重新查询。',
        en: 'This cursor belongs to another sort order; start again from the first page.',
      },
      [{ path: 'cursor', message: 'belongs to another sort' }],
      'cursor',
    );
  return cursor.slice(1) as (string | number)[];
}
