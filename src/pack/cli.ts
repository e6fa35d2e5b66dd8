import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliKit, DataOptions } from '../platform/cli-kit.js';
import { AppError } from '../platform/errors.js';

function parseDate(value: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime()))
    throw new AppError('validation_failed', `Not a date: ${value} (use YYYY-MM-DD)`);
  return d;
}

/** `wangan pack export --out DIR`. */
export function packCli(program: Command, kit: CliKit): void {
  const { dataOptions, configFrom, runningServer, withServices } = kit;
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
      s.pack.export(out, filter, kit.progress),
    );
    if (!pdf) kit.err('The pack has report.html but no report.pdf (see above).\n');
    kit.out(`Wrote ${out}\nCheck it with: wangan verify ${opts.out}\n`);
  });
}
