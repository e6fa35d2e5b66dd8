/**
 * Dates and periods in words, as a report states them: 2026年1月1日至2026年6月30日,
 * "1 January 2026 to 30 June 2026". Civil dates (YYYY-MM-DD, Beijing). Pure TS, no imports.
 */
export type PeriodLang = 'zh' | 'en';

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 2026-01-01 -> 2026年1月1日 / 1 January 2026. */
export function dateInWords(date: string, lang: PeriodLang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === 'zh' ? `${y}年${mo}月${d}日` : `${d} ${months[mo - 1] ?? mo} ${y}`;
}

/**
 * A period from its first to its last day, both included. Without a first
 * day it runs from the first record; without a last day, up to `asOf`.
 */
export function periodInWords(
  first: string | null,
  last: string | null,
  lang: PeriodLang,
  asOf?: string,
): string {
  const from = first ? dateInWords(first, lang) : lang === 'zh' ? '首条记录' : 'the first record';
  const end = last ?? asOf;
  const to = end ? dateInWords(end, lang) : lang === 'zh' ? '今' : 'today';
  return lang === 'zh' ? `${from}至${to}` : `${from} to ${to}`;
}
