import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { createKit } from '../cli/common.js';
import { fixedClock } from '../platform/clock.js';
import { isAppError } from '../platform/errors.js';
import { bin, cli, root } from '../../test/cli-helpers.js';
import { identityCommands, type IdentityCliOptions } from './cli.js';

/** The real binary, standard input given, in the environment's language. */
function wangan(args: string[], input: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, 'identity', 'validate', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_URL: '',
      WANGAN_DATA: '/nonexistent',
      LANG: 'C',
      LC_ALL: '',
      LC_MESSAGES: '',
      ...env,
    },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** In this process, with the exit codes the CLI gives (0, 2 bad usage, 3 a value not valid). */
async function run(args: string[], opts: IdentityCliOptions = {}) {
  let stdout = '';
  let stderr = '';
  let failed = false;
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
  const program = new Command('wangan')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  identityCommands(
    program,
    createKit(io, () => (failed = true)),
    opts,
  );
  for (const c of program.commands)
    for (const s of c.commands) s.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  let code = 0;
  try {
    await program.parseAsync(['identity', 'validate', ...args], { from: 'user' });
    code = failed ? 3 : 0;
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode === 0 ? 0 : 2;
    else if (isAppError(err)) code = 2;
    else throw err;
  }
  return { code, stdout, stderr };
}
const chunks =
  (...xs: string[]) =>
  () =>
    (async function* () {
      yield* xs;
    })();

const json = (out: string) =>
  out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('wangan identity validate (the binary)', () => {
  it('reads one value per line of standard input, skips blank lines, prints the contract JSON, exits 3 when one is not valid', () => {
    const r = wangan(
      ['resident-id', '--json'],
      '11010519491231002x\n\n   \n440305900307123\r\n12345\n11010519491231002X',
    );
    assert.equal(r.code, 3, r.stderr);
    const out = json(r.stdout);
    assert.equal(out.length, 4);
    assert.deepEqual(out[0], { valid: true, normalized: '11010519491231002X', reasons: [], warnings: [] });
    assert.deepEqual(Object.keys(out[1]!), ['valid', 'normalized', 'reasons', 'warnings']);
    assert.equal(out[1]!.normalized, '440305199003071236');
    assert.deepEqual(
      (out[1]!.warnings as { code: string }[]).map((w) => w.code),
      ['legacy_15'],
    );
    assert.deepEqual(out[2], {
      valid: false,
      normalized: null,
      reasons: [
        {
          code: 'length',
          message: {
            zh: '居民身份证号码应为18位（或旧版15位），此处为5位。',
            en: 'A resident identity number has 18 characters (or 15 in the old form); this one has 5.',
          },
        },
      ],
      warnings: [],
    });
    assert.equal(out[3]!.valid, true);
    assert.equal(r.stderr, '');
  });

  it('exits 0 when every value is valid, and writes text in the environment language', () => {
    const en = wangan(['uscc'], '91350100M000100Y43\n91350100M000100Y40\n');
    assert.equal(en.code, 0, en.stderr);
    assert.deepEqual(en.stdout.trimEnd().split('\n'), [
      'valid 91350100M000100Y43',
      'valid 91350100M000100Y40: warning checksum: The check character does not match the first 17 characters. Some codes from the early pilots fail the check and are still valid: compare with the business licence.',
    ]);
    const zh = wangan(['mobile'], '12345678901\n', { LANG: 'zh_CN.UTF-8' });
    assert.equal(zh.code, 3);
    assert.equal(zh.stdout, 'invalid: prefix: 手机号码应以13至19开头。\n');
  });

  it('takes the value as an argument; an unknown kind is bad usage (2)', () => {
    const ok = wangan(['mobile', '+86 138-0013-8000', '--json'], '');
    assert.equal(ok.code, 0);
    assert.deepEqual(json(ok.stdout), [
      { valid: true, normalized: '13800138000', reasons: [], warnings: [] },
    ]);
    const bad = wangan(['passport', '123'], '');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /resident-id, uscc, mobile/);
    assert.equal(bad.stdout, '');
  });
});

describe('wangan identity validate (in process)', () => {
  it('is bad usage (2) with no value when standard input is a terminal, naming how to give one', async () => {
    const r = await run(['resident-id'], { stdinIsTTY: () => true });
    assert.equal(r.code, 2);
    const viaCli = await cli(['identity', 'validate']);
    assert.equal(viaCli.code, 2); // no kind at all
  });

  it('checks birth dates against the Beijing date of the clock', async () => {
    // 2026-12-01 17:00 UTC is already 2 December in Beijing.
    const clock = fixedClock(new Date('2026-12-01T17:00:00Z'));
    const born2Dec = '44030520261202123';
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const n =
      born2Dec + '10X98765432'.charAt([...born2Dec].reduce((a, c, i) => a + Number(c) * W[i]!, 0) % 11);
    const today = await run(['resident-id', n, '--json'], { clock });
    assert.equal(today.code, 0, today.stdout);
    clock.set(new Date('2026-12-01T15:59:00Z')); // still 1 December in Beijing
    const future = await run(['resident-id', n, '--json'], { clock });
    assert.equal(future.code, 3);
    assert.equal((json(future.stdout)[0]!.reasons as { code: string }[])[0]!.code, 'date');
  });

  it('reads values split across chunks, with a last line lacking its newline', async () => {
    const r = await run(['mobile', '--json'], { input: chunks('1380013', '8000\n\n+86 139', ' 0000 0000') });
    assert.equal(r.code, 0);
    assert.deepEqual(
      json(r.stdout).map((o) => o.normalized),
      ['13800138000', '13900000000'],
    );
    const none = await run(['mobile'], { input: chunks('') });
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '');
  });

  it('runs through the whole CLI in process (value given), with exit 3 for one not valid', async () => {
    const r = await cli(['identity', 'validate', 'uscc', '9135010', '--json']);
    assert.equal(r.code, 3);
    assert.equal((json(r.stdout)[0]!.reasons as { code: string }[])[0]!.code, 'length');
  });
});
