import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { loadCatalog } from '../obligations/catalog-io.js';
import { incidentsCatalogFile, loadIncidentsCatalog } from './catalog-io.js';

const catalog = loadIncidentsCatalog();

describe('catalog/incidents.yaml', () => {
  it('fixes only the thresholds verified against the Measures; every other one is marked uncertain with a note', () => {
    const fixed = catalog.grading.rules
      .filter((r) => !r.uncertain)
      .map((r) => `${r.fact}.${r.grade}=${r.threshold}`);
    assert.deepEqual(fixed, [
      'pi_individuals.I=100000000',
      'pi_individuals.II=10000000',
      'pi_individuals.III=1000000',
      'direct_loss_rmb.I=100000000',
      'direct_loss_rmb.II=20000000',
      'direct_loss_rmb.III=5000000',
      'cii_whole_outage_hours.I=6',
      'cii_main_function_outage_hours.I=24',
    ]);
    for (const r of catalog.grading.rules.filter((x) => x.uncertain)) {
      assert.ok(
        r.note?.zh.includes('核对') && r.note.en.includes('to be checked against'),
        `${r.fact}.${r.grade}`,
      );
    }
  });

  it('has the reporting clocks of the Measures, each citing it and the CSL', () => {
    const r = catalog.reporting;
    assert.equal(r.mandatory_from, 'III');
    assert.deepEqual(
      r.initial.map((x) => [x.id, x.when, x.within]),
      [
        ['cii', 'involves_cii', 'PT1H'],
        ['central_organ', 'central_organ', 'PT2H'],
        ['other', 'otherwise', 'PT4H'],
      ],
    );
    for (const x of r.initial)
      assert.ok(x.citations.includes('measures2025:4') && x.citations.includes('csl2025:27'));
    assert.ok(r.initial[0]!.citations.includes('cii2021:18'));
    assert.equal(r.final_report.within, 'P30D');
  });

  it('names duties that exist in the obligations catalogue', () => {
    const ids = new Set(loadCatalog().obligations.map((o) => o.id));
    for (const id of [
      ...catalog.reporting.initial.map((x) => x.obligation),
      catalog.reporting.final_report.obligation,
    ])
      assert.ok(ids.has(id), id);
  });

  it('lists the ten GB/T 20986-2023 classes, and says their subclasses still need the standard', () => {
    assert.deepEqual(
      catalog.categories.list.map((c) => c.name.zh),
      [
        '恶意程序事件',
        '网络攻击事件',
        '数据安全事件',
        '信息内容安全事件',
        '设备设施故障事件',
        '违规操作事件',
        '安全隐患事件',
        '异常行为事件',
        '不可抗力事件',
        '其他事件',
      ],
    );
    assert.equal(catalog.categories.subclasses_pending, true);
  });

  it('refuses a file whose rule names a fact it does not declare, or whose thresholds rise with a lighter grade', () => {
    const raw = YAML.parse(fs.readFileSync(incidentsCatalogFile, 'utf8')) as {
      grading: { rules: { fact: string; grade: string; threshold: number }[] };
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-incidents-'));
    const write = (name: string, v: unknown) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, YAML.stringify(v));
      return f;
    };
    const unknownFact = structuredClone(raw);
    unknownFact.grading.rules.push({ fact: 'moon_phase', grade: 'II', threshold: 1 });
    assert.throws(
      () => loadIncidentsCatalog(write('a.yaml', unknownFact)),
      /a\.yaml: .*fact moon_phase is not declared/,
    );
    const upsideDown = structuredClone(raw);
    upsideDown.grading.rules.find((r) => r.fact === 'pi_individuals' && r.grade === 'III')!.threshold =
      50_000_000;
    assert.throws(
      () => loadIncidentsCatalog(write('b.yaml', upsideDown)),
      /pi_individuals: the grade II threshold \(10000000\) is below the grade III threshold \(50000000\)/,
    );
  });
});
