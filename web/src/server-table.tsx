import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, pageUrl, type ItemOf } from './api.js';

type Page = { next: string | null };

/** A list's query string from a filter form's values (empty values left out). */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
}

/**
 * One page of a server-sorted, server-filtered list at a time (keyset paging,
 * contract/paging.ts): the cursors of the pages seen are kept, so "previous"
 * goes back without the server counting rows. A change of `query` (filters,
 * sort) or page size starts again at the first page.
 */
export function useServerPage<P extends Page, K extends keyof P & string>(
  path: string | null,
  key: K,
  query: string,
  opts: { pageSize?: number; onError?: (e: Error) => void } = {},
) {
  const [pageSize, setPageSize] = useState(opts.pageSize ?? 20);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [index, setIndex] = useState(0);
  const [items, setItems] = useState<ItemOf<P, K>[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [answer, setAnswer] = useState<P | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const errors = useRef(opts.onError);
  errors.current = opts.onError;

  // A new filter or page size: back to the first page.
  useEffect(() => {
    setCursors([null]);
    setIndex(0);
  }, [path, query, pageSize]);

  const cursor = cursors[index] ?? null;
  useEffect(() => {
    if (!path) return;
    let live = true;
    setLoading(true);
    const base = query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
    api<P>('GET', pageUrl(base, cursor, pageSize)).then(
      (page) => {
        if (!live) return;
        setItems(page[key] as ItemOf<P, K>[]);
        setNext(page.next);
        setAnswer(page);
        setLoading(false);
      },
      (e: Error) => {
        if (!live) return;
        setLoading(false);
        errors.current?.(e);
      },
    );
    return () => {
      live = false;
    };
  }, [path, key, query, cursor, pageSize, tick]);

  const goNext = useCallback(() => {
    if (!next) return;
    setCursors((c) => [...c.slice(0, index + 1), next]);
    setIndex((i) => i + 1);
  }, [next, index]);
  const goPrev = useCallback(() => setIndex((i) => Math.max(0, i - 1)), []);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return {
    items,
    loading,
    page: index + 1,
    hasNext: next !== null,
    goNext,
    goPrev,
    reload,
    pageSize,
    setPageSize,
    /** The whole answer of the page shown (a list's other fields, such as a total). */
    answer,
  };
}

/** Previous / next page under a server-paged table, with the page size. */
export function CursorPager({
  page,
  hasNext,
  loading,
  onPrev,
  onNext,
  pageSize,
  onPageSize,
  testId,
}: {
  page: number;
  hasNext: boolean;
  loading?: boolean;
  onPrev: () => void;
  onNext: () => void;
  pageSize: number;
  onPageSize: (n: number) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Space
      style={{ marginTop: 12, width: '100%', justifyContent: 'flex-end' }}
      data-testid={testId ?? 'pager'}
    >
      <Button
        icon={<LeftOutlined />}
        disabled={page <= 1 || loading}
        onClick={onPrev}
        data-testid="page-prev"
      >
        {t('Previous page')}
      </Button>
      <Typography.Text data-testid="page-number">{t('Page {{n}}', { n: page })}</Typography.Text>
      <Button disabled={!hasNext || loading} onClick={onNext} data-testid="page-next">
        {t('Next page')} <RightOutlined />
      </Button>
      <Select
        value={pageSize}
        onChange={onPageSize}
        style={{ width: 120 }}
        options={[10, 20, 50, 100].map((n) => ({ value: n, label: t('{{n}} per page', { n }) }))}
      />
    </Space>
  );
}
