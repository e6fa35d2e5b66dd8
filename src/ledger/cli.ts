import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { verifyPack } from '../ledger/pack-io.js';
import { AppError } from '../platform/errors.js';
import {
  configFrom,
  dataOptions,
  progress,
  runningServer,
  withServices,
  type DataOptions,
} from './common.js';

function parseDate(value: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime()))
    throw new AppError('validation_failed', `Not a date: ${value} (use YYYY-MM-DD)`);
  return d;
}

export function registerLedgerCommands(program: Command): void {
  const pack = program.command('pack').description('audit packs');
  dataOptions(
    pack
      .command('export')
      .description(
        'export the evidence of a period with its ledger proofs, verifiable offline with `wangan verify`',
      )
      .requiredOption('--out <dir>', 'folder to create')
      .option('--from <date>', 'first day (YYYY-MM-DD, recorded on or after)')
      .option('--to <date>', 'end day (YYYY-MM-DD, recorded before)'),
  ).action(async (opts: DataOptions & { out: string; from?: string; to?: string }) => {
    const config = configFrom(opts);
    const server = runningServer(config);
    if (server) {
      throw new AppError(
        'data_locked',
        `A server holds ${config.dataDir} (${server.url}); stop it to export a pack from the command line.`,
      );
    }
    const out = path.resolve(opts.out);
    if (fs.existsSync(out)) throw new AppError('conflict', `${out} already exists; choose a new folder.`);
    const filter = {
      from: opts.from ? parseDate(opts.from) : undefined,
      to: opts.to ? parseDate(opts.to) : undefined,
    };
    const { pdf } = await withServices(config, 'wangan pack export', (s) =>
      s.pack.export(out, filter, progress),
    );
    if (!pdf) process.stderr.write('The pack has report.html but no report.pdf (see above).\n');
    process.stdout.write(`Wrote ${out}\nCheck it with: wangan verify ${opts.out}\n`);
  });

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
      if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (result.ok) {
        const c = result.checked;
        process.stdout.write(
          `OK: ${c.files} files, ${c.checkpoints} signed checkpoints, ${c.leaves} leaves, ${c.records} records, ` +
            `${c.inclusionProofs} inclusion proofs, ${c.consistencyProofs} consistency proofs.\nLedger key: ${result.verifierKey}` +
            `${opts.key ? '' : '\n(the key came from the pack; pass --key to pin the key you trust)'}\n` +
            result.warnings.map((w) => `Warning: ${w}\n`).join(''),
        );
      } else {
        process.stdout.write(`FAILED: ${result.failure}\n`);
      }
      if (!result.ok) process.exitCode = 3;
    });
}
