import YAML, { LineCounter, isMap, isSeq, type Node as YamlNode } from 'yaml';
import {
  allowInputSchema,
  contentActions,
  ruleInputSchema,
  type ContentAction,
} from '../../../contract/content.js';
import type { EngineRule } from './rules.js';

/** A rule file the engine cannot read, naming the line (1-based) when there is one. */
export class RuleFileError extends Error {
  readonly messages: { zh: string; en: string };
  constructor(
    readonly line: number | null,
    messages: { zh: string; en: string },
  ) {
    super(line === null ? messages.en : `line ${line}: ${messages.en}`);
    this.name = 'RuleFileError';
    this.messages = {
      zh: line === null ? messages.zh : `第${line}行：${messages.zh}`,
      en: line === null ? messages.en : `Line ${line}: ${messages.en}`,
    };
  }
}

export interface RuleFileOptions {
  kind: 'rules' | 'allow';
  /** The category of rules that name none (a txt line without one, a JSON/YAML rule without one); default "other". */
  category?: string;
  /** What a plain word-list rule does (catalog/content.yaml `word_list_action`). */
  wordListAction: ContentAction;
}

export interface ParsedRuleFile {
  rules: EngineRule[];
  allow: { pattern: string }[];
}

const CATEGORY = /^[a-z][a-z0-9_]*$/;
const PATTERN_MAX = 200;

/**
 * Reads a rule file.
 *
 * - `txt` (an operator's 词库): one word a line, UTF-8; blank lines and lines
 *   starting with `#` are skipped, a BOM and the line's surrounding spaces
 *   dropped. A line may be `word<TAB>category` (for kind "rules"). Every word
 *   gets `wordListAction` (review by default: a plain list says nothing of
 *   how bad a word is) and severity medium.
 * - `json` / `yaml`: an array of rules (`{pattern, category, severity?,
 *   action?, note?}`, or plain strings), or `{rules: [...], allow: [...]}`;
 *   for kind "allow" an array of entries (`{pattern}` or strings). A rule
 *   without action takes its category's default when compiled.
 *
 * Errors name the line.
 */
export function parseRuleFile(
  text: string,
  format: 'txt' | 'json' | 'yaml',
  opts: RuleFileOptions,
): ParsedRuleFile {
  const fallbackCategory = opts.category ?? 'other';
  if (!CATEGORY.test(fallbackCategory))
    throw new RuleFileError(null, {
      zh: `类别“${fallbackCategory}”无效，应为小写字母开头的字母、数字或下划线。`,
      en: `the category "${fallbackCategory}" is not valid: lower-case letters, digits and underscores, starting with a letter`,
    });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (format === 'txt') return parseTxt(text, opts, fallbackCategory);
  return parseStructured(text, format, opts, fallbackCategory);
}

function parseTxt(text: string, opts: RuleFileOptions, category: string): ParsedRuleFile {
  const rules: EngineRule[] = [];
  const allow: { pattern: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cols = line.split('\t');
    const word = cols[0]!.trim();
    const lineNo = i + 1;
    checkPattern(word, lineNo);
    if (opts.kind === 'allow') {
      if (cols.length > 1) throw tabError(lineNo, 1);
      allow.push({ pattern: word });
      continue;
    }
    if (cols.length > 2) throw tabError(lineNo, 2);
    const cat = cols.length === 2 ? cols[1]!.trim() : category;
    if (!CATEGORY.test(cat) || cat.length > 40)
      throw new RuleFileError(lineNo, {
        zh: `类别“${cat}”无效，应为小写字母开头的字母、数字或下划线（不超过40个字符）。`,
        en: `the category "${cat}" is not valid: lower-case letters, digits and underscores, starting with a letter (at most 40)`,
      });
    rules.push({ pattern: word, category: cat, severity: 'medium', action: opts.wordListAction });
  }
  return { rules, allow };
}

function tabError(line: number, columns: number): RuleFileError {
  return columns === 1
    ? new RuleFileError(line, {
        zh: '白名单文件每行只写一个词，不应含制表符。',
        en: 'an allow-list file has one word a line, without tabs',
      })
    : new RuleFileError(line, {
        zh: '每行最多两列：词语，可加制表符和类别。',
        en: 'a line has at most two columns: the word, then a tab and its category',
      });
}

function checkPattern(word: string, line: number | null): void {
  if (word.length > PATTERN_MAX)
    throw new RuleFileError(line, {
      zh: `词语长度超过${PATTERN_MAX}个字符。`,
      en: `the word is longer than ${PATTERN_MAX} characters`,
    });
}

/** The line (1-based) where a JSON text's parse error lies, from the engine's message. */
function jsonErrorLine(text: string, message: string): number | null {
  const lc = /line (\d+) column \d+/.exec(message);
  if (lc) return Number(lc[1]);
  const pos = /at position (\d+)/.exec(message);
  if (pos) return lineAt(text, Number(pos[1]));
  return null;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function parseStructured(
  text: string,
  format: 'json' | 'yaml',
  opts: RuleFileOptions,
  category: string,
): ParsedRuleFile {
  const lineCounter = new LineCounter();
  let value: unknown;
  let doc: YAML.Document.Parsed | undefined;
  if (format === 'json') {
    try {
      value = JSON.parse(text);
    } catch (err) {
      const m = (err as Error).message;
      throw new RuleFileError(jsonErrorLine(text, m), {
        zh: `不是有效的JSON：${m}`,
        en: `not valid JSON: ${m}`,
      });
    }
    // The same text read as YAML only to find the line of each item (JSON is YAML).
    const d = YAML.parseDocument(text, { lineCounter, uniqueKeys: false });
    if (d.errors.length === 0) doc = d;
  } else {
    doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false });
    const e = doc.errors[0];
    if (e) {
      const line = e.linePos?.[0]?.line ?? lineAt(text, e.pos[0]);
      const m = e.message.split('\n')[0]!;
      throw new RuleFileError(line, { zh: `不是有效的YAML：${m}`, en: `not valid YAML: ${m}` });
    }
    value = doc.toJS({ maxAliasCount: 100 });
  }

  const lineOf = (key: 'rules' | 'allow' | null, index: number): number | null => {
    let node: unknown = doc?.contents;
    if (key !== null) node = isMap(node) ? node.get(key, true) : undefined;
    const item = isSeq(node) ? (node.items[index] as YamlNode | undefined) : undefined;
    const at = item?.range?.[0];
    return at === undefined ? null : lineCounter.linePos(at).line;
  };

  let ruleItems: unknown[] = [];
  let allowItems: unknown[] = [];
  let ruleKey: 'rules' | null = null;
  let allowKey: 'allow' | null = null;
  if (Array.isArray(value)) {
    if (opts.kind === 'rules') ruleItems = value;
    else allowItems = value;
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const unknownKey = Object.keys(obj).find((k) => k !== 'rules' && k !== 'allow');
    if (
      unknownKey !== undefined ||
      (obj.rules !== undefined && !Array.isArray(obj.rules)) ||
      (obj.allow !== undefined && !Array.isArray(obj.allow))
    )
      throw shapeError();
    ruleItems = (obj.rules as unknown[] | undefined) ?? [];
    allowItems = (obj.allow as unknown[] | undefined) ?? [];
    ruleKey = 'rules';
    allowKey = 'allow';
  } else throw shapeError();

  const rules: EngineRule[] = [];
  ruleItems.forEach((item, i) => {
    const line = lineOf(ruleKey, i);
    const input = typeof item === 'string' ? { pattern: item, category } : item;
    const withCategory =
      input !== null && typeof input === 'object' && !('category' in input) ? { ...input, category } : input;
    const r = ruleInputSchema.safeParse(withCategory);
    if (!r.success) throw itemError(line, 'rule', i, r.error.issues);
    const rule: EngineRule = { pattern: r.data.pattern, category: r.data.category };
    if (r.data.severity) rule.severity = r.data.severity;
    if (r.data.action) rule.action = r.data.action;
    rules.push(rule);
  });
  const allow: { pattern: string }[] = [];
  allowItems.forEach((item, i) => {
    const line = lineOf(allowKey, i);
    const r = allowInputSchema.safeParse(typeof item === 'string' ? { pattern: item } : item);
    if (!r.success) throw itemError(line, 'allow', i, r.error.issues);
    allow.push({ pattern: r.data.pattern });
  });
  return { rules, allow };
}

function shapeError(): RuleFileError {
  return new RuleFileError(1, {
    zh: '文件应为规则数组，或含 rules 与 allow 两个数组的对象。',
    en: 'the file must be an array of rules, or an object with the arrays "rules" and "allow"',
  });
}

function itemError(
  line: number | null,
  kind: 'rule' | 'allow',
  index: number,
  issues: { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[],
): RuleFileError {
  const issue = issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue.keys ?? []).join(', ');
    const w =
      kind === 'rule'
        ? { zh: `第${index + 1}条规则`, en: `rule ${index + 1}` }
        : { zh: `第${index + 1}条白名单条目`, en: `allow-list entry ${index + 1}` };
    return new RuleFileError(line, {
      zh: `${w.zh}含有无法识别的字段：${keys}。`,
      en: `${w.en}: unknown field ${keys}`,
    });
  }
  const field = issue.path.map(String).join('.') || (kind === 'rule' ? 'rule' : 'entry');
  const zhField: Record<string, string> = {
    pattern: '词语（pattern）',
    category: '类别（category）',
    severity: '严重程度（severity）',
    action: '处置方式（action）',
    note: '备注（note）',
  };
  const what =
    kind === 'rule'
      ? { zh: `第${index + 1}条规则`, en: `rule ${index + 1}` }
      : { zh: `第${index + 1}条白名单条目`, en: `allow-list entry ${index + 1}` };
  const zhHint =
    field === 'action'
      ? `应为 ${contentActions.join('、')} 之一`
      : field === 'severity'
        ? '应为 low、medium、high 之一'
        : field === 'category'
          ? '应为小写字母开头的字母、数字或下划线'
          : '取值无效或缺失';
  return new RuleFileError(line, {
    zh: `${what.zh}的${zhField[field] ?? `字段“${field}”`}${zhHint}。`,
    en: `${what.en}: ${field}: ${issue.message}`,
  });
}
