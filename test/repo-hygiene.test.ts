import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/platform/config.js';

const root = path.resolve(import.meta.dirname, '..');

/** Keys, ledger files and data folders: none of them ever belongs in git. */
const forbiddenTracked =
  /(\.pem$|\.key$|(^|\/)secret\.key$|(^|\/)leaves\.bin$|(^|\/)checkpoints\.jsonl$|(^|\/)pgdata\/|^data\/)/;

const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
const inGit = tracked.status === 0;

describe('repository hygiene', () => {
  it('the pattern catches every kind of key and data file', () => {
    for (const f of [
      'secret.key',
      'ledger/ledger-key.pem',
      'ledger/leaves.bin',
      'x/checkpoints.jsonl',
      'data/wangan.lock',
      'a/pgdata/PG_VERSION',
      'tls.key',
    ])
      assert.match(f, forbiddenTracked, f);
    for (const f of ['src/platform/secrets-io.ts', 'docs/LEDGER-FORMAT.md', 'src/ledger/note.ts'])
      assert.doesNotMatch(f, forbiddenTracked, f);
  });

  it(
    'no key, ledger or data file is tracked',
    { skip: inGit ? false : 'skipped: not a git checkout' },
    () => {
      const bad = tracked.stdout.split('\0').filter((f) => f && forbiddenTracked.test(f));
      assert.deepEqual(
        bad,
        [],
        `remove these from git (git rm --cached) and keep them ignored: ${bad.join(', ')}`,
      );
    },
  );

  it('the LICENSE that package.json names is there', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { license: string };
    assert.equal(pkg.license, 'Apache-2.0');
    assert.match(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
  });

  it('an empty WANGAN_DATA means the default folder, not the working directory', () => {
    // It did: a CLI test with WANGAN_DATA='' wrote secret.key and ledger/ into the checkout.
    const config = loadConfig({}, { WANGAN_DATA: '' });
    assert.equal(config.dataDir, path.resolve('data'));
    assert.notEqual(config.dataDir, process.cwd());
  });
});
