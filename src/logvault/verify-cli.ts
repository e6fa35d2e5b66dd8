import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { CliKit } from '../platform/cli-kit.js';
import { AppError } from '../platform/errors.js';
import type { Services } from '../platform/module.js';
import { isCivilDate } from '../platform/time.js';
import { logvaultDirOf } from './dir-io.js';
import type { DaySeal } from './segment-format.js';
import { verifyVault } from './verify-io.js';

interface VerifyOpts {
  data?: string;
  databaseUrl?: string;
  from?: string;
  to?: string;
  key?: string;
  json?: boolean;
}

function checkDate(value: string | undefined, option: string): void {
  if (value !== undefined && !isCivilDate(value))
    throw new AppError(
      'validation_failed',
      {
        zh: `${option} 须为日期（YYYY-MM-DD，北京时间），收到：${value}。`,
        en: `${option} must be a date (YYYY-MM-DD, Beijing time); got ${value}.`,
      },
      { field: option },
      option,
    );
}

/** The `logvault` command group, whichever of its files registers first (cli.ts has the others). */
function logvaultGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'logvault') ??
    program.command('logvault').description('the network-log vault: logs kept six months, provably')
  );
}

/**
 * `wangan logvault verify --from DATE --to DATE` (`--to` exclusive, Beijing
 * dates): re-hashes the data folder's vault segments, checks every
 * checkpoint signature and each day seal as the ledger recorded it (the
 * database's seal rows; the vault's own seals.jsonl while a server holds the
 * data). Exit 0, or 3 naming the first bad segment.
 */
export function logvaultVerifyCli(program: Command, kit: CliKit): void {
  kit
    .dataOptions(
      logvaultGroup(program)
        .command('verify')
        .description(
          're-hash the log vault’s segments and check its checkpoints and day seals (exit 3 naming the first bad segment)',
        ),
    )
    .option(
      '--from <date>',
      'first Beijing date to check (YYYY-MM-DD, inclusive; default: the first segment’s)',
    )
    .option(
      '--to <date>',
      'Beijing date to stop before (YYYY-MM-DD, exclusive; default: after the last segment)',
    )
    .option('--key <vkey>', 'the verifier key you trust (default: the one the vault names)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: VerifyOpts) => {
      checkDate(opts.from, '--from');
      checkDate(opts.to, '--to');
      if (opts.from && opts.to && opts.to <= opts.from)
        throw new AppError(
          'validation_failed',
          {
            zh: `--to（${opts.to}）须晚于 --from（${opts.from}）：--to 当日不在检查范围内。`,
            en: `--to (${opts.to}) must be after --from (${opts.from}): --to is exclusive.`,
          },
          { field: '--to' },
          '--to',
        );
      const config = kit.configFrom(opts);
      const dir = logvaultDirOf(config);
      // No vault here at all is not a failed check: nothing was kept to verify.
      if (!fs.existsSync(path.join(dir, 'vault.json')))
        throw new AppError(
          'not_found',
          {
            zh: `此数据目录中没有日志库（${dir}）：日志库尚未接收过日志。`,
            en: `There is no log vault in this data folder (${dir}): it has not received any logs yet.`,
          },
          { field: 'data' },
        );
      // The seals as the ledger recorded them, when the data can be opened here.
      let seals: DaySeal[] | undefined;
      let sealsFrom = 'the vault’s seals.jsonl (a server holds the data)';
      if (!kit.runningServer(config)) {
        seals = await kit.withServices(config, 'wangan logvault verify', async (s) => {
          const logvault = (s as Partial<Services>).logvault;
          return logvault ? logvault.recordedSeals() : undefined;
        });
        sealsFrom = seals ? 'the database (as recorded in the ledger)' : 'the vault’s seals.jsonl';
      }
      const result = await verifyVault(dir, {
        ...(opts.from ? { from: opts.from } : {}),
        ...(opts.to ? { to: opts.to } : {}),
        ...(opts.key ? { vkey: opts.key } : {}),
        ...(seals ? { seals } : {}),
      });
      if (opts.json) kit.out(`${JSON.stringify(result)}\n`);
      else if (result.ok)
        kit.out(
          `OK: ${result.segments} segments, ${result.events} events, ${result.checkpoints} checkpoints, ` +
            `${result.seals} day seals (from ${sealsFrom})` +
            (result.expired
              ? `, ${result.expired} sealed ${result.expired === 1 ? 'day' : 'days'} expired`
              : '') +
            '.\n' +
            (result.unsignedEvents
              ? `Note: ${result.unsignedEvents} events of the open segment are not under a checkpoint yet.\n`
              : ''),
        );
      else
        kit.out(
          `FAILED${result.segment ? ` at segment ${result.segment}` : ''}: ${result.messages.en}\n` +
            `校验未通过${result.segment ? `（日志段 ${result.segment}）` : ''}：${result.messages.zh}\n`,
        );
      if (!result.ok) kit.checkFailed();
    });
}
