import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../obligations/catalog-io.js';
import { foldDeadlines } from '../obligations/deadlines.js';
import { loadRegisters } from './registers-io.js';
import { trainingShortfalls } from '../cii/training.js';
import {
  checkRegisters,
  csvExport,
  entryObligations,
  registerDeadlines,
  validateEntry,
  type CountedEntry,
  type RegisterSpec,
} from './spec.js';
import { csvLines } from './import-table.js';

const file = loadRegisters();
const spec = (id: string): RegisterSpec => file.registers.find((r) => r.id === id)!;
const specs = new Map(file.registers.map((r) => [r.id, r]));
/** The raw entries of a CSV file's rows (its errors as they are). */
const csvRows = (s: RegisterSpec, text: string) =>
  csvLines(s, text).map((l) => (l.kind === 'row' ? l.raw : l)) as Record<string, unknown>[];
const ctx = { now: new Date('2026-06-01T04:00:00Z'), refExists: () => true }; // noon, 1 June in Beijing

describe('register catalogue', () => {
  it('names only fields, registers and duties that exist, and every register serves a duty', () => {
    const ids = new Set(loadCatalog().obligations.map((o) => o.id));
    assert.deepEqual(checkRegisters(file, ids), []);
  });

  it('catches a register naming an unknown duty or field', () => {
    const broken = structuredClone(file);
    broken.registers[0]!.obligations.push('csl.no-such-duty');
    broken.registers[0]!.date_field = 'nope';
    const problems = checkRegisters(broken, new Set(loadCatalog().obligations.map((o) => o.id)));
    assert.ok(problems.some((p) => p.includes('csl.no-such-duty')));
    assert.ok(problems.some((p) => p.includes('unknown field nope')));
  });
});

describe('validateEntry', () => {
  it('keeps known fields, trims text and refuses what breaks a rule', () => {
    const data = validateEntry(
      spec('cii-dr-tests'),
      { system: '  核心数据库 ', testedOn: '2026-05-01', testType: 'restore', success: true },
      ctx,
    );
    assert.deepEqual(data, {
      system: '核心数据库',
      testedOn: '2026-05-01',
      testType: 'restore',
      success: true,
    });
    assert.throws(
      () =>
        validateEntry(
          spec('cii-dr-tests'),
          { system: 'x', testedOn: '2026-05-01', testType: 'restore', success: false },
          ctx,
        ),
      /failed test needs its issues/,
    );
    assert.throws(
      () =>
        validateEntry(
          spec('cii-dr-tests'),
          { system: 'x', testedOn: '2026-05-01', testType: 'restore', rtoTargetMinutes: 2.5, success: true },
          ctx,
        ),
      /whole number/,
    );
  });

  it('an agreement without security and confidentiality clauses is refused', () => {
    assert.throws(
      () =>
        validateEntry(
          spec('cii-supplier-agreements'),
          { supplier: 'S', scope: 'x', signedOn: '2026-01-01', confidentiality: false },
          ctx,
        ),
      /confidentiality clauses/,
    );
  });

  it('data stored abroad needs a passed assessment with reference and validity', () => {
    const base = { dataset: '用户库', category: 'personal_information', recordedOn: '2026-05-01' };
    assert.throws(
      () =>
        validateEntry(spec('cii-data-transfers'), { ...base, storage: 'abroad', route: 'not_exported' }, ctx),
      /export/,
    );
    assert.throws(
      () =>
        validateEntry(
          spec('cii-data-transfers'),
          { ...base, storage: 'mainland', route: 'security_assessment', reference: 'R1' },
          ctx,
        ),
      /validity/,
    );
    const ok = validateEntry(
      spec('cii-data-transfers'),
      {
        ...base,
        storage: 'mainland',
        route: 'security_assessment',
        reference: 'R1',
        validUntil: '2028-05-01',
      },
      ctx,
    );
    assert.deepEqual(entryObligations(spec('cii-data-transfers'), ok), [
      'csl.cii-data-localisation',
      'csl.cross-border-security-assessment',
    ]);
  });
});

describe('csvRows', () => {
  it('maps headers by name or label and converts cells by field type', () => {
    const rows = csvRows(
      spec('cii-training'),
      '\ufeff姓名,postType,Topic,trainedOn,时长（工作日）,已考核,score\n张三,关键技术岗位,应急响应,2026-05-01,1.5,是,\n李四,Staff,意识,2026-05-02,abc,maybe,88\n',
    );
    assert.deepEqual(rows[0], {
      person: '张三',
      postType: 'key_technical',
      topic: '应急响应',
      trainedOn: '2026-05-01',
      days: 1.5,
      assessed: true,
    });
    // The first cell that does not convert is the line's error, in both languages.
    assert.deepEqual(rows[1], {
      line: 3,
      kind: 'error',
      error: {
        line: 3,
        field: 'days',
        messages: {
          zh: '时长（工作日）须为数字，“abc”不是数字。',
          en: 'Length (working days) (days) must be a number: "abc" is not one.',
        },
      },
    });
  });
});

describe('csvExport', () => {
  it('quotes what needs quoting, defuses formulas, and reads back through csvRows', () => {
    const s = spec('cii-dr-tests');
    const csv = csvExport(s, [
      {
        data: {
          system: '断电, 机房"A"',
          testedOn: '2026-05-01',
          testType: 'restore',
          rtoTargetMinutes: 8,
          success: false,
          notes: '=HYPERLINK("x")',
        },
        status: 'recorded',
        recordedBy: 'li',
        recordedAt: '2026-05-01T01:00:00.000Z',
      },
    ]);
    assert.ok(
      csv.startsWith(
        '\ufeffsystem,testedOn,testType,rtoTargetMinutes,rtoAchievedMinutes,success,notes,status,recordedBy,recordedAt\r\n',
      ),
    );
    assert.ok(csv.includes('"断电, 机房""A"""'));
    assert.ok(csv.includes(`'=HYPERLINK(""x"")`));
    assert.deepEqual(csvRows(s, csv), [
      {
        system: '断电, 机房"A"',
        testedOn: '2026-05-01',
        testType: 'restore',
        rtoTargetMinutes: 8,
        success: false,
        notes: '=HYPERLINK("x")',
      },
    ]);
  });

  it('reads back exactly what it wrote: the defusing apostrophe goes, an apostrophe that is data stays', () => {
    const s = spec('cii-dr-tests');
    const values = ['=1+1', '+86 10 1234', '-5 °C', '@once', '\tindented', "'tis the season", "It's fine"];
    const csv = csvExport(
      s,
      values.map((notes) => ({
        data: {
          system: notes,
          testedOn: '2026-05-01',
          testType: 'restore',
          rtoTargetMinutes: -3,
          success: true,
          notes,
        },
        status: 'recorded',
        recordedBy: 'li',
        recordedAt: '2026-05-01T01:00:00.000Z',
      })),
    );
    assert.ok(csv.includes("'=1+1") && csv.includes("'-3"), 'formulas are defused in the file');
    const back = csvRows(s, csv);
    assert.deepEqual(
      back.map((r) => r.system),
      values,
    );
    assert.deepEqual(
      back.map((r) => r.rtoTargetMinutes),
      values.map(() => -3),
    );
  });
});

describe('registerDeadlines', () => {
  const entry = (
    register: string,
    data: Record<string, string | number | boolean>,
    seq: number,
  ): CountedEntry => ({
    id: `e${seq}`,
    register,
    data,
    obligations: ['csl.cii-supplier-agreement'],
    on: String(data.signedOn ?? data.reportedOn ?? data.notifiedOn),
    seq,
  });
  const now = new Date('2026-06-01T00:00:00Z');

  it('a renewal is on track, then due soon, then overdue; a newer agreement with the supplier closes it', () => {
    const first = entry(
      'cii-supplier-agreements',
      { supplier: 'A', signedOn: '2025-07-01', expiresOn: '2026-06-20' },
      1,
    );
    const all = new Map([['cii-supplier-agreements', [first]]]);
    const [d] = registerDeadlines(spec('cii-supplier-agreements'), all, now, 30, specs);
    assert.deepEqual([d!.due, d!.status], ['2026-06-20', 'due_soon']);
    const far = registerDeadlines(spec('cii-supplier-agreements'), all, now, 10, specs);
    assert.equal(far[0]!.status, 'on_track');
    const late = registerDeadlines(spec('cii-supplier-agreements'), all, new Date('2026-07-01'), 30, specs);
    assert.equal(late[0]!.status, 'overdue');
    const renewed = entry(
      'cii-supplier-agreements',
      { supplier: 'A', signedOn: '2026-06-15', expiresOn: '2027-06-20' },
      2,
    );
    const after = registerDeadlines(
      spec('cii-supplier-agreements'),
      new Map([['cii-supplier-agreements', [first, renewed]]]),
      new Date('2026-07-01'),
      30,
      specs,
    );
    assert.deepEqual(
      after.map((x) => [x.entryId, x.status]),
      [['e2', 'on_track']],
    );
  });

  it('the re-identification window is three calendar months from the report, kept by the authority', () => {
    const change = entry('cii-changes', { reportedOn: '2026-11-30', changedOn: '2026-11-20' }, 1);
    const [d] = registerDeadlines(spec('cii-changes'), new Map([['cii-changes', [change]]]), now, 30, specs);
    assert.deepEqual([d!.due, d!.party], ['2027-02-28', 'authority']);
    assert.deepEqual(
      [d!.dueAt, d!.startAt, d!.basis, d!.rule],
      [
        '2027-02-27T16:00:00.000Z',
        '2026-11-29T16:00:00.000Z',
        'calendar',
        { id: 'registers.cii-changes.deadlines.0', citations: ['cii2021:11'] },
      ],
      'the window runs from the report (Beijing midnight) for three months; the rule and its article named',
    );
    const folded = foldDeadlines(
      { status: 'met', lastEvidence: null, nextDue: null, reason: { zh: '', en: '' } },
      [{ ...d!, status: 'overdue' }],
    );
    assert.equal(folded.status, 'met', "the authority's lateness is not the operator's gap");
  });
});

describe('trainingShortfalls', () => {
  it('sums days per person in the year against the highest post they hold', () => {
    const p = file.training_policy;
    const rows = [
      { data: { person: 'A', postType: 'general', days: 0.5, trainedOn: '2026-01-10' } },
      { data: { person: 'A', postType: 'general', days: 0.5, trainedOn: '2026-09-10' } },
      { data: { person: 'B', postType: 'general', days: 1, trainedOn: '2026-02-01' } },
      { data: { person: 'B', postType: 'key_technical', days: 1, trainedOn: '2026-03-01' } },
      { data: { person: 'C', postType: 'general', days: 0.5, trainedOn: '2025-12-31' } },
    ];
    const r = trainingShortfalls(p, rows, 2026);
    assert.equal(r.people, 2);
    assert.deepEqual(r.shortfalls, [{ person: 'B', post: 'key_technical', required: 3, done: 2 }]);
  });
});
