import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOUR, DAY } from '../platform/time.js';
import { loadIncidentsCatalog } from './catalog-io.js';
import type { IncidentRecord, ReportRow } from './store.js';
import { gradingRules } from './thresholds.js';
import { emptyDetails, incidentOpenItems, incidentView, supplementaryDue } from './view.js';

const catalog = loadIncidentsCatalog();
const rules = gradingRules(catalog, {});
/** 23:30 Beijing time on 1 March 2026 (15:30 UTC). */
const found = new Date('2026-03-01T15:30:00Z');

function record(
  over: Partial<IncidentRecord['incident']> = {},
  reports: Partial<ReportRow>[] = [],
): IncidentRecord {
  return {
    incident: {
      id: 'i1',
      ref: 'INC-2026-0001',
      title: 'ransomware',
      category: 'malicious_program',
      description: '',
      source: 'console',
      external_ref: null,
      discovered_at: found,
      occurred_at: null,
      location: '',
      involves_cii: false,
      personal_information: false,
      systems: [],
      observables: [],
      // RMB 6 million of direct loss: 较大 (III).
      facts: { direct_loss_rmb: 6_000_000 },
      details: emptyDetails,
      manual_grade: null,
      manual_reason: null,
      manual_by: null,
      manual_at: null,
      plan: null,
      status: 'open',
      handling_ended_at: null,
      content_changed_at: found,
      breach: null,
      breach_updated_by: null,
      breach_updated_at: null,
      version: 1,
      created_by: 'so',
      created_at: found,
      updated_at: found,
      ...over,
    },
    timeline: [],
    tasks: [],
    attachments: [],
    reports: reports.map((r, i) => ({
      id: `r${i}`,
      incident_id: 'i1',
      kind: 'initial',
      rule: 'other',
      recipient: 'CAC',
      channel: 'portal',
      sent_at: found,
      recorded_by: 'so',
      recorded_at: found,
      sha256: 'a'.repeat(64),
      late: false,
      ...r,
    })),
    deliveries: [],
  };
}

const at = (iso: string) => new Date(iso);
const clocksOf = (r: IncidentRecord, centralOrgan: boolean, now: Date) =>
  incidentView(r, { catalog, rules, centralOrgan, now }).clocks.map((c) => [c.rule, c.dueAt, c.status]);

/** The acceptance: a 较大 incident discovered at 23:30 Beijing time. */
const table: { name: string; cii: boolean; organ: boolean; due: [string, string][] }[] = [
  {
    name: 'ordinary: 03:30 the next day',
    cii: false,
    organ: false,
    due: [['other', '2026-03-01T19:30:00.000Z']],
  },
  { name: 'CII: 00:30', cii: true, organ: false, due: [['cii', '2026-03-01T16:30:00.000Z']] },
  {
    name: 'central organ: 01:30',
    cii: false,
    organ: true,
    due: [['central_organ', '2026-03-01T17:30:00.000Z']],
  },
  {
    name: "a central organ's CII incident: both, the 1-hour first",
    cii: true,
    organ: true,
    due: [
      ['cii', '2026-03-01T16:30:00.000Z'],
      ['central_organ', '2026-03-01T17:30:00.000Z'],
    ],
  },
];

function acceptance(zone: string) {
  describe(`the reporting clocks of a 较大 incident found 23:30 Beijing time (TZ=${zone})`, () => {
    for (const row of table)
      it(row.name, () => {
        const before = process.env.TZ;
        process.env.TZ = zone;
        try {
          const now = new Date(found.getTime() + 10 * 60_000);
          const clocks = clocksOf(record({ involves_cii: row.cii }), row.organ, now);
          assert.deepEqual(clocks, [
            ...row.due.map(([r, d]) => [r, d, 'running']),
            ['final', null, 'waiting'],
          ]);
          // Beijing 03:30 on 2 March is 19:30 UTC on 1 March, whatever the process's zone says.
          if (!row.cii && !row.organ)
            assert.equal(new Date(row.due[0]![1]).getTime() - found.getTime(), 4 * HOUR);
        } finally {
          process.env.TZ = before;
          if (before === undefined) delete process.env.TZ;
        }
      });
  });
}
acceptance('Asia/Shanghai');
acceptance('America/New_York');
acceptance('UTC');

describe('incident clocks as time passes and reports are sent', () => {
  const cases: { name: string; rec: IncidentRecord; now: Date; want: [string, string | null, string][] }[] = [
    {
      name: 'past the 4 hours, not sent: overdue',
      rec: record(),
      now: at('2026-03-01T19:31:00Z'),
      want: [
        ['other', '2026-03-01T19:30:00.000Z', 'overdue'],
        ['final', null, 'waiting'],
      ],
    },
    {
      name: 'sent within the 4 hours: sent, stopped',
      rec: record({}, [{ sent_at: at('2026-03-01T18:00:00Z') }]),
      now: at('2026-03-02T10:00:00Z'),
      want: [
        ['other', '2026-03-01T19:30:00.000Z', 'sent'],
        ['final', null, 'waiting'],
      ],
    },
    {
      name: 'sent after the 4 hours: sent late',
      rec: record({}, [{ sent_at: at('2026-03-01T20:00:00Z') }]),
      now: at('2026-03-02T10:00:00Z'),
      want: [
        ['other', '2026-03-01T19:30:00.000Z', 'sent_late'],
        ['final', null, 'waiting'],
      ],
    },
    {
      name: 'handling ended: the final report is due 30 days later',
      rec: record({ status: 'closed', handling_ended_at: at('2026-03-05T02:00:00Z') }, [
        { sent_at: at('2026-03-01T18:00:00Z') },
      ]),
      now: at('2026-03-06T00:00:00Z'),
      want: [
        ['other', '2026-03-01T19:30:00.000Z', 'sent'],
        ['final', '2026-04-04T02:00:00.000Z', 'running'],
      ],
    },
    {
      name: 'the final report not sent after 30 days: overdue',
      rec: record({ status: 'closed', handling_ended_at: at('2026-03-05T02:00:00Z') }, [
        { sent_at: at('2026-03-01T18:00:00Z') },
      ]),
      now: at('2026-04-04T02:01:00Z'),
      want: [
        ['other', '2026-03-01T19:30:00.000Z', 'sent'],
        ['final', '2026-04-04T02:00:00.000Z', 'overdue'],
      ],
    },
    {
      name: 'a general (IV) incident owes no report',
      rec: record({ facts: { direct_loss_rmb: 10 } }),
      now: at('2026-03-03T00:00:00Z'),
      want: [],
    },
    {
      name: 'a manual grade III on facts that give IV starts the clocks',
      rec: record({
        facts: {},
        manual_grade: 'III',
        manual_reason: 'important data',
        manual_by: 'so',
        manual_at: found,
      }),
      now: at('2026-03-01T16:00:00Z'),
      want: [
        ['other', '2026-03-01T19:30:00.000Z', 'running'],
        ['final', null, 'waiting'],
      ],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      assert.deepEqual(clocksOf(c.rec, false, c.now), c.want);
    });

  it('the grade shows the computed one and the manual one beside it', () => {
    const v = incidentView(
      record({
        facts: {},
        manual_grade: 'II',
        manual_reason: 'core data',
        manual_by: 'so',
        manual_at: found,
      }),
      { catalog, rules, centralOrgan: false, now: found },
    );
    assert.equal(v.grading.grade, 'II');
    assert.equal(v.grading.computed.grade, 'IV');
    assert.deepEqual(v.grading.manual, {
      grade: 'II',
      reason: 'core data',
      by: 'so',
      at: found.toISOString(),
    });
    assert.equal(v.now, found.toISOString());
  });

  it('a supplementary report is owed once the facts change after a report, until one is sent', () => {
    const sent = { sent_at: at('2026-03-01T18:00:00Z'), recorded_at: at('2026-03-01T18:05:00Z') };
    assert.equal(supplementaryDue(record({ content_changed_at: found }, [sent])), false);
    const changed = record({ content_changed_at: at('2026-03-02T01:00:00Z') }, [sent]);
    assert.equal(supplementaryDue(changed), true);
    const items = incidentOpenItems(
      changed,
      { catalog, rules, centralOrgan: false, now: at('2026-03-02T02:00:00Z') },
      30,
    );
    const supplementary = items.find((d) => d.rule.id === 'incidents.report-supplementary');
    assert.ok(supplementary, 'an open item without a date');
    assert.deepEqual(
      [supplementary.dueAt, supplementary.status, supplementary.obligations],
      [null, 'open', ['csl.incident-report']],
    );
    assert.equal(
      supplementaryDue(
        record({ content_changed_at: at('2026-03-02T01:00:00Z') }, [
          sent,
          {
            kind: 'supplementary',
            rule: null,
            sent_at: at('2026-03-02T03:00:00Z'),
            recorded_at: at('2026-03-02T03:00:00Z'),
          },
        ]),
      ),
      false,
    );
  });

  it('open items: an initial report counted in hours from discovery, the final report in days', () => {
    const running = incidentOpenItems(
      record(),
      { catalog, rules, centralOrgan: false, now: at('2026-03-01T16:00:00Z') },
      30,
    );
    assert.deepEqual(
      running.map((d) => [d.obligations, d.basis, d.startAt, d.dueAt, d.status, d.party]),
      [
        [
          ['csl.incident-report'],
          'hours',
          found.toISOString(),
          '2026-03-01T19:30:00.000Z',
          'on_track',
          'operator',
        ],
      ],
    );
    const closed = record({ status: 'closed', handling_ended_at: at('2026-03-05T02:00:00Z') }, [
      { sent_at: found },
    ]);
    const final = incidentOpenItems(
      closed,
      { catalog, rules, centralOrgan: false, now: at('2026-03-06T00:00:00Z') },
      30,
    );
    assert.deepEqual(
      final.map((d) => [d.obligations, d.basis, d.dueAt]),
      [
        [
          ['csl.incident-final-report'],
          'calendar',
          new Date(at('2026-03-05T02:00:00Z').getTime() + 30 * DAY).toISOString(),
        ],
      ],
    );
    const done = record({ status: 'closed', handling_ended_at: at('2026-03-05T02:00:00Z') }, [
      { sent_at: found },
      {
        kind: 'final',
        rule: null,
        sent_at: at('2026-03-10T00:00:00Z'),
        recorded_at: at('2026-03-10T00:00:00Z'),
      },
    ]);
    assert.deepEqual(
      incidentOpenItems(done, { catalog, rules, centralOrgan: false, now: at('2026-03-11T00:00:00Z') }, 30),
      [],
    );
  });
});
