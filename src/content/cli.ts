import path from 'node:path';
import type { Command } from 'commander';
import type { CliKit } from '../platform/cli-kit.js';
import { AppError } from '../platform/errors.js';
import { loadContentCatalog } from './catalog-io.js';
import {
  compileScreener,
  MAX_GAP_LIMIT,
  parseRuleFile,
  RuleFileError,
  ScreenRuleError,
  type EngineDefaults,
  type ScreenOutcome,
} from './screen/index.js';

export interface ContentCliOptions {
  /** The texts to screen (default: standard input); a test passes its own. */
  input?: () => AsyncIterable<string | Buffer>;
}

/** Output is written in chunks of about this many characters (and at the end of each input chunk). */
const FLUSH = 64 * 1024;

function invalid(
  field: string,
  messages: { zh: string; en: string },
  details: Record<string, unknown> = {},
): AppError {
  return new AppError('validation_failed', messages, { field, ...details }, field);
}

/** The lines of a stream of UTF-8 chunks, split on LF; one CR before the LF is dropped. */
async function* lines(input: AsyncIterable<string | Buffer>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  const strip = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // Only the new text is searched for line ends: a long line arriving in many chunks stays linear.
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      rest += text;
      continue;
    }
    const parts = (rest + text.slice(0, last)).split('\n').map(strip);
    rest = text.slice(last + 1);
    yield parts;
  }
  rest += decoder.decode();
  if (rest) yield [strip(rest)];
}

type Format = 'txt' | 'json' | 'yaml';
function formatOf(file: string, option: string): Format {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.txt') return 'txt';
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  throw invalid(option, {
    zh: `${option}：无法从文件名 ${file} 判断格式，应以 .txt、.json、.yaml 或 .yml 结尾。`,
    en: `${option}: cannot tell the format of ${file} from its name; it should end in .txt, .json, .yaml or .yml.`,
  });
}

/** The contract of issue 14 item 7: exactly these keys per match. */
function screenJson(r: ScreenOutcome): unknown {
  return {
    decision: r.decision,
    matches: r.matches.map((m) => ({
      rule: m.rule,
      category: m.category,
      start: m.start,
      end: m.end,
      text: m.text,
    })),
  };
}

function screenText(r: ScreenOutcome): string {
  if (r.matches.length === 0) return r.decision;
  const each = r.matches.map(
    (m) => `${m.rule} (${m.category}, ${m.action}) at ${m.start}-${m.end} ${JSON.stringify(m.text)}`,
  );
  return `${r.decision}: ${each.join('; ')}`;
}

/**
 * `wangan content screen`: the screening engine on the command line (issue
 * 14 item 7). Reads one text per line on standard input and prints one line
 * per text: with --json `{"decision", "matches": [{"rule", "category",
 * "start", "end", "text"}]}` (offsets in UTF-16 code units of the line,
 * `end` exclusive), else a readable line. The rules come from a file (format
 * by extension), the category actions and the word-list action from
 * catalog/content.yaml. Needs no server and no database. Bad usage or a bad
 * rules file exits 2 with the line named.
 */
export function contentCli(program: Command, kit: CliKit, opts: ContentCliOptions = {}): void {
  const content = program
    .command('content')
    .description(
      'content safety: screen texts against a rule file as the screening API does (needs no database)',
    );

  content
    .command('screen')
    .description(
      'read one text per line on standard input and print one line per text: the decision (allow, review, block) and every match; --json prints {"decision", "matches": [{"rule", "category", "start", "end", "text"}]} (offsets in UTF-16 code units, end exclusive)',
    )
    .requiredOption(
      '--rules <file>',
      'the rules: .txt (one word a line, optionally word<TAB>category), .json or .yaml',
    )
    .option(
      '--allow <file>',
      'allow-list entries (.txt, .json or .yaml): a match inside one of them is not reported',
    )
    .option(
      '--max-gap <n>',
      `noise characters allowed between two characters of a word (0-${MAX_GAP_LIMIT})`,
      '2',
    )
    .option('--category <code>', 'the category of rules that name none (default: other)')
    .option('--json', 'print one JSON object per line')
    .action(
      async (o: { rules: string; allow?: string; maxGap: string; category?: string; json?: boolean }) => {
        const maxGap = /^\d+$/.test(o.maxGap) ? Number(o.maxGap) : NaN;
        if (!(maxGap >= 0 && maxGap <= MAX_GAP_LIMIT))
          throw invalid('max-gap', {
            zh: `--max-gap：“${o.maxGap}”无效，应为0到${MAX_GAP_LIMIT}之间的整数。`,
            en: `--max-gap: "${o.maxGap}" is not valid; give a whole number from 0 to ${MAX_GAP_LIMIT}.`,
          });
        const catalog = loadContentCatalog();
        const defaults: EngineDefaults = {
          categoryAction: Object.fromEntries(catalog.categories.map((c) => [c.code, c.default_action])),
          fallbackAction: catalog.categories.find((c) => c.code === 'other')?.default_action ?? 'review',
        };
        const read = (file: string, option: string, kind: 'rules' | 'allow') => {
          const format = formatOf(file, option);
          const text = kit.readInputFile(file);
          try {
            return parseRuleFile(text, format, {
              kind,
              ...(o.category ? { category: o.category } : {}),
              wordListAction: catalog.word_list_action,
            });
          } catch (err) {
            if (!(err instanceof RuleFileError)) throw err;
            throw invalid(
              option.slice(2),
              { zh: `${option} ${file}：${err.messages.zh}`, en: `${option} ${file}: ${err.messages.en}` },
              { line: err.line },
            );
          }
        };
        const ruleFile = read(o.rules, '--rules', 'rules');
        const allowFile = o.allow ? read(o.allow, '--allow', 'allow') : { rules: [], allow: [] };
        // A rules file in JSON or YAML may carry its own allow list.
        const allow = [...ruleFile.allow, ...allowFile.allow];
        let screener;
        try {
          screener = compileScreener(ruleFile.rules, allow, defaults, { maxGap });
        } catch (err) {
          if (!(err instanceof ScreenRuleError)) throw err;
          throw invalid(err.kind === 'rules' ? 'rules' : 'allow', err.messages);
        }
        for (const w of screener.warnings)
          kit.err(
            `note: rule ${JSON.stringify(w.pattern)} is matched as ${JSON.stringify(w.normalised)}: ${w.reason}\n`,
          );

        const input = opts.input ? opts.input() : process.stdin;
        let out = '';
        for await (const batch of lines(input)) {
          for (const line of batch) {
            const r = screener.screen(line);
            out += o.json ? `${JSON.stringify(screenJson(r))}\n` : `${screenText(r)}\n`;
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
      },
    );
}

/** Every `wangan content` command. */
export function contentCommands(program: Command, kit: CliKit): void {
  contentCli(program, kit);
}
