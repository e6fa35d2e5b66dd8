import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { loadCatalog, type Catalog } from './catalog-io.js';
import type { Condition, VersionKey } from './catalog-schema.js';
import { incidentFactsSchema } from './incidents.js';
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

describe('catalogue: legal corrections checked against the statute texts', () => {
  const catalog = loadCatalog();
  const duty = (id: string) => {
    const o = catalog.obligations.find((x) => x.id === id);
    assert.ok(o, `duty ${id}`);
    return o;
  };
  const penaltyOf = (id: string) => {
    const p = catalog.penalties.find((x) => x.id === id);
    assert.ok(p, `penalty ${id}`);
    return p;
  };
  const FLK = 'https://flk.npc.gov.cn';

  it('2016 Art 75 -> 2025 Art 77 is amended, not renumbered: from attacks on CII to anything endangering PRC cybersecurity', () => {
    const entries = catalog.articleMap.filter((e) => e.csl2016 === '75');
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.csl2025, '77');
    assert.equal(entries[0]!.kind, 'amended');
    assert.match(entries[0]!.note!.en, /CII/);
    assert.match(entries[0]!.note!.en, /any activity .*endangers PRC cybersecurity/);
    assert.match(entries[0]!.note!.zh, /危害中华人民共和国网络安全/);
  });

  it('CII 2021 Arts 39 and 40 fine the person in charge only; Art 43 (attacks on CII) is there, marked uncertain', () => {
    for (const id of ['cii2021:39', 'cii2021:40']) {
      const p = penaltyOf(id);
      const personal = p.tiers.filter((t) => t.persons);
      assert.ok(personal.length > 0, `${id} fines a person`);
      for (const t of personal) assert.equal(t.persons_scope, 'person_in_charge', `${id} ${t.level}`);
      assert.equal(p.uncertain, undefined, `${id}: LAW-FACTS states it, no uncertain mark`);
    }
    const p43 = penaltyOf('cii2021:43');
    assert.match(p43.trigger.en, /CII/);
    assert.ok(
      p43.tiers.some((t) => t.persons && !t.entity),
      'individual offenders',
    );
    assert.ok(
      p43.tiers.some(
        (t) => t.entity && 'min' in t.entity && t.entity.min === 100_000 && t.entity.max === 1_000_000,
      ),
      'entity offenders',
    );
    assert.ok(
      p43.tiers.some((t) => t.measures.includes('job_ban')),
      'bans from key posts',
    );
    assert.ok(p43.uncertain?.en.includes(FLK), 'uncertain, with the national laws database');
    assert.ok(duty('cii.no-attacks-on-cii').penalties.includes('cii2021:43'));
  });

  it('incident reporting: CII is a fact of the incident; each report rule names the incident facts it needs', () => {
    for (const id of ['csl.incident-report', 'csl.incident-report-central-organ']) {
      const o = duty(id);
      assert.ok(!factPaths(o.applies_when).includes('cii.operator'), `${id} does not depend on cii.operator`);
    }
    const incidentFacts = Object.keys(incidentFactsSchema.shape).map((k) => `incident.${k}`);
    const rules = catalog.obligations.filter(
      (o) => o.recurrence.kind === 'event' && o.recurrence.event_condition,
    );
    assert.deepEqual(rules.map((o) => o.id).sort(), [
      'csl.incident-report',
      'csl.incident-report-central-organ',
      'csl.incident-report-cii',
    ]);
    for (const o of rules) {
      const facts = factPaths((o.recurrence as { event_condition: Condition }).event_condition);
      assert.ok(facts.length > 0);
      for (const f of facts) assert.ok(incidentFacts.includes(f), `${o.id}: ${f} is an incident fact`);
    }
    assert.deepEqual(duty('csl.incident-report').citations.csl2015draft, ['21']);
  });

  it('data localisation binds CII operators only; real-name cites paragraph 1; CII 2021 Art 15 is cited by item where the duty is one item', () => {
    const localisation = duty('csl.cii-data-localisation');
    assert.deepEqual(factPaths(localisation.applies_when), ['cii.operator']);
    assert.deepEqual(duty('csl.real-name').citations, {
      csl2015draft: ['20/1'],
      csl2016: ['24/1'],
      csl2025: ['26/1'],
    });
    assert.deepEqual(duty('csl.cii-emergency-drills').citations.cii2021, ['15(3)']);
    assert.deepEqual(duty('csl.cii-training').citations.cii2021, ['15(5)']);
    // The security body's own duty is the whole list.
    assert.deepEqual(duty('cii.security-body-duties').citations.cii2021, ['15']);
  });

  it('reporting a major change follows 2021 Art 11: a change that may affect the identification, re-identified within 3 months', () => {
    const o = duty('cii.report-major-changes');
    assert.deepEqual(o.citations.cii2021, ['11']);
    const text = [o.summary.en, o.recurrence.kind === 'event' ? o.recurrence.trigger.en : ''].join(' ');
    assert.match(text, /may affect its identification/);
    assert.match(o.summary.en, /within 3 months/);
    // Building or shutting down a facility was the 2017 draft's trigger, not the Regulation's.
    assert.doesNotMatch(text, /built|shut down/);
    assert.doesNotMatch(
      `${o.summary.zh} ${o.recurrence.kind === 'event' ? o.recurrence.trigger.zh : ''}`,
      /新建|停运/,
    );
  });

  it('CII 2021 articles LAW-FACTS does not state are marked uncertain, pointing to the official text; the rest are not', () => {
    // Stated in LAW-FACTS sections 3-4 (item numbers within an article are not).
    const stated = new Set([13, 14, 15, 17, 18, 19, 20, 21, 39, 40, 41, 42]);
    const label = (ref: string) => {
      const [, n, para, item] = /^(\d+)(?:\/(\d+))?(?:\((\d+)\))?$/.exec(ref)!;
      return `Art ${n}${para ? ` para ${para}` : ''}${item ? ` item ${item}` : ''}`;
    };
    const bad: string[] = [];
    for (const o of catalog.obligations) {
      const refs = o.citations.cii2021 ?? [];
      const unstated = refs.filter((r) => !stated.has(articleOf(r)) || /\(\d+\)/.test(r));
      const note = o.uncertain?.en ?? '';
      if (unstated.length === 0) {
        if (/to be checked against the official text/.test(note)) bad.push(`${o.id}: stale uncertain mark`);
        continue;
      }
      for (const r of unstated)
        if (!note.includes(label(r)))
          bad.push(`${o.id}: cii2021 ${r} (${label(r)}) not named in its uncertain note`);
      if (!/to be checked against the official text/.test(note) || !note.includes(FLK))
        bad.push(`${o.id}: the note does not send the user to the official text`);
      if (!o.uncertain!.zh.includes('核对') || !o.uncertain!.zh.includes(FLK)) bad.push(`${o.id}: zh note`);
    }
    for (const p of catalog.penalties.filter((x) => x.version === 'cii2021')) {
      if (stated.has(articleOf(p.article)) && p.uncertain) bad.push(`${p.id}: stale uncertain mark`);
      if (!stated.has(articleOf(p.article)) && !p.uncertain?.en.includes(FLK))
        bad.push(`${p.id}: not marked`);
    }
    assert.deepEqual(bad, []);
  });

  it('notes speak to users: no internal files, seed texts or "our reading"; a check to make names where to make it', () => {
    const strings: { file: string; text: string }[] = [];
    const walk = (v: unknown, file: string) => {
      if (typeof v === 'string') strings.push({ file, text: v });
      else if (Array.isArray(v)) v.forEach((x) => walk(x, file));
      else if (v && typeof v === 'object') Object.values(v).forEach((x) => walk(x, file));
    };
    const dir = path.resolve(import.meta.dirname, '..', '..', 'catalog');
    const files = [
      ...fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')),
      ...fs.readdirSync(path.join(dir, 'obligations')).map((f) => `obligations/${f}`),
    ];
    for (const f of files) walk(YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f);
    const internal =
      /LAW-FACTS|\bseeds?\b|种子|our (?:own )?(?:knowledge|reading|understanding)|对条例的理解|依据对|\.yaml\b|this catalogue's default|本目录的默认|make it configurable|should be configurable|应可配置/i;
    assert.deepEqual(
      strings.filter((s) => internal.test(s.text)).map((s) => `${s.file}: ${s.text}`),
      [],
    );
    const checks = strings.filter((s) => /to be checked against/.test(s.text));
    assert.ok(checks.length >= 8);
    for (const s of checks)
      assert.match(s.text, /\(https:\/\/www\.cac\.gov\.cn\)|https:\/\/flk\.npc\.gov\.cn/, s.text);
  });
});
