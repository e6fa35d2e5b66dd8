import type { DutySort } from '../../contract/workspace.js';
import type { ObligationStatus } from '../obligations/status.js';
import { afterFor, takePage, type SortedKey } from '../platform/paging.js';
import type { WorkspaceItem } from './types.js';

/**
 * The duties list (GET /api/workspace/duties): search, filters, a whitelisted
 * order and keyset pages over the duties the dashboard derives. Pure: the
 * status of a duty comes from its latest evidence and the open register items
 * (WorkspaceService.overview), so the list is filtered and sorted in memory
 * after deriving: an organisation has some 100 to 200 duties, and SQL could not
 * sort by a status it does not store.
 */
export interface DutyFilter {
  /** Words in the title (Chinese or English) or the id, any case. */
  q?: string | undefined;
  status?: ObligationStatus | undefined;
  /** The owner's username, any case. */
  owner?: string | undefined;
  /** A chapter of the law, "csl2025/3". */
  chapter?: string | undefined;
  /** A statute the duty is cited in, by its version key ("csl2025", "cii2021"). */
  statute?: string | undefined;
}

export interface DutyListQuery {
  filter: DutyFilter;
  sort: DutySort;
  limit: number;
  cursor?: SortedKey | undefined;
  /** The language titles sort in (the request's). */
  lang: 'zh' | 'en';
}

/** Overdue first, then gaps, due soon, met, not applicable. */
const severity: Record<ObligationStatus, number> = {
  overdue: 4,
  missing: 3,
  due_soon: 2,
  met: 1,
  not_applicable: 0,
};

const collators = {
  zh: new Intl.Collator('zh-CN', { numeric: true }),
  en: new Intl.Collator('en', { numeric: true, sensitivity: 'base' }),
};

type Key = (string | number)[];

function matches(i: WorkspaceItem, f: DutyFilter): boolean {
  if (f.status && i.status !== f.status) return false;
  if (f.owner && i.owner?.toLowerCase() !== f.owner.toLowerCase()) return false;
  if (f.chapter && i.chapter !== f.chapter) return false;
  if (f.statute && !i.citations[f.statute]?.length) return false;
  if (f.q) {
    const words = f.q.toLowerCase().split(/\s+/).filter(Boolean);
    const text = `${i.id} ${i.title.zh} ${i.title.en}`.toLowerCase();
    if (!words.every((w) => text.includes(w))) return false;
  }
  return true;
}

/**
 * Each sort's key (the last value always the id, so the order is total) and
 * its comparison. A duty without a next deadline (an event duty, one not
 * applicable) comes after the dated ones in either direction of the due sorts.
 */
function order(sort: DutySort, lang: 'zh' | 'en', position: Map<string, number>) {
  const text = collators[lang];
  const cmp = (a: string | number, b: string | number) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en');
  const asc = (a: Key, b: Key) => {
    for (let k = 0; k < a.length; k++) {
      const c = cmp(a[k]!, b[k]!);
      if (c) return c;
    }
    return 0;
  };
  const byTitle = (a: Key, b: Key) => text.compare(String(a[0]), String(b[0])) || cmp(a[1]!, b[1]!);
  // 0 for a dated duty, 1 for an undated one: undated duties last.
  const due = (i: WorkspaceItem) => (i.nextDue ? 0 : 1);
  switch (sort) {
    case 'law':
      return { key: (i: WorkspaceItem): Key => [position.get(i.id) ?? 0, i.id], compare: asc };
    case 'id_asc':
      return { key: (i: WorkspaceItem): Key => [i.id], compare: asc };
    case 'id_desc':
      return { key: (i: WorkspaceItem): Key => [i.id], compare: (a: Key, b: Key) => asc(b, a) };
    case 'title_asc':
      return { key: (i: WorkspaceItem): Key => [i.title[lang], i.id], compare: byTitle };
    case 'title_desc':
      return {
        key: (i: WorkspaceItem): Key => [i.title[lang], i.id],
        compare: (a: Key, b: Key) => byTitle(b, a),
      };
    case 'due_asc':
      return { key: (i: WorkspaceItem): Key => [due(i), i.nextDue ?? '', i.id], compare: asc };
    case 'due_desc':
      return {
        key: (i: WorkspaceItem): Key => [due(i), i.nextDue ?? '', i.id],
        compare: (a: Key, b: Key) => cmp(a[0]!, b[0]!) || asc(b.slice(1), a.slice(1)),
      };
    case 'severity_desc':
      // The worst first, and within a status the soonest deadline first.
      return {
        key: (i: WorkspaceItem): Key => [severity[i.status], due(i), i.nextDue ?? '', i.id],
        compare: (a: Key, b: Key) => cmp(b[0]!, a[0]!) || asc(a.slice(1), b.slice(1)),
      };
    case 'severity_asc':
      return {
        key: (i: WorkspaceItem): Key => [severity[i.status], due(i), i.nextDue ?? '', i.id],
        compare: asc,
      };
  }
}

/** The sort a cursor carries: the title sorts name their language, a page goes on in the order it began. */
const sortTag = (sort: DutySort, lang: 'zh' | 'en') => (sort.startsWith('title_') ? `${sort}.${lang}` : sort);

/** One page of the duties, the cursor of the next, and how many match in all. */
export function listDuties(
  items: readonly WorkspaceItem[],
  query: DutyListQuery,
): { duties: WorkspaceItem[]; next: string | null; total: number } {
  const position = new Map(items.map((i, n) => [i.id, n]));
  const { key, compare } = order(query.sort, query.lang, position);
  const tag = sortTag(query.sort, query.lang);
  const after = afterFor(query.cursor, tag);
  const found = items.filter((i) => matches(i, query.filter));
  const sorted = found.map((i) => ({ i, k: key(i) })).sort((a, b) => compare(a.k, b.k));
  const rest = after ? sorted.filter((r) => compare(r.k, after) > 0) : sorted;
  const page = takePage(rest.slice(0, query.limit + 1), query.limit, (r): SortedKey => [tag, ...r.k]);
  return { duties: page.rows.map((r) => r.i), next: page.next, total: found.length };
}
