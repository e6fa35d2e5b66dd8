import { ingestEventSchema, INGEST_MAX_EVENTS, type IngestEvent } from '../../contract/logvault.js';
import { AppError } from '../platform/errors.js';

/**
 * The HTTP ingest's checks, pure: a batch is a JSON array or NDJSON text (one
 * event a line, blank lines ignored); every event is checked before any is
 * stored, and the first bad one is named as `events.<n>.<key>` (n from 0, in
 * the order sent), in both languages.
 */

const keyZh: Record<string, string> = {
  time: '时间（time）',
  host: '主机名（host）',
  app: '应用名（app）',
  severity: '严重级别（severity）',
  message: '日志内容（message）',
  fields: '附加字段（fields）',
};

function bad(field: string, zh: string, en: string): AppError {
  return new AppError('validation_failed', { zh, en }, { field }, field);
}

/** The events of an NDJSON body; a line that is not JSON is named by its position among the events. */
export function parseNdjson(text: string): unknown[] {
  const out: unknown[] = [];
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    const trimmed = line.trim();
    if (!trimmed) continue;
    if (out.length >= INGEST_MAX_EVENTS) throw tooMany();
    try {
      out.push(JSON.parse(trimmed));
    } catch {
      const n = out.length;
      throw bad(
        `events.${n}`,
        `第${n + 1}条事件（第${lineNo}行）不是有效的 JSON，整批未保存。`,
        `Event ${n + 1} (line ${lineNo}) is not valid JSON; nothing of the batch was stored.`,
      );
    }
  }
  return out;
}

function tooMany(): AppError {
  return bad(
    'events',
    `一次最多提交${INGEST_MAX_EVENTS}条事件，整批未保存；请分批提交。`,
    `At most ${INGEST_MAX_EVENTS.toLocaleString('en')} events a request; nothing of the batch was stored. Send it in smaller batches.`,
  );
}

/** Checks a batch: every event or none. */
/** The most an event's fields may hold, as JSON text (the message's own limit). */
export const FIELDS_MAX_CHARS = 65_536;

export function checkEvents(body: unknown): IngestEvent[] {
  if (!Array.isArray(body))
    throw bad(
      'events',
      '请求内容须为事件的 JSON 数组，或每行一个事件的 NDJSON（application/x-ndjson）。',
      'The body must be a JSON array of events, or NDJSON (application/x-ndjson) with one event a line.',
    );
  if (body.length > INGEST_MAX_EVENTS) throw tooMany();
  const out = new Array<IngestEvent>(body.length);
  for (let i = 0; i < body.length; i++) {
    const parsed = ingestEventSchema.safeParse(body[i]);
    if (parsed.success) {
      // An event's fields are bounded like its message: a search page of events stays a page.
      if (parsed.data.fields && JSON.stringify(parsed.data.fields).length > FIELDS_MAX_CHARS)
        throw bad(
          `events.${i}.fields`,
          `第${i + 1}条事件的字段（fields）写成 JSON 后超过 ${FIELDS_MAX_CHARS} 个字符，整批未保存。`,
          `Event ${i + 1}: fields must be at most ${FIELDS_MAX_CHARS.toLocaleString('en')} characters as JSON; nothing of the batch was stored.`,
        );
      out[i] = parsed.data;
      continue;
    }
    const issue = parsed.error.issues[0]!;
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0]! : String(issue.path[0] ?? '');
    const field = key ? `events.${i}.${key}` : `events.${i}`;
    const what = keyZh[key];
    if (issue.code === 'unrecognized_keys')
      throw bad(
        field,
        `第${i + 1}条事件含有不认识的字段“${key}”，整批未保存；可用字段为 time、host、app、severity、message、fields。`,
        `Event ${i + 1} has an unknown key "${key}"; nothing of the batch was stored. Keys: time, host, app, severity, message, fields.`,
      );
    if (!key)
      throw bad(
        field,
        `第${i + 1}条事件须为 JSON 对象，整批未保存。`,
        `Event ${i + 1} must be a JSON object; nothing of the batch was stored.`,
      );
    const rule: Record<string, { zh: string; en: string }> = {
      time: { zh: '须为带时区的 ISO 8601 时刻', en: 'must be an ISO 8601 instant with its offset' },
      host: { zh: '须为1至255个字符', en: 'must be 1 to 255 characters' },
      app: { zh: '须为1至255个字符', en: 'must be 1 to 255 characters' },
      severity: { zh: '须为0至7的整数', en: 'must be a whole number from 0 to 7' },
      message: { zh: '须为不超过65536个字符的文本', en: 'must be a text of at most 65,536 characters' },
      fields: { zh: '须为 JSON 对象', en: 'must be a JSON object' },
    };
    const r = rule[key] ?? { zh: '无效', en: 'is not valid' };
    throw bad(
      field,
      `第${i + 1}条事件的${what ?? key}${r.zh}，整批未保存。`,
      `Event ${i + 1}: ${key} ${r.en}; nothing of the batch was stored.`,
    );
  }
  return out;
}

/** Lower-cases Latin letters only (the search's case-insensitivity: Chinese has no case, and other scripts keep theirs). */
export function foldLatin(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}
