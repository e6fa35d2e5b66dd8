import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../platform/errors.js';
import { gradeRank } from './catalog-schema.js';
import { loadIncidentsCatalog } from './catalog-io.js';
import { grade, parseFacts, parseGrade } from './grading.js';
import { gradingRules } from './thresholds.js';

const catalog = loadIncidentsCatalog();
// The uncertain thresholds at their configured defaults: no override in the environment.
const rules = gradingRules(catalog, {});
const short = (facts: Record<string, unknown>) => {
  const r = grade(facts, rules);
  return { grade: r.grade, fired: r.fired.map((f) => [f.fact, f.value, f.threshold, f.grade]) };
};

function refused(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'validation_failed');
    assert.notEqual(err.messages.zh, err.messages.en);
    return err;
  }
  assert.fail('expected a refusal');
}

describe('grading: every threshold in the catalogue at, just below and just above its boundary', () => {
  it('has the rules to test (so the generated cases cannot pass empty)', () => {
    assert.ok(rules.rules.length >= 30, `${rules.rules.length} rules`);
    for (const f of rules.facts)
      assert.ok(
        rules.rules.some((r) => r.fact === f.key),
        `${f.key} has no rule`,
      );
  });

  for (const r of rules.rules) {
    const def = rules.facts.find((f) => f.key === r.fact)!;
    const step = def.integer ? 1 : 0.01;
    it(`${r.id} (${r.threshold}${r.uncertain ? ', uncertain' : ''})`, () => {
      const at = grade({ [r.fact]: r.threshold }, rules);
      const firedHere = (res: typeof at) => res.fired.find((f) => f.rule === r.id);
      assert.deepEqual(
        firedHere(at) && { value: firedHere(at)!.value, threshold: firedHere(at)!.threshold },
        { value: r.threshold, threshold: r.threshold },
        'fires at its threshold ("以上" includes the number)',
      );
      assert.equal(at.grade, r.grade, 'at the boundary the grade is the rule’s');
      assert.equal(firedHere(at)!.uncertain, r.uncertain);

      const above = grade({ [r.fact]: r.threshold + step }, rules);
      assert.ok(firedHere(above), 'fires above');
      assert.equal(above.grade, r.grade, 'just above, still the rule’s grade');

      const below = grade({ [r.fact]: r.threshold - step }, rules);
      assert.equal(firedHere(below), undefined, 'does not fire just below');
      assert.ok(
        gradeRank(below.grade) > gradeRank(r.grade),
        `just below: ${below.grade}, lighter than ${r.grade}`,
      );
    });
  }
});

describe('grading by hand', () => {
  it('grades nothing reached as 一般 (IV) with no rule fired', () => {
    assert.deepEqual(short({}), { grade: 'IV', fired: [] });
    assert.deepEqual(short({ pi_individuals: 999_999, direct_loss_rmb: 4_999_999.99 }), {
      grade: 'IV',
      fired: [],
    });
    assert.deepEqual(grade({}, rules).label, { zh: '一般', en: 'General' });
  });

  it('1,000,000 individuals leaked is 较大 (III)', () => {
    assert.deepEqual(short({ pi_individuals: 1_000_000 }), {
      grade: 'III',
      fired: [['pi_individuals', 1_000_000, 1_000_000, 'III']],
    });
    assert.deepEqual(grade({ pi_individuals: 1_000_000 }, rules).label, { zh: '较大', en: 'Significant' });
  });

  it('lists every rule that fired, the most serious first; the highest grade wins', () => {
    assert.deepEqual(short({ direct_loss_rmb: 20_000_000, cii_whole_outage_hours: 6 }), {
      grade: 'I',
      fired: [
        ['cii_whole_outage_hours', 6, 6, 'I'],
        ['direct_loss_rmb', 20_000_000, 20_000_000, 'II'],
        ['cii_whole_outage_hours', 6, 2, 'II'],
        ['direct_loss_rmb', 20_000_000, 5_000_000, 'III'],
        ['cii_whole_outage_hours', 6, 0.5, 'III'],
      ],
    });
    assert.equal(grade({ cii_main_function_outage_hours: 23.5 }, rules).grade, 'II');
    assert.equal(grade({ pi_individuals: 150_000_000 }, rules).fired.length, 3);
    assert.deepEqual(grade({ pi_individuals: 150_000_000 }, rules).label, {
      zh: '特别重大',
      en: 'Especially major',
    });
  });

  it('counts a provincial portal outage as a prefecture-level-or-higher portal outage too', () => {
    assert.deepEqual(short({ portal_outage_hours_provincial: 7 }), {
      grade: 'II',
      fired: [
        ['portal_outage_hours_prefectural', 7, 6, 'II'],
        ['portal_outage_hours_prefectural', 7, 2, 'III'],
      ],
    });
  });

  it('marks the fired rules whose threshold is uncertain', () => {
    const r = grade({ pi_individuals: 1_000_000, cii_whole_outage_hours: 0.5 }, rules);
    assert.deepEqual(
      r.fired.map((f) => [f.rule, f.uncertain, f.overridden]),
      [
        ['pi_individuals.III', false, false],
        ['cii_whole_outage_hours.III', true, false],
      ],
    );
    assert.deepEqual(r.overridden, []);
  });

  it('accepts a GB/T 20986-2023 category beside the facts', () => {
    assert.equal(
      parseFacts({ category: 'malicious_program', pi_individuals: 3 }, rules).category,
      'malicious_program',
    );
    assert.equal(grade({ category: 'data_security', pi_individuals: 10_000_000 }, rules).grade, 'II');
  });
});

describe('grading refuses bad facts, naming the field in both languages', () => {
  it('a negative count', () => {
    const err = refused(() => grade({ pi_individuals: -1 }, rules));
    assert.equal(err.field, 'pi_individuals');
    assert.match(err.messages.zh, /个人信息泄露涉及的人数.*不能为负数/);
    assert.match(err.messages.en, /\(pi_individuals\) cannot be negative, got -1/);
  });

  it('a value that is not a number, or not whole for a count, or above 100%', () => {
    let err = refused(() => grade({ direct_loss_rmb: '5000000' }, rules));
    assert.equal(err.field, 'direct_loss_rmb');
    assert.match(err.messages.zh, /应为数值/);
    assert.match(err.messages.en, /must be a number, got "5000000"/);
    err = refused(() => grade({ pi_individuals: 10.5 }, rules));
    assert.equal(err.field, 'pi_individuals');
    assert.match(err.messages.en, /a whole number/);
    err = refused(() => grade({ prefecture_population_share_pct: 120 }, rules));
    assert.equal(err.field, 'prefecture_population_share_pct');
    assert.match(err.messages.zh, /不能大于100/);
    err = refused(() => grade({ cii_whole_outage_hours: Number.NaN }, rules));
    assert.equal(err.field, 'cii_whole_outage_hours');
  });

  it('an unknown fact', () => {
    const err = refused(() => grade({ pi_people: 5 }, rules));
    assert.equal(err.field, 'pi_people');
    assert.match(err.messages.zh, /未知的事件事实“pi_people”/);
    assert.match(
      err.messages.en,
      /Unknown incident fact "pi_people"; the facts are pi_individuals, direct_loss_rmb/,
    );
  });

  it('an unknown category', () => {
    const err = refused(() => grade({ category: 'alien_invasion' }, rules));
    assert.equal(err.field, 'category');
    assert.match(err.messages.zh, /事件类别“alien_invasion”不在GB\/T 20986-2023类别目录中/);
    assert.match(
      err.messages.en,
      /not a GB\/T 20986-2023 category; one of malicious_program, network_attack/,
    );
  });

  it('facts that are not an object', () => {
    for (const bad of [null, [], 3, 'x']) assert.equal(refused(() => grade(bad, rules)).field, 'facts');
  });

  it('a grade that is not I-IV', () => {
    assert.equal(parseGrade('iii'), 'III');
    const err = refused(() => parseGrade('3', '--grade'));
    assert.equal(err.field, '--grade');
    assert.match(err.messages.zh, /I（特别重大）/);
  });
});
