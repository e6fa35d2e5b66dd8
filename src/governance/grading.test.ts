import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { conclusion, configuredMatrix, grade, harms, mlpsFile, objects } from './grading.js';

const data = mlpsFile.parse(
  YAML.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'catalog', 'mlps.yaml'), 'utf8')),
);

// GB/T 22240-2020 (LAW-FACTS section 6), row by row.
const expected: Record<string, number[]> = {
  citizens: [1, 2, 2],
  social_order: [2, 3, 4],
  national_security: [3, 4, 5],
};

describe('MLPS grading', () => {
  it('gives the level of the matrix for every cell', () => {
    for (const o of objects) {
      harms.forEach((h, i) => {
        const g = grade(
          {
            businessInformation: { object: o, harm: h },
            systemService: { object: 'citizens', harm: 'general' },
          },
          data,
        );
        assert.equal(g.level, expected[o]![i], `${o} x ${h}`);
      });
    }
  });

  it('takes the higher of business information and system service', () => {
    const g = grade(
      {
        businessInformation: { object: 'citizens', harm: 'serious' },
        systemService: { object: 'social_order', harm: 'serious' },
      },
      data,
    );
    assert.deepEqual([g.businessInformationLevel, g.systemServiceLevel, g.level], [2, 3, 3]);
  });

  it('shows the uncertain cell as such, and lets it be configured within its alternatives only', () => {
    const input = {
      businessInformation: { object: 'citizens' as const, harm: 'especially_serious' as const },
      systemService: { object: 'citizens' as const, harm: 'general' as const },
    };
    const g = grade(input, data);
    assert.equal(g.level, 2);
    assert.deepEqual(
      g.uncertain.map((u) => [u.used, u.alternatives]),
      [[2, [2, 3]]],
    );
    assert.equal(grade(input, data, configuredMatrix(data, { 'citizens.especially_serious': 3 })).level, 3);
    assert.throws(() => configuredMatrix(data, { 'citizens.especially_serious': 5 }), /2 or 3/);
    assert.throws(() => configuredMatrix(data, { 'social_order.general': 3 }), /not a configurable cell/);
    assert.deepEqual(
      grade(
        {
          businessInformation: { object: 'social_order', harm: 'serious' },
          systemService: { object: 'social_order', harm: 'general' },
        },
        data,
      ).uncertain,
      [],
    );
  });

  it('concludes an assessment from its score; any high risk is poor', () => {
    assert.equal(conclusion(92, false, data), 'excellent');
    assert.equal(conclusion(85, false, data), 'good');
    assert.equal(conclusion(70, false, data), 'fair');
    assert.equal(conclusion(69.9, false, data), 'poor');
    assert.equal(conclusion(95, true, data), 'poor');
  });
});
