import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog, type Catalog } from './catalog-io.js';
import type { Condition, VersionKey } from './catalog-schema.js';
import { profileSchema } from './profile.js';

/** The article number of a ref such as "23/1(3)". */
const articleOf = (ref: string) => Number(/^\d+/.exec(ref)![0]);

function factPaths(c: Condition, out: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => factPaths(x, out));
  else if ('any' in c) c.any.forEach((x) => factPaths(x, out));
  else if ('not' in c) factPaths(c.not, out);
  else if ('fact' in c) out.push(c.fact);
  return out;
}

describe('catalogue', () => {
  let catalog: Catalog;
  it('every file loads and passes its schema', () => {
    catalog = loadCatalog();
    assert.ok(catalog.obligations.length > 0);
  });

  it('ids are unique and every penalty an obligation names exists', () => {
    const ids = catalog.obligations.map((o) => o.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
      'duplicate obligation ids',
    );
    const pids = catalog.penalties.map((p) => p.id);
    assert.deepEqual(
      pids.filter((id, i) => pids.indexOf(id) !== i),
      [],
      'duplicate penalty ids',
    );
    const missing = catalog.obligations.flatMap((o) =>
      o.penalties.filter((p) => !pids.includes(p)).map((p) => `${o.id} -> ${p}`),
    );
    assert.deepEqual(missing, []);
  });

  it('every citation and penalty points inside its version', () => {
    const counts = new Map(catalog.versions.map((v) => [v.key, v.articles]));
    const bad: string[] = [];
    for (const o of catalog.obligations) {
      for (const [version, refs] of Object.entries(o.citations) as [VersionKey, string[] | undefined][]) {
        for (const ref of refs ?? []) {
          const n = articleOf(ref);
          if (!counts.has(version) || n < 1 || n > counts.get(version)!)
            bad.push(`${o.id}: ${version} ${ref}`);
        }
      }
    }
    for (const p of catalog.penalties) {
      if (articleOf(p.article) > (counts.get(p.version) ?? 0)) bad.push(`${p.id}`);
      if (!p.id.startsWith(`${p.version}:${articleOf(p.article)}`))
        bad.push(`${p.id}: id does not match version/article`);
      for (const t of p.tiers) {
        for (const a of [t.entity, t.persons])
          if (a && a.min > a.max) bad.push(`${p.id} ${t.level}: min > max`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('conditions only use facts the organisation profile has', () => {
    const profile = profileSchema.parse({ name: 'x' }) as unknown as Record<string, unknown>;
    const resolve = (path: string) =>
      path
        .split('.')
        .reduce<unknown>(
          (v, k) => (v && typeof v === 'object' && k in v ? (v as Record<string, unknown>)[k] : undefined),
          profile,
        );
    const unknown = catalog.obligations.flatMap((o) =>
      factPaths(o.applies_when)
        .filter((f) => resolve(f) === undefined && !f.endsWith('sector'))
        .map((f) => `${o.id}: ${f}`),
    );
    assert.deepEqual(unknown, []);
  });

  it('the article map follows the 2016 -> 2025 renumbering', () => {
    const map = catalog.articleMap;
    const to2025 = (a: number) =>
      map
        .filter((e) => e.csl2016 !== null && articleOf(e.csl2016) === a)
        .map((e) => e.csl2025 && articleOf(e.csl2025));
    // Arts 1-2 keep their numbers; 3-18 move up one; 19-58 up two (LAW-FACTS section 2).
    for (let a = 1; a <= 58; a++) {
      const expected = a <= 2 ? a : a <= 18 ? a + 1 : a + 2;
      assert.ok(
        to2025(a).includes(expected),
        `2016 Art ${a} should map to 2025 Art ${expected}, got ${to2025(a).join(',')}`,
      );
    }
    const liability: Record<number, number[]> = {
      59: [61],
      60: [62],
      61: [64],
      62: [65],
      63: [66],
      64: [71],
      65: [67],
      66: [71],
      67: [68],
      68: [69],
      69: [70],
      70: [71],
      71: [72],
    };
    for (const [from, tos] of Object.entries(liability))
      for (const to of tos)
        assert.ok(to2025(Number(from)).includes(to), `2016 Art ${from} -> 2025 Art ${to}`);
    for (let a = 72; a <= 79; a++) assert.ok(to2025(a).includes(a + 2), `2016 Art ${a} -> ${a + 2}`);
    const newOnes = map.filter((e) => e.kind === 'new').map((e) => articleOf(e.csl2025!));
    for (const n of [3, 63, 73]) assert.ok(newOnes.includes(n), `2025 Art ${n} is new`);
    // Every 2025 article is accounted for.
    const covered = new Set(map.filter((e) => e.csl2025).map((e) => articleOf(e.csl2025!)));
    const uncovered = Array.from({ length: 81 }, (_, i) => i + 1).filter((n) => !covered.has(n));
    assert.deepEqual(uncovered, []);
  });

  it('obligations that cite both CSL versions cite matching articles', () => {
    const bad: string[] = [];
    for (const o of catalog.obligations) {
      const old = o.citations.csl2016 ?? [];
      const now = (o.citations.csl2025 ?? []).map(articleOf);
      for (const ref of old) {
        const targets = catalog.articleMap
          .filter((e) => e.csl2016 && articleOf(e.csl2016) === articleOf(ref) && e.csl2025)
          .map((e) => articleOf(e.csl2025!));
        if (now.length && !targets.some((t) => now.includes(t)))
          bad.push(`${o.id}: 2016 ${ref} -> ${targets.join('/')} not in 2025 ${now.join(',')}`);
      }
    }
    assert.deepEqual(bad, []);
  });
});
