import { Argument, type Command } from 'commander';
import { identifierKinds, type IdentifierKind, type IdentifierResult } from '../../contract/identity.js';
import type { CliKit } from '../platform/cli-kit.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { beijingDate } from '../platform/time.js';
import { validateMobile, validateResidentId, validateUscc } from './validate/index.js';

export interface IdentityCliOptions {
  /** The values when none is given (default: standard input); a test passes its own. */
  input?: () => AsyncIterable<string | Buffer>;
  /** Whether standard input is a terminal (default: process.stdin.isTTY). */
  stdinIsTTY?: () => boolean;
  /** "Today" for the birth-date check is the Beijing date of this clock. */
  clock?: Clock;
  /** The environment's language (default: LC_ALL, LC_MESSAGES, LANG as the CLI reads them). */
  lang?: () => 'zh' | 'en';
}

/** Output is written in chunks of about this many characters (and at the end of each input chunk). */
const FLUSH = 64 * 1024;

function environmentLang(): 'zh' | 'en' {
  const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The values of a stream of UTF-8 chunks: one per line (LF, an optional CR before it), blank lines skipped. */
async function* values(input: AsyncIterable<string | Buffer>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  const keep = (lines: string[]) =>
    lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim());
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      rest += text;
      continue;
    }
    const lines = (rest + text.slice(0, last)).split('\n');
    rest = text.slice(last + 1);
    yield keep(lines);
  }
  rest += decoder.decode();
  yield keep([rest]);
}

/** Exactly the keys of the CLI contract (issue 15 item 7), in its order. */
function contractJson(r: IdentifierResult): IdentifierResult {
  const issue = (x: IdentifierResult['reasons'][number]) => ({
    code: x.code,
    message: { zh: x.message.zh, en: x.message.en },
  });
  return {
    valid: r.valid,
    normalized: r.normalized,
    reasons: r.reasons.map(issue),
    warnings: r.warnings.map(issue),
  };
}

/** One readable line: "valid NORMALIZED" or "invalid", then the reasons and warnings in the language given. */
function textLine(r: IdentifierResult, lang: 'zh' | 'en'): string {
  const say = (xs: IdentifierResult['reasons']) => xs.map((x) => `${x.code}: ${x.message[lang]}`);
  const head = r.valid ? `valid ${r.normalized}` : 'invalid';
  const reasons = say(r.reasons);
  const warnings = say(r.warnings).map((w) => `${lang === 'zh' ? '提示' : 'warning'} ${w}`);
  const rest = [...reasons, ...warnings];
  return rest.length ? `${head}: ${rest.join('; ')}` : head;
}

/**
 * `wangan identity validate resident-id|uscc|mobile [VALUE] [--json]` (issue
 * 15 item 7, a contract other tools are tested against): validates VALUE, or
 * one value per line of standard input when VALUE is absent (so numbers stay
 * out of the shell's history; blank lines skipped), and prints one result per
 * value, with --json `{"valid", "normalized", "reasons": [{"code",
 * "message": {"zh", "en"}}], "warnings": [...]}` a line. Exit 0 when every
 * value is valid, 3 when one is not, 2 for bad usage. Needs no server and no
 * database; nothing is logged.
 */
export function identityCommands(program: Command, kit: CliKit, opts: IdentityCliOptions = {}): void {
  const identity = program
    .command('identity')
    .description('real-name gate and identity vault: check identifiers (needs no database)');

  identity
    .command('validate')
    .description(
      'check a resident identity number, a unified social credit code or a mainland mobile number: the value given, or one per line of standard input (keeps numbers out of the shell history); prints one result per value; exit 0 all valid, 3 one is not, 2 bad usage',
    )
    .addArgument(new Argument('<kind>', 'what the values are').choices(identifierKinds))
    .argument('[value]', 'the value (default: one per line of standard input)')
    .option(
      '--json',
      'print one JSON object per value: {"valid", "normalized", "reasons": [{"code", "message": {"zh", "en"}}], "warnings"}',
    )
    .action(async (kind: IdentifierKind, value: string | undefined, o: { json?: boolean }) => {
      const clock = opts.clock ?? systemClock;
      const lang = (opts.lang ?? environmentLang)();
      const check: (s: string) => IdentifierResult =
        kind === 'resident-id'
          ? (s) => validateResidentId(s, beijingDate(clock.now()))
          : kind === 'uscc'
            ? validateUscc
            : validateMobile;
      let failed = false;
      const one = (s: string): string => {
        const r = check(s);
        if (!r.valid) failed = true;
        return o.json ? `${JSON.stringify(contractJson(r))}\n` : `${textLine(r, lang)}\n`;
      };

      if (value !== undefined) {
        kit.out(one(value));
      } else {
        const isTTY = opts.stdinIsTTY ? opts.stdinIsTTY() : process.stdin.isTTY === true;
        if (!opts.input && isTTY)
          throw new AppError(
            'validation_failed',
            {
              zh: '未提供要校验的值：请在命令后给出，或通过标准输入每行提供一个（例如 wangan identity validate resident-id < 文件）。',
              en: 'No value to check: give one after the kind, or one per line on standard input (e.g. wangan identity validate resident-id < file).',
            },
            { field: 'value' },
            'value',
          );
        const input = opts.input ? opts.input() : process.stdin;
        let out = '';
        for await (const batch of values(input)) {
          for (const line of batch) {
            out += one(line);
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
      }
      if (failed) kit.checkFailed();
    });
}
