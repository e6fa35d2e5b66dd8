import type { Command } from 'commander';
import type { CliKit, DataOptions } from '../platform/cli-kit.js';
import { AppError } from '../platform/errors.js';
import type { RegisterSummary } from './service.js';

type Listed = Pick<RegisterSummary, 'visible' | 'entries' | 'openItems'> & {
  spec: { id: string; group: string; title: { zh: string; en: string } };
};

/** `wangan registers list | import`. */
export function registersCli(program: Command, kit: CliKit): void {
  const { dataOptions, configFrom, runningServer, requireToken, withServices, tokenOption } = kit;
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
          await kit.callApi<{ registers: Listed[] }>(
            server.url,
            requireToken(config, server, opts.token),
            'GET',
            '/api/registers',
          )
        ).registers
      : await withServices(config, 'wangan registers list', (s) => s.registers.list());
    if (opts.json) {
      kit.out(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    for (const r of list)
      kit.out(
        `${r.spec.id.padEnd(26)} ${r.spec.group.padEnd(11)} ${(r.visible ? 'applies' : '—').padEnd(8)} ${String(r.entries).padStart(5)} entries ${String(r.openItems).padStart(3)} open  ${r.spec.title.en} / ${r.spec.title.zh}\n`,
      );
  });

  dataOptions(
    registers
      .command('import <register> <file>')
      .description(
        'import entries from a CSV file (UTF-8 or GB18030) or an .xlsx workbook (header: field names or labels; `GET /api/registers/ID/template.xlsx`); all rows or none',
      )
      .addOption(tokenOption()),
  ).action(async (register: string, file: string, opts: DataOptions & { token?: string }) => {
    const config = configFrom(opts);
    const bytes = kit.readInputBytes(file);
    kit.progress(`importing ${file} into ${register}`);
    const server = runningServer(config);
    try {
      const r = server
        ? await kit.callApi<{ imported: number; skipped: number; skippedLines: number[] }>(
            server.url,
            requireToken(config, server, opts.token),
            'POST',
            `/api/registers/${encodeURIComponent(register)}/import`,
            { file: bytes.toString('base64') },
          )
        : await withServices(config, 'wangan registers import', async (s) => {
            const out = await s.registers.importFile(kit.actor, register, { file: new Uint8Array(bytes) });
            await s.audit.record({
              actor: kit.actor,
              action: 'registers.import',
              detail: { register, file, imported: out.imported, skipped: out.skipped },
            });
            return out;
          });
      kit.out(`Imported ${r.imported} entries into ${register}; each is a ledger record.\n`);
      if (r.skipped > 0)
        kit.out(`Skipped ${r.skipped} rows already on record (lines ${r.skippedLines.join(', ')}).\n`);
    } catch (err) {
      const rows = (
        err instanceof AppError ? (err.details as { rows?: unknown[] } | undefined)?.rows : undefined
      ) as { line: number; message: string }[] | undefined;
      for (const row of rows ?? []) kit.err(`  line ${row.line}: ${row.message}\n`);
      throw err;
    }
  });
}
