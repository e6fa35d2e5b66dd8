import type { Command } from 'commander';
import { AppError } from '../platform/errors.js';
import type { RegisterSummary } from '../registers/service.js';
import { callApi } from './api-client.js';
import {
  cliActor,
  configFrom,
  dataOptions,
  progress,
  requireToken,
  runningServer,
  tokenOption,
  withServices,
  type DataOptions,
  readInputFile,
} from './common.js';

type Listed = Pick<RegisterSummary, 'visible' | 'entries' | 'openItems'> & {
  spec: { id: string; group: string; title: { zh: string; en: string } };
};

export function registerRegisterCommands(program: Command): void {
  const registers = program
    .command('registers')
    .description('governance and CII registers (catalog/registers.yaml): list, import CSV');

  dataOptions(
    registers
      .command('list')
      .description('every register, whether it applies to the organisation, its entries and open items')
      .option('--json', 'print JSON')
      .addOption(tokenOption()),
  ).action(async (opts: DataOptions & { json?: boolean; token?: string }) => {
    const config = configFrom(opts);
    const server = runningServer(config);
    const list: Listed[] = server
      ? (
          await callApi<{ registers: Listed[] }>(
            server.url,
            requireToken(config, server, opts.token),
            'GET',
            '/api/registers',
          )
        ).registers
      : await withServices(config, 'wangan registers list', (s) => s.registers.list());
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    for (const r of list)
      process.stdout.write(
        `${r.spec.id.padEnd(26)} ${r.spec.group.padEnd(11)} ${(r.visible ? 'applies' : '—').padEnd(8)} ${String(r.entries).padStart(5)} entries ${String(r.openItems).padStart(3)} open  ${r.spec.title.en} / ${r.spec.title.zh}\n`,
      );
  });

  dataOptions(
    registers
      .command('import <register> <file>')
      .description(
        'import entries from a CSV file (header: field names or labels; `GET /api/registers/ID/template.csv`); all rows or none',
      )
      .addOption(tokenOption()),
  ).action(async (register: string, file: string, opts: DataOptions & { token?: string }) => {
    const config = configFrom(opts);
    const csv = readInputFile(file);
    progress(`importing ${file} into ${register}`);
    const server = runningServer(config);
    try {
      const r = server
        ? await callApi<{ imported: number; skipped: number; skippedLines: number[] }>(
            server.url,
            requireToken(config, server, opts.token),
            'POST',
            `/api/registers/${encodeURIComponent(register)}/import`,
            { csv },
          )
        : await withServices(config, 'wangan registers import', async (s) => {
            const out = await s.registers.importCsv(cliActor, register, csv);
            await s.audit.record({
              actor: cliActor,
              action: 'registers.import',
              detail: { register, file, imported: out.imported, skipped: out.skipped },
            });
            return out;
          });
      process.stdout.write(`Imported ${r.imported} entries into ${register}; each is a ledger record.\n`);
      if (r.skipped > 0)
        process.stdout.write(
          `Skipped ${r.skipped} rows already on record (lines ${r.skippedLines.join(', ')}).\n`,
        );
    } catch (err) {
      const rows = (
        err instanceof AppError ? (err.details as { rows?: unknown[] } | undefined)?.rows : undefined
      ) as { line: number; message: string }[] | undefined;
      for (const row of rows ?? []) process.stderr.write(`  line ${row.line}: ${row.message}\n`);
      throw err;
    }
  });
}
