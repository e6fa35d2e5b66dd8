/** The 2016 <-> 2025 article map (catalog/article-map.yaml) as lookups. Pure. */
export interface MapEntry {
  csl2016: string | null;
  csl2025: string | null;
  kind: string;
  note?: { zh: string; en: string } | undefined;
}

const articleOf = (ref: string) => Number(/^\d+/.exec(ref)?.[0]);

export interface Counterpart {
  /** The reference in the other version ("71(2)" when only an item moved). */
  ref: string;
  article: number;
  kind: string;
  note?: { zh: string; en: string } | undefined;
}

/** Where an article of one CSL version stands in the other. */
export function counterparts(map: MapEntry[], from: 'csl2016' | 'csl2025', article: number): Counterpart[] {
  const to = from === 'csl2016' ? 'csl2025' : 'csl2016';
  const seen = new Set<string>();
  const out: Counterpart[] = [];
  for (const e of map) {
    const src = e[from];
    const dst = e[to];
    if (!src || !dst || articleOf(src) !== article || seen.has(dst)) continue;
    seen.add(dst);
    out.push({ ref: dst, article: articleOf(dst), kind: e.kind, ...(e.note ? { note: e.note } : {}) });
  }
  return out.sort((a, b) => a.article - b.article);
}

/** True when the 2025 article is new (no 2016 source at all). */
export function isNew2025(map: MapEntry[], article: number): boolean {
  return map.some((e) => e.csl2016 === null && e.csl2025 !== null && articleOf(e.csl2025) === article);
}
