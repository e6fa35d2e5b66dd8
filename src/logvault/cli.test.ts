import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { createKit } from '../cli/common.js';
import { fixedClock } from '../platform/clock.js';
import { isAppError, type AppError } from '../platform/errors.js';
import { bin, cli, root } from '../../test/cli-helpers.js';
import { logvaultCli } from './cli.js';

/**
 * `wangan logvault parse` in this process, on a program of its own with the
 * real kit writing to buffers, its standard input given as chunks, and the
 * exit codes the CLI gives (0, or 2 for bad options).
 */
async function run(args: string[], input: (string | Buffer)[], now = new Date('2026-03-01T15:40:00Z')) {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
  const program = new Command('wangan')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  logvaultCli(
    program,
    createKit(io, () => {}),
    {
      input: async function* () {
        yield* input;
      },
      clock: fixedClock(now),
    },
  );
  let code = 0;
  let error: AppError | undefined;
  try {
    await program.parseAsync(['logvault', 'parse', ...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode === 0 ? 0 : 2;
    else if (isAppError(err)) {
      error = err;
      code = err.status >= 500 ? 1 : 2;
    } else throw err;
  }
  return { code, stdout, stderr, error };
}

const samples = [
  "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8",
  "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
  'Mar  1 23:30:01 web01 sshd[52144]: Accepted publickey for root from 10.0.0.5 port 52144 ssh2',
  '<189>date=2026-03-01 time=23:30:01 devname="FG100" srcip=10.0.0.1 action="deny"',
  'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232',
  '<166>Mar  1 23:30:01 asa01 %ASA-6-302013: Built outbound TCP connection 1 for outside:1.2.3.4/443 (1.2.3.4/443) to inside:10.0.0.5/52144 (10.0.0.5/52144)',
  '10.0.0.1 - - [01/Mar/2026:23:30:01 +0800] "GET / HTTP/1.1" 200 612',
];
const keys = [
  'format',
  'facility',
  'severity',
  'timestamp',
  'hostname',
  'app',
  'procid',
  'msgid',
  'message',
  'fields',
];

describe('wangan logvault parse', () => {
  it('prints one JSON object per line, exactly the contract shape, times in UTC', async () => {
    const r = await run(['--json'], [`${samples.join('\n')}\n`]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, samples.length);
    for (const o of out) assert.deepEqual(Object.keys(o), keys);
    assert.deepEqual(
      out.map((o) => o.format),
      ['rfc5424', 'rfc3164', 'rfc3164', 'kv', 'cef', 'asa', 'unknown'],
    );
    assert.deepEqual(out[0], {
      format: 'rfc5424',
      facility: 4,
      severity: 2,
      timestamp: '2003-10-11T22:14:15.003Z',
      hostname: 'mymachine.example.com',
      app: 'su',
      procid: null,
      msgid: 'ID47',
      message: "'su root' failed for lonvick on /dev/pts/8",
      fields: {},
    });
    assert.equal(out[2]!.timestamp, '2026-03-01T15:30:01.000Z');
    assert.equal(out[3]!.hostname, 'FG100');
    assert.equal((out[4]!.fields as Record<string, unknown>).cef_severity, 10);
    assert.equal(out[5]!.msgid, '302013');
    assert.equal(out[6]!.timestamp, null);
  });

  it('prints a readable line per event in text mode, device time in Beijing time', async () => {
    const r = await run([], [`${samples[2]}\n${samples[6]}\n`]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0]!,
      /^2026-03-01 23:30:01 {2}rfc3164 .* web01 {2}sshd\[52144\] {2}- {2}Accepted publickey for root/,
    );
    assert.match(lines[1]!, /^- +unknown .*GET \/ HTTP\/1\.1/);
  });

  it('reads lines split across chunks, a UTF-8 character cut in two, CRLF endings, a last line without newline; skips blank lines', async () => {
    const text = '<13>Mar  1 23:30:01 h app: 登录失败\r\n\r\n\n<13>Mar  1 23:30:02 h app: 第二行';
    const bytes = Buffer.from(text, 'utf8');
    const cut = bytes.indexOf(Buffer.from('登', 'utf8')) + 1; // inside the character
    const r = await run(
      ['--json'],
      [bytes.subarray(0, cut), bytes.subarray(cut, cut + 7), bytes.subarray(cut + 7)],
    );
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { message: string });
    assert.deepEqual(
      out.map((o) => o.message),
      ['登录失败', '第二行'],
    );
  });

  it('infers a missing year from --received, and reads times without zone in --zone', async () => {
    const line = '<13>Dec 31 23:59:58 h app: m\n';
    const newYear = await run(['--json', '--received', '2026-01-01T00:00:30+08:00'], [line]);
    assert.equal(JSON.parse(newYear.stdout).timestamp, '2025-12-31T15:59:58.000Z');
    // Without --received, the time it is read (here the fixed clock, in June 2026).
    const june = await run(['--json'], [line], new Date('2026-06-01T00:00:00Z'));
    assert.equal(JSON.parse(june.stdout).timestamp, '2025-12-31T15:59:58.000Z');
    const utc = await run(['--json', '--zone', 'UTC', '--received', '2026-01-01T00:00:30Z'], [line]);
    assert.equal(JSON.parse(utc.stdout).timestamp, '2025-12-31T23:59:58.000Z');
  });

  it('refuses a zone or a receive time it cannot read, exit 2, in both languages', async () => {
    const zone = await run(['--zone', 'Mars/Olympus'], ['x\n']);
    assert.equal(zone.code, 2);
    assert.equal(zone.error?.field, 'zone');
    assert.match(zone.error!.messages.en, /Mars\/Olympus/);
    assert.match(zone.error!.messages.zh, /时区/);
    const received = await run(['--received', 'yesterday'], ['x\n']);
    assert.equal(received.code, 2);
    assert.equal(received.error?.field, 'received');
    assert.match(received.error!.messages.zh, /不是有效的时刻/);
    assert.equal(zone.stdout + received.stdout, '');
  });

  it('answers exit 2 for bad options through the wangan program', async () => {
    const r = await cli(['logvault', 'parse', '--zone', 'Nowhere/Else']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /validation_failed/);
    const unknown = await cli(['logvault', 'parse', '--frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option/);
  });

  it('reads standard input in the wangan binary and exits 0', () => {
    const r = spawnSync(
      process.execPath,
      [bin, 'logvault', 'parse', '--json', '--received', '2026-03-01T15:40:00Z'],
      {
        cwd: root,
        encoding: 'utf8',
        input: `${samples.join('\n')}\n`,
        env: { ...process.env, DATABASE_URL: '', WANGAN_DATA: '' },
        timeout: 60_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { format: string; timestamp: string | null });
    assert.equal(out.length, samples.length);
    assert.equal(out[1]!.timestamp, '2025-10-11T14:14:15.000Z');
  });
});
