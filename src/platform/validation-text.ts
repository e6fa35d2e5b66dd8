import type { Bilingual } from './errors.js';

/**
 * Validation issues (zod's, as fastify-type-provider-zod hands them over) in
 * both console languages. zod's own zh-CN locale leaves type names in English
 * ("期望 string，实际接收 undefined"), which a compliance officer should not
 * have to read: the Chinese sentences here are our own. The English is
 * zod's (or the schema's own) message. Pure.
 */
export interface IssueLike {
  /** zod's issue code (`keyword` in the plugin's validation entries). */
  code: string;
  message: string;
  expected?: unknown;
  origin?: unknown;
  format?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: unknown;
  divisor?: unknown;
  values?: unknown;
  keys?: unknown;
  input?: unknown;
}

const typeZh: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '是或否',
  array: '列表',
  object: '对象',
  date: '日期',
  null: '空值',
};

const formatZh: Record<string, string> = {
  email: '电子邮件地址',
  url: '网址',
  uuid: '标识符',
  guid: '标识符',
  datetime: '时间（ISO 8601）',
  date: '日期（如 2026-01-31）',
  time: '时刻',
  duration: '时长（ISO 8601）',
  ipv4: 'IPv4 地址',
  ipv6: 'IPv6 地址',
  cidrv4: 'IPv4 网段',
  cidrv6: 'IPv6 网段',
  base64: '编码内容',
  base64url: '编码内容',
  regex: '内容',
};

function sizeZh(origin: unknown, n: string, bound: 'min' | 'max', inclusive: boolean): string {
  const at = bound === 'min' ? (inclusive ? '不少于' : '多于') : inclusive ? '不超过' : '少于';
  if (origin === 'string') {
    if (bound === 'min' && ((inclusive && n === '1') || (!inclusive && n === '0'))) return '不能为空。';
    return `长度应${at} ${n} 个字符。`;
  }
  if (origin === 'array' || origin === 'set') {
    if (bound === 'min' && ((inclusive && n === '1') || (!inclusive && n === '0'))) return '至少需要一项。';
    return `应${at} ${n} 项。`;
  }
  if (origin === 'file') return `文件大小应${at} ${n} 字节。`;
  if (origin === 'date') return bound === 'min' ? `日期不能早于 ${n}。` : `日期不能晚于 ${n}。`;
  const cmp = bound === 'min' ? (inclusive ? '不能小于' : '应大于') : inclusive ? '不能大于' : '应小于';
  return `数值${cmp} ${n}。`;
}

/**
 * Schemas' own English sentences (a regex's explanation) and their Chinese;
 * a schema sentence not listed here falls back to its issue code's sentence.
 */
const schemaSentenceZh: Record<string, string> = {
  'letters, digits, dot, underscore and hyphen only': '只能包含字母、数字、点、下划线和连字符。',
};

/** One issue's sentence in Chinese. */
export function issueZh(issue: IssueLike): string {
  const own = schemaSentenceZh[issue.message];
  if (own) return own;
  switch (issue.code) {
    case 'invalid_type': {
      // zod reports a missing field as "expected X, received undefined".
      if (issue.input === undefined && /received undefined$/.test(issue.message)) return '此项为必填项。';
      const expected = typeZh[String(issue.expected)];
      return expected ? `类型不正确，应为${expected}。` : '类型不正确。';
    }
    case 'invalid_value':
    case 'invalid_enum_value': {
      const values = Array.isArray(issue.values) ? issue.values.map(String) : [];
      if (values.length === 0) return '取值无效。';
      if (values.length === 1) return `取值无效，应为 ${values[0]}。`;
      return `取值无效，应为以下之一：${values.join('、')}。`;
    }
    case 'too_small':
      return sizeZh(issue.origin, String(issue.minimum), 'min', issue.inclusive !== false);
    case 'too_big':
      return sizeZh(issue.origin, String(issue.maximum), 'max', issue.inclusive !== false);
    case 'invalid_format': {
      const f = String(issue.format);
      if (f === 'starts_with' || f === 'ends_with' || f === 'includes' || f === 'regex')
        return '格式不正确。';
      return `格式不正确，应为有效的${formatZh[f] ?? '内容'}。`;
    }
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的整数倍。`;
    case 'unrecognized_keys': {
      const keys = Array.isArray(issue.keys) ? issue.keys.map(String) : [];
      return keys.length ? `包含不认识的字段：${keys.join('、')}。` : '包含不认识的字段。';
    }
    case 'invalid_key':
      return '包含无效的键。';
    case 'invalid_element':
      return '包含无效的值。';
    case 'invalid_union':
      return '取值不符合任何一种允许的形式。';
    default:
      return '取值无效。';
  }
}

/** One issue in both languages. */
export function issueText(issue: IssueLike): Bilingual {
  return { en: issue.message, zh: issueZh(issue) };
}

const whereZh: Record<string, string> = {
  body: '提交的内容',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};

/** A path as a person reads it ("/goLiveDate" or "/" for the whole). */
export interface LocatedIssue {
  path: string;
  message: Bilingual;
}

/**
 * The error's sentence for a list of issues of one part of the request:
 * "Invalid body: /name Too small…" / "提交的内容有误：/name 不能为空。".
 */
export function issuesSentence(where: string, issues: readonly LocatedIssue[]): Bilingual {
  const en = `Invalid ${where}: ${issues.map((i) => `${i.path} ${i.message.en}`).join('; ')}`;
  const zhIssues = issues.map((i) => (i.path === '/' ? i.message.zh : `${i.path} ${i.message.zh}`));
  return { en, zh: `${whereZh[where] ?? '请求'}有误：${zhIssues.join('；')}` };
}

/** The one field at fault ("goLiveDate", "profile.name"), when all issues name the same one. */
export function singleField(issues: readonly { path: string }[]): string | undefined {
  const paths = new Set(issues.map((i) => i.path));
  if (paths.size !== 1) return undefined;
  const [only] = paths;
  const field = only!.replace(/^\//, '').split('/').join('.');
  return field || undefined;
}
