import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveStatus, type EvidenceFact } from './status.js';

const settings = { dueSoonDays: 30, continuousReview: 'P1Y' };
const yearly = { kind: 'periodic' as const, period: 'P1Y' };
const ev = (kind: string, at: string): EvidenceFact => ({ id: at, kind, occurredAt: new Date(at) });

describe('derived obligation status', () => {
  it("a follow-up (a report filed later) is evidence but does not restart the period's clock", () => {
    const work = ev('cii_annual_assessment', '2026-03-01T00:00:00Z');
    const report = ev('cii_annual_assessment_completed', '2026-03-25T00:00:00Z');
    const d = deriveStatus(yearly, [work, report], new Date('2026-04-01T00:00:00Z'), settings);
    assert.equal(d.status, 'met');
    assert.equal(d.nextDue?.toISOString(), '2027-03-01T00:00:00.000Z');
    const alone = deriveStatus(yearly, [report], new Date('2026-04-01T00:00:00Z'), settings);
    assert.equal(alone.nextDue?.toISOString(), '2027-03-25T00:00:00.000Z', 'with nothing else, it counts');
  });

  it('moves from missing to met when evidence is recorded, then due soon and overdue as it ages (fake clock)', () => {
    const assessment = ev('assessment', '2026-03-01T02:00:00Z');
    assert.equal(deriveStatus(yearly, [], new Date('2026-03-01T00:00:00Z'), settings).status, 'missing');
    assert.equal(
      deriveStatus(yearly, [assessment], new Date('2026-03-02T00:00:00Z'), settings).status,
      'met',
    );
    const soon = deriveStatus(yearly, [assessment], new Date('2027-02-10T00:00:00Z'), settings);
    assert.equal(soon.status, 'due_soon');
    assert.equal(soon.nextDue?.toISOString(), '2027-03-01T02:00:00.000Z');
    assert.equal(
      deriveStatus(yearly, [assessment], new Date('2027-03-02T00:00:00Z'), settings).status,
      'overdue',
    );
    assert.equal(
      deriveStatus(
        yearly,
        [assessment, ev('assessment', '2027-03-05T00:00:00Z')],
        new Date('2027-03-06T00:00:00Z'),
        settings,
      ).status,
      'met',
    );
  });

  it('not applicable is a recorded decision that a later decision can undo', () => {
    const na = ev('not_applicable', '2026-05-01T00:00:00Z');
    assert.equal(
      deriveStatus(yearly, [na], new Date('2026-06-01T00:00:00Z'), settings).status,
      'not_applicable',
    );
    const back = ev('applicable_again', '2026-07-01T00:00:00Z');
    assert.equal(
      deriveStatus(yearly, [na, back], new Date('2026-07-02T00:00:00Z'), settings).status,
      'missing',
    );
  });

  it('continuous duties need fresh evidence; one-off and event duties need evidence once', () => {
    const cont = { kind: 'continuous' as const };
    assert.equal(
      deriveStatus(cont, [ev('record', '2025-01-01T00:00:00Z')], new Date('2026-06-01T00:00:00Z'), settings)
        .status,
      'overdue',
    );
    assert.equal(
      deriveStatus(
        { kind: 'event', deadline: 'PT4H' },
        [ev('document', '2020-01-01T00:00:00Z')],
        new Date('2026-06-01T00:00:00Z'),
        settings,
      ).status,
      'met',
    );
    assert.equal(deriveStatus({ kind: 'once' }, [], new Date(), settings).status, 'missing');
  });

  it('says why in both languages, the period in words', () => {
    const assessment = ev('assessment', '2026-03-01T02:00:00Z');
    const at = (iso: string) => deriveStatus(yearly, [assessment], new Date(iso), settings).reason;
    assert.deepEqual(deriveStatus(yearly, [], new Date('2026-03-01T00:00:00Z'), settings).reason, {
      en: 'no evidence yet',
      zh: '尚无证据',
    });
    assert.deepEqual(at('2026-03-02T00:00:00Z'), { en: 'fresh evidence on record', zh: '证据在有效期内' });
    assert.deepEqual(at('2027-02-28T00:00:00Z'), {
      en: 'renewal due within 30 days',
      zh: '30天内需要更新证据',
    });
    assert.deepEqual(at('2027-03-02T00:00:00Z'), {
      en: 'the last evidence is older than 1 year',
      zh: '最近一次证据已超过1年',
    });
  });
});
