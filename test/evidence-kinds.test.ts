import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RESERVED_KINDS } from '../src/ledger/raw-evidence.js';
import { loadCatalog } from '../src/obligations/catalog-io.js';
import { APPLICABLE_AGAIN, NOT_APPLICABLE } from '../src/obligations/status.js';
import { loadRegisters } from '../src/registers/registers-io.js';

describe('every kind of evidence record has a label (catalog/evidence-kinds.yaml)', () => {
  const labels = loadCatalog().evidenceKinds;
  it('the kinds the duties list, the registers record, the workspace and governance record', () => {
    const kinds = new Set<string>([
      ...loadCatalog().obligations.flatMap((o) => o.evidence.map((e) => e.kind)),
      ...loadRegisters().registers.map((r) => r.kind),
      ...RESERVED_KINDS,
      NOT_APPLICABLE,
      APPLICABLE_AGAIN,
      'mlps_grading',
      'mlps_filing',
      'mlps_assessment',
    ]);
    const missing = [...kinds].filter((k) => !labels[k]);
    assert.deepEqual(missing, [], 'kinds without a label');
    // A label is words, not the code again.
    for (const [k, l] of Object.entries(labels)) {
      assert.notEqual(l.en, k, k);
      assert.match(l.zh, /\p{Script=Han}/u, `${k}: Chinese label`);
    }
  });
});
