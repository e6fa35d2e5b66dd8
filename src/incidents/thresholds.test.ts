import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../platform/errors.js';
import { loadIncidentsCatalog } from './catalog-io.js';
import { grade } from './grading.js';
import { gradingRules, thresholdSettings, thresholdVariable, thresholdVariables } from './thresholds.js';

const catalog = loadIncidentsCatalog();

function refused(env: Record<string, string>): AppError {
  try {
    gradingRules(catalog, env);
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, 'validation_failed');
    assert.notEqual(err.messages.zh, err.messages.en);
    return err;
  }
  assert.fail('expected a refusal');
}

describe('threshold overrides from the environment', () => {
  const II = thresholdVariable('cii_whole_outage_hours', 'II');

  it('one variable per uncertain threshold, named after the fact and the grade', () => {
    assert.equal(II, 'WANGAN_INCIDENTS_THRESHOLD_CII_WHOLE_OUTAGE_HOURS_II');
    const vars = thresholdVariables(catalog);
    assert.equal(vars.length, catalog.grading.rules.filter((r) => r.uncertain).length);
    assert.ok(vars.includes(II));
    assert.ok(
      !vars.includes(thresholdVariable('pi_individuals', 'III')),
      'a fixed threshold has no variable',
    );
  });

  it('moves an uncertain boundary and says so in the grade', () => {
    const facts = { cii_whole_outage_hours: 1.5 };
    assert.equal(grade(facts, gradingRules(catalog, {})).grade, 'III');
    const changed = gradingRules(catalog, { [II]: '1.5', UNRELATED: 'x' });
    const r = grade(facts, changed);
    assert.equal(r.grade, 'II');
    assert.deepEqual(
      r.fired.map((f) => [f.rule, f.threshold, f.uncertain, f.overridden]),
      [
        ['cii_whole_outage_hours.II', 1.5, true, true],
        ['cii_whole_outage_hours.III', 0.5, true, false],
      ],
    );
    assert.deepEqual(r.overridden, [
      { rule: 'cii_whole_outage_hours.II', variable: II, threshold: 1.5, catalogThreshold: 2 },
    ]);
    // An override is reported even when its rule did not fire: it shaped the result.
    assert.equal(grade({}, changed).overridden.length, 1);
  });

  it('serves as the settings section a module reads at start', () => {
    const section = thresholdSettings(catalog);
    assert.deepEqual(section.variables, thresholdVariables(catalog));
    assert.equal(
      section.read({ [II]: '3' }).rules.find((r) => r.id === 'cii_whole_outage_hours.II')!.threshold,
      3,
    );
    assert.throws(() => section.read({ [II]: 'x' }), AppError);
  });

  it('an empty variable is unset', () => {
    assert.equal(
      gradingRules(catalog, { [II]: '' }).rules.find((r) => r.id === 'cii_whole_outage_hours.II')!.threshold,
      2,
    );
  });

  it('refuses a fixed threshold, a misspelt variable, a value that is not a number, a negative one, a fraction of a count', () => {
    let err = refused({ WANGAN_INCIDENTS_THRESHOLD_PI_INDIVIDUALS_III: '5' });
    assert.equal(err.field, 'WANGAN_INCIDENTS_THRESHOLD_PI_INDIVIDUALS_III');
    assert.match(err.messages.zh, /由《国家网络安全事件报告管理办法》明确规定，不能调整/);
    assert.match(err.messages.en, /fixed by the Incident Reporting Measures and cannot be changed/);

    err = refused({ WANGAN_INCIDENTS_THRESHOLD_CII_WHOLE_OUTAGE_HOUR_II: '1' });
    assert.equal(err.field, 'WANGAN_INCIDENTS_THRESHOLD_CII_WHOLE_OUTAGE_HOUR_II');
    assert.match(err.messages.en, /is not an incident grading threshold: check its spelling/);
    assert.match(err.messages.zh, /不对应任何事件分级阈值/);

    for (const bad of ['two', '-1', 'Infinity', ' ']) {
      err = refused({ [II]: bad });
      assert.equal(err.field, II, bad);
      assert.match(err.messages.zh, /应为不小于0的数值/);
    }
    err = refused({ [thresholdVariable('daily_services_individuals', 'III')]: '1000.5' });
    assert.match(err.messages.en, /a whole number/);
    err = refused({ [thresholdVariable('prefecture_population_share_pct', 'III')]: '101' });
    assert.match(err.messages.en, /cannot be more than 100/);
  });

  it('refuses a change that puts a lighter grade above a more serious one for the same fact', () => {
    const III = thresholdVariable('cii_whole_outage_hours', 'III');
    const err = refused({ [III]: '3' });
    assert.equal(err.field, III);
    assert.match(err.messages.en, /the grade II threshold \(2\) is below the grade III threshold \(3\)/);
    assert.match(err.messages.zh, /级别越高阈值不应越低/);
    // Both moved together is fine.
    assert.equal(
      gradingRules(catalog, { [III]: '3', [II]: '4' }).rules.find(
        (r) => r.id === 'cii_whole_outage_hours.III',
      )!.threshold,
      3,
    );
  });
});
