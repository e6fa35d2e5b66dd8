import { Button } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, pageUrl, type ItemOf } from './api.js';

/** A paged list's answer (contract/paging.ts): its list under `key`, and `next`. */
type Page = { next: string | null };

/**
 * A paged list: the first page, and more on demand by passing back the
 * `next` cursor the server answered. `reload` starts over. `P` is the page's
 * type from contract/ (e.g. UserPage), `key` the name of its list.
 */
export function usePaged<P extends Page, K extends keyof P & string>(
  path: string | null,
  key: K,
  opts: { limit?: number; onError?: (e: Error) => void } = {},
): {
  items: ItemOf<P, K>[];
  next: string | null;
  loading: boolean;
  loadMore: () => void;
  reload: () => void;
} {
  const { limit, onError } = opts;
  const [items, setItems] = useState<ItemOf<P, K>[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);
  const errors = useRef(onError);
  errors.current = onError;

  const fetchPage = useCallback(
    (cursor: string | null) => {
      if (!path) return;
      const mine = cursor ? generation.current : ++generation.current;
      setLoading(true);
      api<P>('GET', pageUrl(path, cursor, limit)).then(
        (page) => {
          if (mine !== generation.current) return;
          const list = page[key] as ItemOf<P, K>[];
          setItems((before) => (cursor ? [...before, ...list] : list));
          setNext(page.next);
          setLoading(false);
        },
        (e: Error) => {
          if (mine === generation.current) setLoading(false);
          errors.current?.(e);
        },
      );
    },
    [path, key, limit],
  );

  const reload = useCallback(() => fetchPage(null), [fetchPage]);
  useEffect(reload, [reload]);
  const loadMore = useCallback(() => {
    if (next) fetchPage(next);
  }, [fetchPage, next]);
  return { items, next, loading, loadMore, reload };
}

/** "Load more" under a list, shown while the server says there is a next page. */
export function LoadMore({
  next,
  loading,
  onClick,
  testId,
}: {
  next: string | null;
  loading?: boolean;
  onClick: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (!next) return null;
  return (
    <Button onClick={onClick} loading={loading} style={{ marginTop: 8 }} data-testid={testId ?? 'load-more'}>
      {t('Load more')}
    </Button>
  );
}
