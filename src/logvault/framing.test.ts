import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeLine, FrameDecoder } from './framing.js';

const all = (d: FrameDecoder, chunks: Uint8Array[]) => [...chunks.flatMap((c) => d.push(c)), ...d.end()];
const octets = (msg: string) => `${Buffer.byteLength(msg)} ${msg}`;

describe('syslog stream framing (RFC 6587)', () => {
  it('LF lines, CRLF and NUL trailers, and octet-counted frames, mixed on one stream', () => {
    const d = new FrameDecoder({ maxLine: 1024 });
    const stream =
      '<34>Oct 11 22:14:15 host su: one\n' +
      '<34>Oct 11 22:14:16 host su: two\r\n' +
      octets('<165>1 2026-03-01T23:30:00.000+08:00 fw app - - - with\nnewline inside') +
      '<34>Oct 11 22:14:17 host su: three\u0000\n' +
      '\n' +
      octets('<13>1 - - - - - - last');
    assert.deepEqual(all(d, [Buffer.from(stream)]), [
      '<34>Oct 11 22:14:15 host su: one',
      '<34>Oct 11 22:14:16 host su: two',
      '<165>1 2026-03-01T23:30:00.000+08:00 fw app - - - with\nnewline inside',
      '<34>Oct 11 22:14:17 host su: three',
      '<13>1 - - - - - - last',
    ]);
  });

  it('the same lines however the stream is cut into chunks (property)', () => {
    const line = fc.stringMatching(/^<[0-9]{1,3}>[ -~\u4e00-\u4e2f]{0,60}$/);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.boolean()), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 40 }),
        (lines, cuts) => {
          const bytes = Buffer.from(lines.map(([l, counted]) => (counted ? octets(l) : `${l}\n`)).join(''));
          const chunks: Uint8Array[] = [];
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const n = cuts[i % cuts.length]!;
            chunks.push(bytes.subarray(at, at + n));
            at += n;
          }
          const got = all(new FrameDecoder({ maxLine: 4096 }), chunks);
          assert.deepEqual(
            got,
            lines.map(([l]) => l),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a sender that never frames cannot grow memory: the line is cut at maxLine and the rest skipped', () => {
    const d = new FrameDecoder({ maxLine: 100 });
    const out = [...d.push(Buffer.alloc(5000, 0x61)), ...d.push(Buffer.from('aaaa\n<13>next\n'))];
    assert.deepEqual(out, ['a'.repeat(100), '<13>next']);
    assert.equal(d.truncated, 1);
    // A count far past any line kept is read as text to LF.
    const e = new FrameDecoder({ maxLine: 100 });
    assert.deepEqual(all(e, [Buffer.from('99999999 not a frame\n')]), ['99999999 not a frame']);
  });

  it('GB18030 lines from devices in a Chinese locale are read as such; UTF-8 stays UTF-8', () => {
    const gb = Buffer.from([0xb5, 0xc7, 0xc2, 0xbc, 0xca, 0xa7, 0xb0, 0xdc]); // 登录失败 in GB18030
    assert.equal(decodeLine(gb), '登录失败');
    assert.equal(decodeLine(Buffer.from('登录失败', 'utf8')), '登录失败');
    const d = new FrameDecoder({ maxLine: 100 });
    assert.deepEqual(all(d, [Buffer.concat([Buffer.from('<13>'), gb, Buffer.from('\n')])]), ['<13>登录失败']);
  });
});
