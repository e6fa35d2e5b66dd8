import type { Article } from '../law/model.js';
import type { Catalog } from './catalog-io.js';
import type { VersionKey } from './catalog-schema.js';

/**
 * Which articles of a text impose a duty on an operator, a provider or anyone:
 * a sentence whose subject is such a party and whose verb is 应当/不得/必须
 * (shall, must, may not). Articles that impose sanctions (fines, detention)
 * are liability provisions, not duties, and are left to the penalty catalogue.
 */
const ZH_DUTY =
  /(网络运营者|运营者|提供者|经营者|任何个人和组织|个人和组织|销售者|使用者|负责人)[^。；：]*?(应当|不得|必须)/;
const ZH_SANCTION = /罚款|拘留|处分/;
const EN_DUTY =
  /\b(network operators?|operators?|providers?|any (?:individual|person) or organi[sz]ation|individuals? (?:and|or) organi[sz]ations?|sellers?|users?)\b[^.;:]*?\b(shall|must|may not|shall not)\b/i;
const EN_SANCTION = /\bfined?\b|\bfines?\b|\bdetention\b|\bdetained\b/i;

export function isDutyBearing(article: Article): boolean {
  const zh = (article.zh ?? []).map((p) => p.text).join('\n');
  if (zh) return ZH_DUTY.test(zh) && !ZH_SANCTION.test(zh);
  const en = (article.en ?? []).map((p) => p.text).join('\n');
  return EN_DUTY.test(en) && !EN_SANCTION.test(en);
}

/** Duty-bearing articles that no obligation cites and the out-of-scope list does not explain. */
export function uncoveredArticles(
  articles: number[],
  version: VersionKey,
  catalog: Pick<Catalog, 'obligations' | 'outOfScope'>,
): number[] {
  const cited = new Set<number>();
  for (const o of catalog.obligations)
    for (const ref of o.citations[version] ?? []) cited.add(Number(/^\d+/.exec(ref)![0]));
  const excused = new Set(
    catalog.outOfScope.filter((x) => x.version === version).map((x) => Number(x.article)),
  );
  return articles.filter((n) => !cited.has(n) && !excused.has(n));
}
