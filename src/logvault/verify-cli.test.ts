import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { events, MARCH_1, testIdentity, tmpDir } from '../../test/logvault-helpers.js';
import { createKit } from '../cli/common.js';
import type { CliKit } from '../platform/cli-kit.js';
import type { Services } from '../platform/module.js';
import { DAY, HOUR } from '../platform/time.js';
import type { DaySeal } from './segment-format.js';
import { LogVault } from './vault-io.js';
import { logvaultVerifyCli } from './verify-cli.js';

/** A data folder whose vault holds two Beijing days, the first sealed. */
async function dataFolder(): Promise<{ data: string; seal: DaySeal }> {
  const data = tmpDir();
  const vault = await LogVault.open(path.join(data, 'logvault'), {
    identity: testIdentity(),
    clock: () => new Date(MARCH_1 + 2 * DAY + HOUR),
  });
  await vault.append(events(50, MARCH_1 + HOUR));
  await vault.append(events(50, MARCH_1 + DAY + HOUR));
  const seal = await vault.sealDay('2026-03-01');
  await vault.close();
  return { data, seal };
}

/** Runs `logvault verify ARGS` with the CLI's kit; the seals the "database" holds are `recorded`. */
async function run(args: string[], recorded?: DaySeal[]) {
  let out = '';
  let failed = 0;
  const real = createKit({ out: (t) => void (out += t), err: () => {} }, () => failed++);
  const kit: CliKit = {
    ...real,
    withServices: async (_config, _purpose, fn) =>
      fn({ logvault: { recordedSeals: async () => recorded } } as unknown as Services, undefined as never),
  };
  const program = new Command().exitOverride();
  logvaultVerifyCli(program, kit);
  await program.parseAsync(['logvault', 'verify', ...args], { from: 'user' });
  return { out, failed };
}

describe('wangan logvault verify', () => {
  it('a whole vault verifies, with the seals the ledger recorded: exit 0', async () => {
    const { data, seal } = await dataFolder();
    const r = await run(['--data', data, '--from', '2026-03-01', '--to', '2026-03-03'], [seal]);
    assert.equal(r.failed, 0, r.out);
    assert.match(r.out, /^OK: 2 segments, 100 events, \d+ checkpoints, 1 day seals \(from the database/);
    const one = await run(['--data', data, '--from', '2026-03-02', '--to', '2026-03-03', '--json'], [seal]);
    assert.equal(JSON.parse(one.out).segments, 1, '--to is exclusive and --from inclusive');
  });

  it('a changed segment fails with exit 3 naming it', async () => {
    const { data, seal } = await dataFolder();
    const file = path.join(data, 'logvault', 'segments', '2026-03-01.0001.seg');
    const buf = fs.readFileSync(file);
    buf[buf.length - 5]! ^= 0xff;
    fs.writeFileSync(file, buf);
    const r = await run(['--data', data, '--from', '2026-03-01', '--to', '2026-03-02'], [seal]);
    assert.equal(r.failed, 1);
    assert.match(r.out, /^FAILED at segment 2026-03-01\.0001: /);
    assert.match(r.out, /校验未通过（日志段 2026-03-01\.0001）/);
  });

  it('a seal the ledger recorded that the vault does not match fails', async () => {
    const { data, seal } = await dataFolder();
    const forged = { ...seal, root: Buffer.alloc(32, 7).toString('base64') };
    const r = await run(['--data', data], [forged]);
    assert.equal(r.failed, 1, r.out);
    assert.match(r.out, /^FAILED: The seal of 2026-03-01 contradicts itself/);
  });

  it('dates are checked: --to is exclusive and after --from', async () => {
    const { data } = await dataFolder();
    await assert.rejects(
      run(['--data', data, '--from', '2026-03-02', '--to', '2026-03-02']),
      /--to is exclusive/,
    );
    await assert.rejects(run(['--data', data, '--from', '1 March']), /--from must be a date/);
  });
});
