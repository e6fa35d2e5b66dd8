import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../platform/errors.js';
import {
  civilDateOf,
  columnsOf,
  csvLines,
  decodeText,
  excelSerialDate,
  importLines,
} from './import-table.js';
import { loadRegisters } from './registers-io.js';
import type { RegisterSpec } from './spec.js';
import { GB18030_HEX, GB18030_TEXT } from '../../test/fixtures/gb18030.js';

const file = loadRegisters();
const spec = (id: string): RegisterSpec => file.registers.find((r) => r.id === id)!;

const refused = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    return err;
  }
  assert.fail('not refused');
};

describe('decodeText', () => {
  it('reads GB18030 bytes (Excel on Chinese Windows) as GB18030, and UTF-8 with or without its BOM as UTF-8', () => {
    // 中文 is D6D0 CEC4 in GB2312, GBK and GB18030 alike.
    assert.deepEqual(decodeText(Buffer.from('d6d0cec4', 'hex')), { text: '中文', encoding: 'gb18030' });
    assert.deepEqual(decodeText(Buffer.from(GB18030_HEX, 'hex')), {
      text: GB18030_TEXT,
      encoding: 'gb18030',
    });
    const utf8 = Buffer.from(GB18030_TEXT, 'utf8');
    assert.deepEqual(decodeText(utf8), { text: GB18030_TEXT, encoding: 'utf-8' });
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])), {
      text: GB18030_TEXT,
      encoding: 'utf-8',
    });
    assert.deepEqual(decodeText(Buffer.from('\ufeff姓名\t岗位', 'utf16le')), {
      text: '姓名\t岗位',
      encoding: 'utf-16le',
    });
  });
});

describe('civilDateOf', () => {
  it('reads the ways a spreadsheet writes a date, and Excel serials', () => {
    const cases: [unknown, string | undefined][] = [
      ['2026-11-03', '2026-11-03'],
      ['2026/11/3', '2026-11-03'],
      ['2026.11.3', '2026-11-03'],
      ['2026年11月3日', '2026-11-03'],
      ['2026 年 11 月 3 日', '2026-11-03'],
      ['20261103', '2026-11-03'],
      ['2026/11/3 0:00', '2026-11-03'],
      ['2026-11-03 14:30:00', '2026-11-03'],
      [' 2026／11／3 ', '2026-11-03'],
      [46329, '2026-11-03'],
      ['46329', '2026-11-03'],
      [46329.75, '2026-11-03'],
      [20261103, '2026-11-03'],
      [new Date(Date.UTC(2026, 10, 3)), '2026-11-03'],
      // A reader's float error just before midnight is still that day.
      [new Date(Date.UTC(2026, 10, 3) - 1), '2026-11-03'],
      ['2026-02-30', undefined],
      ['2026/13/1', undefined],
      ['2026-11/3', undefined],
      ['11/3/2026', undefined],
      // A year typed into a date column is not taken for a serial day of 1905.
      [2026, undefined],
      ['2026', undefined],
      ['', undefined],
      [null, undefined],
      [true, undefined],
    ];
    for (const [cell, want] of cases)
      assert.equal(civilDateOf(cell as never), want, `${JSON.stringify(cell)} -> ${want}`);
  });

  it('counts Excel serials from 30 December 1899', () => {
    assert.equal(excelSerialDate(43831), '2020-01-01');
    assert.equal(excelSerialDate(46023), '2026-01-01');
    assert.equal(excelSerialDate(45352), '2024-03-01', 'after a leap day');
    assert.equal(excelSerialDate(100), undefined);
  });
});

describe('columnsOf', () => {
  const s = spec('cii-training');
  const names = (header: string[]) =>
    columnsOf(s, header).map((c) => (c.kind === 'field' ? c.field.name : c.kind));

  it('takes the Chinese or English label or the field name, in any order, with or without a required mark', () => {
    assert.deepEqual(
      names(['序号', '*培训日期', 'Post', 'person', ' Topic ', '时长(工作日)', 'status', '']),
      ['marker', 'trainedOn', 'postType', 'person', 'topic', 'days', 'skip', 'blank'],
    );
  });

  it('names the unknown columns, a column given twice and the required ones missing, in both languages', () => {
    const unknown = refused(() => columnsOf(s, ['姓名', '颜色', 'colour']));
    assert.equal(unknown.messages.zh.split('。')[0], '列“颜色”、“colour”不是安全培训记录的字段');
    assert.match(unknown.messages.en, /^Columns "颜色", "colour" are not fields of cii-training\./);
    assert.deepEqual(unknown.details, { columns: ['颜色', 'colour'] });
    const twice = refused(() => columnsOf(s, ['姓名', 'person']));
    assert.match(twice.messages.zh, /“person”与另一列是同一字段/);
    const missing = refused(() => columnsOf(s, ['姓名', '培训内容']));
    assert.equal(missing.messages.zh, '缺少必填列：岗位类型、培训日期、时长（工作日）。');
    assert.match(missing.messages.en, /Post \(postType\), Trained on \(trainedOn\), Length/);
  });
});

describe('csvLines', () => {
  const s = spec('cii-training');

  it('converts by field type: choices by key or either label, yes and no in both languages', () => {
    const lines = csvLines(
      s,
      '姓名,岗位类型,培训内容,培训日期,时长（工作日）,已考核,score\n' +
        '张三,关键技术岗位,应急,2026/11/3,"1,5",是,\n' +
        '李四,key_technical,意识,2026-11-03,2,No,88\n' +
        '王五,STAFF,意识,46329,0.5,√,\n',
    );
    assert.deepEqual(
      lines.map((l) => (l.kind === 'row' ? [l.line, l.raw.postType, l.raw.trainedOn, l.raw.assessed] : l)),
      [
        [2, 'key_technical', '2026-11-03', true],
        [3, 'key_technical', '2026-11-03', false],
        [4, 'general', '2026-11-03', true],
      ],
    );
    assert.equal(lines[0]!.kind === 'row' && lines[0]!.raw.days, 15, 'a thousands comma is dropped');
  });

  it('gives the first cell that does not convert as the line error, in Chinese and English', () => {
    const [bad, choice, yesNo] = csvLines(
      s,
      'person,postType,topic,trainedOn,days,assessed\n' +
        '张三,general,应急,2026-13-40,1,\n' +
        '李四,实习生,应急,2026-11-03,1,\n' +
        '王五,general,应急,2026-11-03,1,也许\n',
    );
    assert.deepEqual(bad, {
      line: 2,
      kind: 'error',
      error: {
        line: 2,
        field: 'trainedOn',
        messages: {
          zh: '培训日期“2026-13-40”不是有效日期，请写作 2026-11-03、2026/11/3 或 2026年11月3日。',
          en: 'Trained on (trainedOn) must be a date: "2026-13-40" is not one (write 2026-11-03, 2026/11/3 or 2026年11月3日).',
        },
      },
    });
    assert.equal(
      choice!.kind === 'error' && choice!.error.messages.zh,
      '岗位类型“实习生”不是可选项，可选：一般员工、关键技术岗位。',
    );
    assert.equal(
      yesNo!.kind === 'error' && yesNo!.error.messages.zh,
      '已考核请填写“是”或“否”，“也许”无法识别。',
    );
  });

  it("skips the template's example row and rows with nothing but their number; a cell under no header is an error", () => {
    const lines = csvLines(
      s,
      '序号,姓名,岗位类型,培训内容,培训日期,时长（工作日）\n' +
        '示例,示例：姓名,一般员工,示例：培训内容,2026-04-01,1\n' +
        '1,张三,一般员工,"多行\n内容",2026-11-03,1\n' +
        '2,,,,,\n' +
        ',,,,,\n' +
        '3,李四,一般员工,应急,2026-11-03,1,多出的内容\n',
    );
    assert.deepEqual(
      lines.map((l) => [l.line, l.kind]),
      [
        [2, 'example'],
        [3, 'row'],
        [7, 'error'],
      ],
      'line numbers count the line a quoted cell breaks',
    );
    assert.match(lines[2]!.kind === 'error' ? lines[2]!.error.messages.zh : '', /第 7 行 G 列有内容/);
  });

  it('reads a tab-separated file (Excel\'s "Unicode text") and refuses a file with only a header', () => {
    const lines = importLines(s, [
      { line: 1, cells: ['姓名', '岗位类型', '培训内容', '培训日期', '时长（工作日）'] },
      { line: 2, cells: ['张三', '一般员工', '应急', new Date(Date.UTC(2026, 10, 3)), 1] },
    ]);
    assert.deepEqual(lines[0], {
      line: 2,
      kind: 'row',
      raw: { person: '张三', postType: 'general', topic: '应急', trainedOn: '2026-11-03', days: 1 },
    });
    const tabbed = csvLines(
      s,
      '姓名\t岗位类型\t培训内容\t培训日期\t时长（工作日）\n张三\t一般员工\t应急\t2026/11/3\t1\n',
    );
    assert.equal(tabbed[0]!.kind, 'row');
    assert.equal(refused(() => csvLines(s, '')).messages.zh, '文件为空。');
  });
});
