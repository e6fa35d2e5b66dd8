import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { CliKit } from '../platform/cli-kit.js';
import { AppError } from '../platform/errors.js';
import { verifyPack } from './pack-io.js';

/** `wangan verify DIR`: an audit pack checked offline, with no database. */
export function verifyCli(program: Command, kit: CliKit): void {
  program
    .command('verify <dir>')
    .description(
      'check an audit pack offline, with no database: every proof, every checkpoint signature, consistency',
    )
    .addOption(new Option('--key <vkey>', 'the ledger verifier key you trust (default: the key in the pack)'))
    .option('--json', 'print the result as JSON')
    .action((dir: string, opts: { key?: string; json?: boolean }) => {
      if (!fs.existsSync(dir)) throw new AppError('not_found', `${dir} does not exist.`);
      const result = verifyPack(dir, opts.key);
      if (opts.json) kit.out(`${JSON.stringify(result)}\n`);
      else if (result.ok) {
        const c = result.checked;
        kit.out(
          `OK: ${c.files} files, ${c.checkpoints} signed checkpoints, ${c.leaves} leaves, ${c.records} records, ` +
            `${c.inclusionProofs} inclusion proofs, ${c.consistencyProofs} consistency proofs.\nLedger key: ${result.verifierKey}` +
            `${opts.key ? '' : '\n(the key came from the pack; pass --key to pin the key you trust)'}\n` +
            result.warnings.map((w) => `Warning: ${w}\n`).join(''),
        );
      } else {
        kit.out(`FAILED: ${result.failure}\n`);
      }
      if (!result.ok) kit.checkFailed();
    });
}
