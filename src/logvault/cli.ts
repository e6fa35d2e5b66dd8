import type { Command } from 'commander';
import type { CliKit } from '../platform/cli-kit.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { DEFAULT_SOURCE_ZONE, isTimeZone, parseLine } from './parse/index.js';
import { readIso, ts } from './parse/time.js';
import { eventJson, eventText } from './present.js';
import { logvaultVerifyCli } from './verify-cli.js';

export interface LogvaultCliOptions {
  /** The lines to parse (default: standard input); a test passes its own. */
  input?: () => AsyncIterable<string | Buffer>;
  /** The receive time of each line when --received is not given. */
  clock?: Clock;
}

/** Output is written in chunks of about this many characters (and at the end of each input chunk). */
const FLUSH = 64 * 1024;

function invalid(field: string, messages: { zh: string; en: string }): AppError {
  return new AppError('validation_failed', messages, { field }, field);
}

/** An instant given with --received: RFC 3339 to the second, Beijing time when it has no offset. */
function parseReceived(text: string): Date {
  const end = readIso(text, 0, DEFAULT_SOURCE_ZONE, false);
  if (end !== text.length)
    throw invalid('received', {
      zh: `--received：“${text}”不是有效的时刻，应为ISO 8601格式，如 2026-03-01T23:30:00+08:00 或 2026-03-01T15:30:00Z（未写时区时按北京时间）。`,
      en: `--received: "${text}" is not an instant; write ISO 8601 such as 2026-03-01T23:30:00+08:00 or 2026-03-01T15:30:00Z (Beijing time when no offset is given).`,
    });
  return new Date(ts.ms);
}

/** The lines of a stream of UTF-8 chunks, split on LF (a CR before it goes with the parser's trim). */
async function* lines(input: AsyncIterable<string | Buffer>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // Only the new text is searched for line ends: a long line arriving in many chunks stays linear.
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      rest += text;
      continue;
    }
    const parts = (rest + text.slice(0, last)).split('\n');
    rest = text.slice(last + 1);
    yield parts;
  }
  rest += decoder.decode();
  if (rest) yield [rest];
}

/**
 * `wangan logvault parse`: log lines on standard input read as the vault
 * reads them, one event printed per line (JSON with --json, the shape of
 * issue 13's contract). Needs no server and no database. Empty lines are
 * skipped; a line no parser knows prints as format "unknown".
 */
export function logvaultCli(program: Command, kit: CliKit, opts: LogvaultCliOptions = {}): void {
  const clock = opts.clock ?? systemClock;
  const logvault = program
    .command('logvault')
    .description(
      'network-log vault (being built): parse log lines as the vault reads them (RFC 5424, RFC 3164, key=value, CEF, Cisco ASA; needs no database), verify the vault kept in the data folder',
    );

  logvault
    .command('parse')
    .description(
      'read log lines on standard input and print one event per line: text (device time in Beijing time) or --json ({"format", "facility", "severity", "timestamp", "hostname", "app", "procid", "msgid", "message", "fields"})',
    )
    .option('--json', 'print one JSON object per line')
    .option('--zone <zone>', 'IANA time zone of timestamps without an offset', DEFAULT_SOURCE_ZONE)
    .option(
      '--received <instant>',
      'receive time of every line (ISO 8601; default: when it is read); a timestamp without a year takes the year nearest it',
    )
    .action(async (o: { json?: boolean; zone: string; received?: string }) => {
      if (!isTimeZone(o.zone))
        throw invalid('zone', {
          zh: `--zone：“${o.zone}”不是可识别的时区名称，应为IANA时区，如 Asia/Shanghai。`,
          en: `--zone: "${o.zone}" is not a time zone; give an IANA name such as Asia/Shanghai.`,
        });
      const fixed = o.received === undefined ? undefined : parseReceived(o.received);
      const ctx = { receivedAt: fixed ?? clock.now(), sourceZone: o.zone };
      const input = opts.input ? opts.input() : process.stdin;
      let out = '';
      for await (const batch of lines(input)) {
        if (!fixed) ctx.receivedAt = clock.now();
        for (const line of batch) {
          if (line === '' || line === '\r') continue;
          const e = parseLine(line, ctx);
          out += o.json ? `${JSON.stringify(eventJson(e))}\n` : `${eventText(e)}\n`;
          if (out.length >= FLUSH) {
            kit.out(out);
            out = '';
          }
        }
        if (out) {
          kit.out(out);
          out = '';
        }
      }
    });
}

/** Every `wangan logvault` command: parse (no data) and verify (the data folder's vault). */
export function logvaultCommands(program: Command, kit: CliKit): void {
  logvaultCli(program, kit);
  logvaultVerifyCli(program, kit);
}
