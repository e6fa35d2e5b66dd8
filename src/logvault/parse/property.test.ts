import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { eventFormats, parseLine, parseLineStrict, type ParsedEvent } from './index.js';

/**
 * Property tests: whatever a device (or an attacker) sends, the parser
 * answers one event, never throws (the strict parser, without the safety
 * net), keeps the message text of the line, and takes time linear in the
 * line's length.
 */
const receivedAt = new Date('2026-03-01T15:40:00Z');
const ctx = { receivedAt };

function wellFormed(line: string, e: ParsedEvent): void {
  assert.ok((eventFormats as readonly string[]).includes(e.format));
  assert.ok(e.facility === null || (Number.isInteger(e.facility) && e.facility >= 0 && e.facility <= 23));
  assert.ok(e.severity === null || (Number.isInteger(e.severity) && e.severity >= 0 && e.severity <= 7));
  assert.ok(e.timestamp === null || !Number.isNaN(e.timestamp.getTime()));
  assert.equal(typeof e.message, 'string');
  // Nothing of the message is invented: it is the line's own text.
  assert.ok(line.includes(e.message));
  JSON.stringify(e);
}

// Pieces of the grammars, so the generated lines reach deep into every parser.
const piece = fc.constantFrom(
  '<13>',
  '<165>',
  '<0>',
  '<191>',
  '<',
  '>',
  '1 ',
  ' ',
  '  ',
  '-',
  '[',
  ']',
  '"',
  '\\',
  '=',
  '|',
  ':',
  ': ',
  'CEF:',
  'CEF:0|',
  '%ASA-6-302013: ',
  '%ASA-',
  'Built outbound TCP connection 1 for ',
  'outside:1.2.3.4/5',
  'Oct 11 22:14:15 ',
  'Feb 29 ',
  'Mar  1 ',
  '2026 ',
  '23:30:01',
  '.123',
  '2003-10-11T22:14:15.003Z ',
  '2026-03-01T23:30:01+08:00',
  'date=2026-03-01 ',
  'time=23:30:01 ',
  'tz="+0800" ',
  'a=',
  'key="v a l" ',
  'sshd[42]: ',
  '[x@1 a="b"]',
  '\uFEFF',
  '\u0000',
  '\r',
  '\n',
  '中文',
  '\uD83D\uDE00',
  '\uD800',
);
const grammarLine = fc.array(piece, { maxLength: 40 }).map((ps) => ps.join(''));

describe('parsing any line', () => {
  it('never throws and answers a well-formed event, for arbitrary unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (line) => {
        wellFormed(line, parseLineStrict(line, ctx));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on lines built from the grammars’ own pieces', () => {
    fc.assert(
      fc.property(grammarLine, fc.constantFrom('Asia/Shanghai', 'UTC', 'America/New_York'), (line, zone) => {
        wellFormed(line, parseLineStrict(line, { receivedAt, sourceZone: zone }));
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws for any receive time', () => {
    fc.assert(
      fc.property(
        grammarLine,
        fc.date({
          min: new Date('1970-01-02T00:00:00Z'),
          max: new Date('2200-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (line, at) => wellFormed(line, parseLineStrict(line, { receivedAt: at })),
      ),
      { numRuns: 1000 },
    );
  });
});

describe('what the parsers read back', () => {
  // Printable text that is not a space at either end (values with spaces inside are fine).
  const text = fc
    .string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', ']', '=', '|', '中', '\u00e9', '-'),
      minLength: 1,
      maxLength: 20,
    })
    .filter((s) => s.trim() === s);
  const name = fc.string({ unit: fc.constantFrom('a', 'b', 'X', '1', '_', '.'), minLength: 1, maxLength: 8 });

  it('RFC 5424: any structured data, escaped as the RFC says, comes back as it was', () => {
    const sdEscape = (v: string) => v.replace(/[\\"\]]/g, (c) => `\\${c}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.tuple(name, fc.uniqueArray(fc.tuple(name, text), { selector: (p) => p[0], maxLength: 4 })),
          {
            selector: (e) => e[0],
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.string({ maxLength: 30 }),
        (elements, msg) => {
          const sd = elements
            .map(([id, params]) => `[${id}@1${params.map(([k, v]) => ` ${k}="${sdEscape(v)}"`).join('')}]`)
            .join('');
          const line = `<13>1 2026-03-01T15:30:01Z host app 1 ID1 ${sd} ${msg}`;
          const e = parseLineStrict(line, ctx);
          const expected = Object.fromEntries(
            elements.map(([id, params]) => [`${id}@1`, Object.fromEntries(params)]),
          );
          // The message may itself be a device format (then its fields join the structured data).
          for (const id of Object.keys(expected)) assert.deepEqual(e.fields[id], expected[id]);
          assert.equal(e.hostname, 'host');
          if (e.format === 'rfc5424') assert.equal(e.message, msg.replace(/[\r\n\0]+$/, ''));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('key=value: quoted values with spaces, quotes and backslashes come back as they were', () => {
    const kvEscape = (v: string) => v.replace(/[\\"]/g, (c) => `\\${c}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, text), { selector: (p) => p[0], minLength: 2, maxLength: 8 }),
        (pairs) => {
          const line = pairs.map(([k, v]) => `${k}="${kvEscape(v)}"`).join(' ');
          const e = parseLineStrict(line, ctx);
          assert.equal(e.format, 'kv');
          assert.deepEqual(e.fields, Object.fromEntries(pairs));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('CEF: extension values escaped with \\= and \\\\ come back as they were', () => {
    const cefEscape = (v: string) => v.replace(/[\\=]/g, (c) => `\\${c}`);
    const value = text.filter((v) => !v.includes(' ') || !/ [A-Za-z0-9_.-]+=/.test(v));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, value), { selector: (p) => p[0], minLength: 1, maxLength: 6 }),
        (pairs) => {
          const line = `CEF:0|Vendor|Product|1.0|100|Name|5|${pairs.map(([k, v]) => `${k}=${cefEscape(v)}`).join(' ')}`;
          const e = parseLineStrict(line, ctx);
          assert.equal(e.format, 'cef');
          for (const [k, v] of pairs) assert.equal(e.fields[k], v, k);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('RFC 3164: a BSD timestamp within half a year of the receive time comes back to the second, year inferred', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2001-01-01T00:00:00Z'),
          max: new Date('2099-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -180 * 86_400, max: 180 * 86_400 }),
        fc.constantFrom('Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York'),
        (at, offsetSeconds, zone) => {
          const sent = new Date(Math.floor(at.getTime() / 1000) * 1000 + offsetSeconds * 1000);
          const parts = Object.fromEntries(
            new Intl.DateTimeFormat('en-US', {
              timeZone: zone,
              hourCycle: 'h23',
              month: 'numeric',
              day: 'numeric',
              hour: 'numeric',
              minute: 'numeric',
              second: 'numeric',
            })
              .formatToParts(sent)
              .map((p) => [p.type, Number(p.value)]),
          );
          const stamp = `${months[parts.month! - 1]} ${String(parts.day).padStart(2, ' ')} ${two(parts.hour!)}:${two(parts.minute!)}:${two(parts.second!)}`;
          const e = parseLineStrict(`<13>${stamp} host app: m`, { receivedAt: at, sourceZone: zone });
          // A wall time that happens twice (clocks set back) may read as the other hour.
          const got = e.timestamp?.getTime() ?? Number.NaN;
          assert.ok(
            got === sent.getTime() || Math.abs(got - sent.getTime()) === 3_600_000,
            `${stamp} ${zone}`,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('linear time on hostile lines', () => {
  const MiB = 1 << 20;
  const fill = (head: string, unit: string, size: number) =>
    head + unit.repeat(Math.ceil((size - head.length) / unit.length));
  const shapes: [string, string][] = [
    ['', '='],
    ['', '|'],
    ['', '"'],
    ['', '\\'],
    ['', 'a'],
    ['', ' '],
    ['CEF:', '|'],
    ['CEF:0|a|b|c|d|e|5|', '='],
    ['CEF:0|a|b|c|d|e|5|', 'a='],
    ['CEF:0|a|b|c|d|e|5|', 'k=v '],
    ['CEF:0|a|b|c|d|e|5|', '\\'],
    ['', 'a=b '],
    ['', 'a="'],
    ['a=b c="', 'x'],
    ['<13>1 - h a - - ', '[x@1 a="b"]'],
    ['<13>1 - h a - - [x@1 a="', '\\"'],
    ['<13>1 - h a - - [', 'x'],
    ['<13>Oct 11 22:14:15 ', 'x'],
    ['<13>Oct 11 22:14:15 h ', 'a'],
    ['<13>', '['],
    ['%ASA-6-302013: ', 'Built '],
    ['<13>', 'Oct 11 '],
  ];

  const best = (line: string) => {
    let t = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      parseLine(line, ctx);
      t = Math.min(t, performance.now() - t0);
    }
    return t;
  };

  it('parses 1 MiB lines of repeated =, |, ", backslashes and format pieces in time linear in their length', () => {
    for (const [head, unit] of shapes) {
      const small = fill(head, unit, MiB / 8);
      const large = fill(head, unit, MiB);
      wellFormed(large, parseLineStrict(large, ctx));
      const tSmall = best(small);
      const tLarge = best(large);
      // Eight times the length: linear is ~8x, quadratic 64x. Small lines are noisy, hence the floor.
      assert.ok(
        tLarge < Math.max(tSmall, 5) * 24,
        `${JSON.stringify(head + unit)}: ${tSmall.toFixed(1)} ms -> ${tLarge.toFixed(1)} ms`,
      );
      assert.ok(tLarge < 1000, `${JSON.stringify(head + unit)}: 1 MiB in ${tLarge.toFixed(0)} ms`);
    }
  });
});
