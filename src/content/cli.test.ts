import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { createKit } from '../cli/common.js';
import { isAppError, type AppError } from '../platform/errors.js';
import { bin, cli, root } from '../../test/cli-helpers.js';
import { contentCli } from './cli.js';

/**
 * `wangan content screen` in this process, on a program of its own with the
 * real kit writing to buffers, standard input given as chunks, and the exit
 * codes the CLI gives (0, or 2 for bad usage and bad rule files).
 */
async function run(args: string[], input: (string | Buffer)[]) {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
  const program = new Command('wangan')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  contentCli(
    program,
    createKit(io, () => {}),
    {
      input: async function* () {
        yield* input;
      },
    },
  );
  let code = 0;
  let error: AppError | undefined;
  try {
    await program.parseAsync(['content', 'screen', ...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode === 0 ? 0 : 2;
    else if (isAppError(err)) {
      error = err;
      code = err.status >= 500 ? 1 : 2;
    } else throw err;
  }
  return { code, stdout, stderr, error };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-content-cli-'));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}
const rulesTxt = file('rules.txt', '# 示例\n刷单\tfraud\n诈骗\n赌博\tgambling\n');
const allowTxt = file('allow.txt', '反诈骗\n');
const rulesYaml = file(
  'rules.yaml',
  'rules:\n  - { pattern: 刷单, category: fraud }\n  - { pattern: 博彩, category: gambling, action: review }\nallow:\n  - 反刷单\n',
);
const demo = path.join(root, 'catalog', 'content-demo-rules.yaml');

const jsonLines = (out: string) =>
  out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { decision: string; matches: Record<string, unknown>[] });

describe('wangan content screen', () => {
  it('prints one JSON object per line, with exactly the contract keys and offsets in UTF-16 units of the line', async () => {
    const text = ['兼职刷*单日结', '反诈骗宣传：警惕诈骗', '', '😀賭 博', 'nothing here'].join('\n');
    const r = await run(['--rules', rulesTxt, '--allow', allowTxt, '--json'], [text, '\n']);
    assert.equal(r.code, 0, r.stderr);
    const out = jsonLines(r.stdout);
    assert.equal(out.length, 5);
    assert.deepEqual(out[0], {
      decision: 'review', // a plain word list holds for review (catalog word_list_action)
      matches: [{ rule: '刷单', category: 'fraud', start: 2, end: 5, text: '刷*单' }],
    });
    assert.deepEqual(out[1]!.matches, [{ rule: '诈骗', category: 'other', start: 8, end: 10, text: '诈骗' }]);
    assert.deepEqual(out[2], { decision: 'allow', matches: [] });
    assert.deepEqual(out[3]!.matches, [
      { rule: '赌博', category: 'gambling', start: 2, end: 5, text: '賭 博' },
    ]);
    assert.deepEqual(out[4], { decision: 'allow', matches: [] });
  });

  it('YAML rules take their category action from the catalogue; their own allow list applies', async () => {
    const r = await run(['--rules', rulesYaml, '--json'], ['刷单\n反刷单活动\n线上博彩\n']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      jsonLines(r.stdout).map((o) => o.decision),
      ['block', 'allow', 'review'],
    );
  });

  it('reads lines split anywhere across chunks, CRLF and a last line without newline, and prints a readable line without --json', async () => {
    const bytes = Buffer.from('刷单\r\n没有\n赌博', 'utf8');
    // Split inside a UTF-8 sequence and between CR and LF.
    const r = await run(
      ['--rules', rulesTxt],
      [bytes.subarray(0, 4), bytes.subarray(4, 7), bytes.subarray(7)],
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'review: 刷单 (fraud, review) at 0-2 "刷单"',
      'allow',
      'review: 赌博 (gambling, review) at 0-2 "赌博"',
    ]);
  });

  it('--max-gap sets the noise allowed between characters', async () => {
    const r0 = await run(['--rules', rulesTxt, '--max-gap', '0', '--json'], ['刷*单\n刷单\n']);
    assert.deepEqual(
      jsonLines(r0.stdout).map((o) => o.matches.length),
      [0, 1],
    );
    const r4 = await run(['--rules', rulesTxt, '--max-gap', '4', '--json'], ['刷****单\n']);
    assert.equal(jsonLines(r4.stdout)[0]!.matches.length, 1);
  });

  it('notes a rule that normalisation changes on stderr, keeping stdout to the contract', async () => {
    const r = await run(['--rules', file('double.txt', '谢谢\n'), '--json'], ['谢了\n']);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /"谢谢" is matched as "谢"/);
    assert.equal(jsonLines(r.stdout)[0]!.matches.length, 1);
  });

  it('exits 2 with the file and line named for a bad rules file, a bad option or an unknown format', async () => {
    const bad = await run(
      [
        '--rules',
        file('bad.yaml', 'rules:\n  - pattern: a\n    category: fraud\n  - pattern: b\n    action: delete\n'),
      ],
      [],
    );
    assert.equal(bad.code, 2);
    assert.match(bad.error!.message, /bad\.yaml: Line 4: rule 2: action/);
    assert.match(bad.error!.messages.zh, /第4行/);
    assert.deepEqual(bad.error!.details, { field: 'rules', line: 4 });
    const noise = await run(['--rules', file('noise.txt', 'ok\n*** \n')], []);
    assert.equal(noise.code, 2);
    assert.match(noise.error!.message, /Line 2: the word is only spaces, punctuation or symbols/);
    const gap = await run(['--rules', rulesTxt, '--max-gap', 'x'], []);
    assert.equal(gap.code, 2);
    assert.match(gap.error!.message, /--max-gap/);
    const ext = await run(['--rules', file('rules.csv', 'a\n')], []);
    assert.equal(ext.code, 2);
    assert.match(ext.error!.message, /\.txt, \.json, \.yaml or \.yml/);
    const missing = await run(['--rules', path.join(dir, 'nope.txt')], []);
    assert.equal(missing.code, 2);
    assert.equal(missing.error!.code, 'not_found');
    const none = await cli(['content', 'screen']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--rules/);
  });

  it('screens with the demonstration set (catalog/content-demo-rules.yaml)', async () => {
    const r = await run(
      ['--rules', demo, '--json'],
      ['点击 icbc-verify.c0m 领取\n反诈骗宣传\n网络賭博\n禁毒宣传：拒绝冰毒出售\n'],
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'the demonstration set has no rule that normalisation changes');
    const out = jsonLines(r.stdout);
    assert.deepEqual(out[0]!.matches, [
      { rule: 'icbc-verify.com', category: 'phishing', start: 3, end: 18, text: 'icbc-verify.c0m' },
    ]);
    assert.deepEqual(
      out.map((o) => o.decision),
      ['block', 'allow', 'block', 'block'],
    );
  });

  it('runs in the wangan binary on standard input, exit 0, no database', () => {
    const r = spawnSync(process.execPath, [bin, 'content', 'screen', '--rules', rulesTxt, '--json'], {
      cwd: root,
      encoding: 'utf8',
      input: '刷单\n\n',
      env: { ...process.env, DATABASE_URL: '', WANGAN_DATA: path.join(dir, 'no-data') },
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
      [
        {
          decision: 'review',
          matches: [{ rule: '刷单', category: 'fraud', start: 0, end: 2, text: '刷单' }],
        },
        { decision: 'allow', matches: [] },
      ],
    );
    assert.equal(fs.existsSync(path.join(dir, 'no-data')), false);
  });
});
