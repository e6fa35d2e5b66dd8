import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import {
  assess,
  evaluate,
  type AssessedObligation,
  type Assessment,
  type ContractPenalty,
} from './applicability.js';
import { loadCatalog } from './catalog-io.js';
import { incidentReports, type IncidentFacts } from './incidents.js';
import { parseProfile, ProfileError } from './profile.js';
import { formatAssessment } from './report.js';

const catalog = loadCatalog();
const example = (name: string) =>
  assess(
    parseProfile(
      YAML.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'examples', name), 'utf8')),
    ),
    catalog,
  );

/** Obligations citing an article (any paragraph or item) of a version. */
function citing(a: Assessment, version: string, article: number): AssessedObligation[] {
  return a.obligations.filter((o) =>
    (o.citations[version as 'csl2025'] ?? []).some((r) => Number(/^\d+/.exec(r)![0]) === article),
  );
}

function penalty(o: AssessedObligation[], id: string): ContractPenalty {
  const p = o.flatMap((x) => x.penalties).find((x) => x.id === id);
  assert.ok(
    p,
    `penalty ${id} is attached (have: ${[...new Set(o.flatMap((x) => x.penalties.map((y) => y.id)))].join(', ')})`,
  );
  return p;
}

function tier(p: ContractPenalty, level: string) {
  const t = p.tiers.find((x) => x.level === level);
  assert.ok(t, `${p.id} has a ${level} tier`);
  return t;
}

const fixed = (min: number, max: number) => ({ min, max });

describe('applicability for the example profiles', () => {
  it('IM provider: real-name and content duties in both versions with their fines; no CII duties', () => {
    const a = example('im-provider.yaml');
    const realName = citing(a, 'csl2025', 26);
    assert.ok(realName.length > 0, 'real-name applies');
    assert.ok(
      realName.every((o) => o.citations.csl2016?.some((r) => r.startsWith('24'))),
      'cites 2016 Art 24 too',
    );
    assert.ok(
      realName.some((o) => o.because.some((b) => b.includes('instant_messaging'))),
      'because it offers instant messaging',
    );
    const p2025 = penalty(realName, 'csl2025:64');
    assert.deepEqual(tier(p2025, 'refuses_or_serious').entity, fixed(50_000, 500_000));
    assert.deepEqual(tier(p2025, 'refuses_or_serious').persons, fixed(10_000, 100_000));
    const p2016 = penalty(realName, 'csl2016:61');
    assert.deepEqual(tier(p2016, 'refuses_or_serious').entity, fixed(50_000, 500_000));

    const content = citing(a, 'csl2025', 49);
    assert.ok(
      content.length > 0 && content.every((o) => o.citations.csl2016?.some((r) => r.startsWith('47'))),
    );
    const c2025 = penalty(content, 'csl2025:69');
    assert.deepEqual(tier(c2025, 'first').entity, fixed(50_000, 500_000));
    assert.deepEqual(tier(c2025, 'refuses_or_serious').entity, fixed(500_000, 2_000_000));
    assert.deepEqual(tier(c2025, 'refuses_or_serious').persons, fixed(50_000, 200_000));
    assert.deepEqual(tier(c2025, 'especially_serious').entity, fixed(2_000_000, 10_000_000));
    assert.deepEqual(tier(c2025, 'especially_serious').persons, fixed(200_000, 1_000_000));
    assert.deepEqual(
      tier(penalty(content, 'csl2016:68'), 'refuses_or_serious').entity,
      fixed(100_000, 500_000),
    );

    const logs = citing(a, 'csl2025', 23);
    assert.ok(
      logs.some((o) => o.citations.csl2025?.includes('23(3)') && o.citations.csl2016?.includes('21(3)')),
      'log retention is its own duty',
    );
    assert.equal(citing(a, 'csl2025', 36).length, 0, 'no CII duties');
    // Hour clocks are the first report; the 30-day final summary is a separate duty.
    const report = citing(a, 'csl2025', 27).filter(
      (o) => o.recurrence.kind === 'event' && o.recurrence.deadline?.startsWith('PT'),
    );
    assert.ok(
      citing(a, 'csl2025', 27).some((o) => o.recurrence.deadline === 'P30D'),
      'the final report within 30 days',
    );
    assert.deepEqual(
      [...new Set(report.map((o) => o.recurrence.deadline))],
      ['PT4H'],
      'a provincial CAC report within 4 hours',
    );
    assert.equal(a.exposure.find((e) => e.version === 'csl2025')?.max_entity, 10_000_000);
  });

  it('CII operator in energy: CII duties with the CIIO tiers in both versions, yearly assessment, one-hour report', () => {
    const a = example('cii-energy.yaml');
    const body = citing(a, 'csl2025', 36);
    assert.ok(body.length >= 3, 'security body, training, backup, drills');
    assert.ok(body.every((o) => o.citations.csl2016?.some((r) => r.startsWith('34'))));
    const p = penalty(body, 'csl2025:61/2');
    assert.deepEqual(tier(p, 'first').entity, fixed(50_000, 100_000));
    assert.deepEqual(tier(p, 'refuses_or_serious').entity, fixed(100_000, 1_000_000));
    assert.deepEqual(tier(p, 'refuses_or_serious').persons, fixed(10_000, 100_000));
    assert.deepEqual(tier(p, 'serious_consequences').entity, fixed(500_000, 2_000_000));
    assert.deepEqual(tier(p, 'especially_serious').entity, fixed(2_000_000, 10_000_000));
    const old = penalty(body, 'csl2016:59/2');
    assert.deepEqual(tier(old, 'refuses_or_serious').entity, fixed(100_000, 1_000_000));

    const yearly = citing(a, 'csl2025', 40);
    assert.ok(
      yearly.some(
        (o) =>
          o.recurrence.kind === 'periodic' &&
          o.recurrence.period === 'P1Y' &&
          o.citations.csl2016?.includes('38'),
      ),
    );
    assert.ok(
      yearly.some((o) => (o.citations.cii2021 ?? []).includes('17')),
      'CII Regulation 2021 Art 17',
    );
    const procurement = citing(a, 'csl2025', 37);
    const p67 = penalty(procurement, 'csl2025:67');
    assert.deepEqual(p67.tiers[0]!.entity, { multipleOf: 'purchase_amount', min: 1, max: 10 });
    const report = citing(a, 'csl2025', 27).filter((o) => o.recurrence.deadline);
    assert.ok(
      report.some((o) => o.recurrence.deadline === 'PT1H'),
      'CII incidents are reported within one hour',
    );
    assert.equal(citing(a, 'csl2025', 26).length, 0, 'no real-name duty without such services');
  });

  it('router maker: certification of critical equipment (new 2025 fine) and product security', () => {
    const a = example('router-maker.yaml');
    const cert = citing(a, 'csl2025', 25);
    assert.ok(cert.length > 0 && cert.every((o) => o.citations.csl2016?.some((r) => r.startsWith('23'))));
    const p63 = penalty(cert, 'csl2025:63');
    assert.ok(
      p63.tiers.some(
        (t) => t.entity && 'min' in t.entity && t.entity.min === 20_000 && t.entity.max === 100_000,
      ),
    );
    assert.ok(
      p63.tiers.some(
        (t) =>
          t.entity &&
          'multipleOf' in t.entity &&
          t.entity.multipleOf === 'illegal_gains' &&
          t.entity.max === 5,
      ),
    );
    const product = citing(a, 'csl2025', 24);
    assert.ok(product.length >= 2, 'no malware; remedy and report flaws; maintenance');
    const p62 = penalty(product, 'csl2025:62');
    assert.deepEqual(tier(p62, 'refuses_or_serious').entity, fixed(50_000, 500_000));
    assert.deepEqual(tier(p62, 'refuses_or_serious').persons, fixed(10_000, 100_000));
    assert.ok(
      a.amendment_2025.some((c) => cert.some((o) => o.id === c.obligation)),
      'the amendment section names the new certification fine',
    );
  });

  it('app store: the duties of app stores and e-message senders cite 2016 Art 48 and 2025 Art 50', () => {
    const a = example('app-store.yaml');
    const stores = citing(a, 'csl2025', 50);
    assert.ok(stores.length > 0 && stores.every((o) => o.citations.csl2016?.some((r) => r.startsWith('48'))));
    assert.ok(stores.some((o) => o.because.some((b) => /app_distribution|electronic_messaging/.test(b))));
    assert.ok(stores.flatMap((o) => o.penalties).some((p) => p.id === 'csl2025:69' || p.id === 'csl2025:62'));
    assert.ok(citing(a, 'csl2025', 26).length > 0, 'information publishing brings real-name duties');
  });

  it('central-government portal: reports within two hours, not four', () => {
    const a = example('central-portal.yaml');
    const deadlines = citing(a, 'csl2025', 27)
      .map((o) => o.recurrence.deadline)
      .filter((d) => d?.startsWith('PT'));
    assert.ok(deadlines.includes('PT2H'));
    assert.ok(!deadlines.includes('PT4H') && !deadlines.includes('PT1H'));
  });

  it('a profile with an unknown key is refused naming the key', () => {
    assert.throws(
      () => parseProfile({ name: 'x', servises: ['instant_messaging'], cii: { operater: true } }),
      (e: unknown) => e instanceof ProfileError && /servises/.test(e.message) && /operater/.test(e.message),
    );
    assert.throws(
      () => parseProfile({ services: [] }),
      (e: unknown) => e instanceof ProfileError && /name/.test(e.message),
    );
  });

  it('conditions explain themselves', () => {
    const p = parseProfile({
      name: 'x',
      services: ['cloud_services'],
      personal_information: { individuals: 2_000_000 },
    });
    assert.deepEqual(evaluate({ fact: 'services', includes: 'cloud_services' }, p).because, [
      'services includes cloud_services',
    ]);
    assert.equal(evaluate({ fact: 'personal_information.individuals', gte: 1_000_000 }, p).holds, true);
    assert.equal(evaluate({ not: { fact: 'cii.operator' } }, p).holds, true);
    assert.equal(evaluate({ all: [{ fact: 'network_operator' }, { fact: 'cii.operator' }] }, p).holds, false);
  });
});

describe('incident reports: which rules an incident triggers', () => {
  const reports = (profile: Parameters<typeof parseProfile>[0], incident: IncidentFacts) => {
    const p = parseProfile(profile);
    return incidentReports(assess(p, catalog), p, incident)
      .map((r) => `${r.obligation} ${r.deadline}`)
      .sort();
  };
  const energy = YAML.parse(
    fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'examples', 'cii-energy.yaml'), 'utf8'),
  );

  it("a CII operator's incident on a system that is not CII follows the 4-hour rule; one that involves CII, the 1-hour rule", () => {
    assert.deepEqual(reports(energy, { involves_cii: false, grade: 3 }), ['csl.incident-report PT4H']);
    assert.deepEqual(reports(energy, { involves_cii: true, grade: 2 }), ['csl.incident-report-cii PT1H']);
    assert.deepEqual(reports(energy, { involves_cii: true, grade: 4 }), [], 'grade IV need not be reported');
  });

  it("a central organ's incident that involves CII owes the 1-hour report and the 2-hour one", () => {
    const organ = { name: 'ministry', central_state_organ: true, cii: { operator: true } };
    assert.deepEqual(reports(organ, { involves_cii: true, grade: 3 }), [
      'csl.incident-report-central-organ PT2H',
      'csl.incident-report-cii PT1H',
    ]);
    assert.deepEqual(reports(organ, { involves_cii: false, grade: 1 }), [
      'csl.incident-report-central-organ PT2H',
    ]);
    assert.deepEqual(reports({ name: 'shop' }, { involves_cii: false, grade: 3 }), [
      'csl.incident-report PT4H',
    ]);
  });

  it('the assessment shows each reporting duty with the incidents it covers', () => {
    const a = example('cii-energy.yaml');
    const four = a.obligations.find((o) => o.id === 'csl.incident-report');
    assert.ok(four, 'a CII operator keeps the 4-hour duty for its other systems');
    assert.deepEqual(four.recurrence.event_condition, {
      all: [{ not: { fact: 'incident.involves_cii' } }, { fact: 'incident.grade', lt: 4 }],
    });
    assert.match(
      formatAssessment(a, 'text'),
      /within PT4H, where not incident\.involves_cii and incident\.grade < 4/,
    );
  });
});

describe('CII penalties and duties as corrected', () => {
  it('CII 2021 Arts 39 and 40 fine only the person in charge: shown so, and no other staff are exposed by them', () => {
    const a = example('cii-energy.yaml');
    const p39 = penalty(a.obligations, 'cii2021:39');
    assert.equal(tier(p39, 'refuses_or_serious').persons_scope, 'person_in_charge');
    assert.match(
      formatAssessment(a, 'text'),
      /CII Reg\. 2021 Art 39: first: order_to_correct, warning \| refuses_or_serious: entity 100k-1M: person in charge 10k-100k/,
    );
    // Duties fined only under Arts 39 and 40: the person in charge is exposed, other staff are not.
    const only = assess(parseProfile({ name: 'x', cii: { operator: true } }), {
      penalties: catalog.penalties,
      obligations: catalog.obligations.filter((o) =>
        ['cii.principal-responsibility', 'cii.major-threat-report'].includes(o.id),
      ),
    });
    const cii = only.exposure.find((e) => e.version === 'cii2021');
    assert.deepEqual([cii?.max_persons, cii?.max_other_staff], [100_000, 0]);
    assert.match(formatAssessment(only, 'text'), /CII Reg\. 2021: 1,000,000 \/ 100,000 \/ 0 RMB/);
    // Art 41 fines the responsible persons: they are exposed again.
    const e = example('cii-energy.yaml').exposure.find((x) => x.version === 'cii2021');
    assert.ok(e && e.max_other_staff >= 100_000);
  });

  it('attacks on CII carry the 2021 Regulation Art 43 penalty, for everyone', () => {
    const a = example('im-provider.yaml');
    const attacks = a.obligations.filter((o) => o.id === 'cii.no-attacks-on-cii');
    const p43 = penalty(attacks, 'cii2021:43');
    assert.ok(p43.uncertain, 'marked uncertain');
    assert.ok(p43.tiers.some((t) => t.measures.includes('job_ban')));
  });

  it('data localisation binds identified CII operators, not operators that joined the CII regime voluntarily', () => {
    const ids = (cii: object) =>
      assess(parseProfile({ name: 'x', cii }), catalog).obligations.map((o) => o.id);
    assert.ok(ids({ operator: true }).includes('csl.cii-data-localisation'));
    const voluntary = ids({ voluntary: true });
    assert.ok(!voluntary.includes('csl.cii-data-localisation'));
    assert.ok(voluntary.includes('csl.cii-annual-assessment'), 'other CII duties still apply to them');
  });

  it('the 2017 CII draft and the 2015 CSL draft are never counted as fines at stake', () => {
    const a = example('cii-energy.yaml');
    assert.ok(
      a.obligations.some((o) => !o.draft_only && o.penalties.some((p) => p.version === 'cii2017')),
      'binding duties still show what the draft would have fined',
    );
    assert.deepEqual(
      a.exposure.map((e) => e.version),
      ['csl2025', 'csl2016', 'cii2021'],
    );
    assert.match(formatAssessment(a, 'text'), /CII Reg\. 2017 draft Art 45 \(draft, never in force\)/);
  });
});
