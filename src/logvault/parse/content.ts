import { put, severityFromWord, type ParsedEvent } from './event.js';
import { digits, readIso, ts } from './time.js';

/**
 * The device formats a syslog message (or a bare line) can carry: CEF,
 * Cisco ASA and key=value as firewalls send it. Each reads `msg` once, left
 * to right, with bounded look-ahead (no regular expression that could
 * backtrack), and fills the event when the message is its format.
 */

/** Key characters of key=value and CEF extensions: letters, digits, `_ . -`. */
function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45
  );
}
const MAX_KEY = 128;
/** The escapes inside a quoted key=value value: \" and \\. */
const kvEscape = /\\(["\\])/g;
/** The escapes of a CEF header field (\| \\) and of an extension value (\= \\ \n \r, and \| as some senders write it). */
const cefHeaderEscape = /\\([|\\])/g;
const cefExtensionEscape = /\\([=\\nr|])/g;

// ---- key=value --------------------------------------------------------------

/** Whether `msg` opens with `key=`: the cheap test before reading it as key=value. */
function opensWithPair(msg: string): boolean {
  let i = 0;
  while (i < msg.length && i <= MAX_KEY && isKeyChar(msg.charCodeAt(i))) i++;
  return i > 0 && msg.charCodeAt(i) === 61; /* = */
}

/**
 * key=value pairs separated by spaces, values bare or in double quotes (a
 * quoted value keeps its spaces; `\"` and `\\` inside it are escapes).
 * Words that are not pairs are skipped (the message keeps them). Answers
 * how many pairs it put in `fields`.
 */
function readPairs(msg: string, fields: Record<string, unknown>): number {
  const n = msg.length;
  let count = 0;
  let i = 0;
  let nextBackslash = -1;
  while (i < n) {
    while (i < n && (msg.charCodeAt(i) === 32 || msg.charCodeAt(i) === 9)) i++;
    const ks = i;
    while (i < n && i - ks <= MAX_KEY && isKeyChar(msg.charCodeAt(i))) i++;
    if (i > ks && i < n && msg.charCodeAt(i) === 61) {
      const key = msg.slice(ks, i);
      i++;
      let value: string;
      if (msg.charCodeAt(i) === 34 /* " */) {
        i++;
        const vs = i;
        // The next backslash, looked up again only once passed: the fast path stays linear.
        if (nextBackslash < i) nextBackslash = msg.indexOf('\\', i) >>> 0;
        const quote = msg.indexOf('"', i);
        if (quote >= 0 && quote < nextBackslash) {
          value = msg.slice(vs, quote);
          i = quote + 1;
        } else {
          let closed = false;
          while (i < n) {
            const c = msg.charCodeAt(i);
            if (c === 92 /* \ */) {
              i += 2;
              continue;
            }
            if (c === 34) {
              closed = true;
              break;
            }
            i++;
          }
          // An unclosed quote: the value runs to the end of the line.
          if (i > n) i = n;
          value = msg.slice(vs, i).replace(kvEscape, '$1');
          if (closed) i++;
        }
      } else {
        const vs = i;
        while (i < n && msg.charCodeAt(i) !== 32 && msg.charCodeAt(i) !== 9) i++;
        value = msg.slice(vs, i);
      }
      put(fields, key, value);
      count++;
    } else {
      while (i < n && msg.charCodeAt(i) !== 32 && msg.charCodeAt(i) !== 9) i++;
    }
  }
  return count;
}

/** A zone offset as devices write it in a `tz` field: +0800, +08:00, -0500; ms, or NaN. */
function offsetField(tz: unknown): number {
  if (typeof tz !== 'string') return Number.NaN;
  const s = tz.trim();
  const sign = s.charCodeAt(0) === 43 ? 1 : s.charCodeAt(0) === 45 ? -1 : 0;
  if (!sign) return Number.NaN;
  const h = digits(s, 1, 2);
  const colon = s.charCodeAt(3) === 58;
  const m = digits(s, colon ? 4 : 3, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59 || s.length !== (colon ? 6 : 5)) return Number.NaN;
  return sign * (h * 60 + m) * 60_000;
}

/**
 * The device time of a key=value line from `date` and `time` (FortiGate:
 * date=2026-03-01 time=23:30:01, with `tz="+0800"` where it sends one), in
 * the source's zone otherwise; NaN when absent or unreadable.
 */
function pairTime(fields: Record<string, unknown>, zone: string): number {
  const date = fields.date;
  const time = fields.time;
  if (typeof date !== 'string' || typeof time !== 'string' || date.length !== 10) return Number.NaN;
  // YYYY/MM/DD as some devices write it reads the same as YYYY-MM-DD.
  const iso = `${date.replaceAll('/', '-')}T${time}`;
  const offset = offsetField(fields.tz);
  const end = readIso(iso, 0, Number.isNaN(offset) ? zone : 'UTC', false);
  if (end !== iso.length) return Number.NaN;
  return Number.isNaN(offset) ? ts.ms : ts.ms - offset;
}

/**
 * key=value when the message opens with a pair and holds two or more. The
 * device's time, name (`devname`) and level fill what the syslog header left
 * empty.
 */
export function readKv(ev: ParsedEvent, msg: string, zone: string): boolean {
  if (!opensWithPair(msg)) return false;
  // Straight into the event's fields when nothing is there yet (the usual case).
  const empty = Object.keys(ev.fields).length === 0;
  const fields: Record<string, unknown> = empty ? ev.fields : {};
  if (readPairs(msg, fields) < 2) {
    if (empty) ev.fields = {};
    return false;
  }
  // RFC 5424 structured data read before keeps its names.
  if (!empty)
    for (const k of Object.keys(fields)) if (!Object.hasOwn(ev.fields, k)) put(ev.fields, k, fields[k]);
  const t = pairTime(fields, zone);
  if (!Number.isNaN(t)) ev.timestamp = new Date(t);
  if (ev.hostname === null && typeof fields.devname === 'string' && fields.devname)
    ev.hostname = fields.devname;
  if (ev.severity === null && typeof fields.level === 'string') ev.severity = severityFromWord(fields.level);
  ev.format = 'kv';
  return true;
}

// ---- CEF ---------------------------------------------------------------------

const cefHeader = [
  'cef_version',
  'cef_device_vendor',
  'cef_device_product',
  'cef_device_version',
  'cef_signature_id',
  'cef_name',
  'cef_severity',
] as const;
const cefNames = new Set<string>(cefHeader);

/**
 * CEF severity (0-10, or Low / Medium / High / Very-High) to a syslog
 * severity: 0 info, 1-3 notice, 4-6 warning, 7-8 error, 9-10 critical.
 */
export function cefToSyslog(sev: number | string): number | null {
  if (typeof sev === 'number') {
    if (sev === 0) return 6;
    if (sev <= 3) return 5;
    if (sev <= 6) return 4;
    if (sev <= 8) return 3;
    return 2;
  }
  switch (sev.toLowerCase()) {
    case 'low':
      return 5;
    case 'medium':
      return 4;
    case 'high':
      return 3;
    case 'very-high':
      return 2;
    default:
      return null;
  }
}

/** An extension value with its escapes undone. */
function unescapeExtension(s: string): string {
  return s.replace(cefExtensionEscape, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

/**
 * The extension: `key=value` pairs whose values may hold spaces; a value
 * ends where the next ` key=` begins. One pass: a word becomes a key when
 * it is all key characters up to an unescaped `=`.
 */
function readExtension(ext: string, fields: Record<string, unknown>): void {
  const n = ext.length;
  let key: string | null = null;
  let valueStart = 0;
  let escaped = false;
  let wordStart = 0;
  let wordIsKey = true;
  const flush = (end: number) => {
    if (key === null) return;
    let e = end;
    while (e > valueStart && ext.charCodeAt(e - 1) === 32) e--;
    const raw = ext.slice(valueStart, e);
    put(fields, key, escaped ? unescapeExtension(raw) : raw);
  };
  for (let i = 0; i < n; i++) {
    const c = ext.charCodeAt(i);
    if (c === 92) {
      escaped = true;
      wordIsKey = false;
      i++;
    } else if (c === 32) {
      wordStart = i + 1;
      wordIsKey = true;
    } else if (c === 61) {
      if (wordIsKey && i > wordStart && i - wordStart <= MAX_KEY) {
        flush(wordStart - 1 < valueStart ? valueStart : wordStart - 1);
        key = ext.slice(wordStart, i);
        valueStart = i + 1;
        escaped = false;
      }
      wordIsKey = false;
    } else if (wordIsKey && !isKeyChar(c)) wordIsKey = false;
  }
  flush(n);
}

/**
 * CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|Severity|Extension
 * (\| and \\ escaped in the header). The header goes in `cef_*` fields, the
 * extension's pairs beside them; the severity is kept as `cef_severity` and
 * mapped to the event's syslog severity.
 */
export function readCef(ev: ParsedEvent, msg: string): boolean {
  const n = msg.length;
  const header: string[] = [];
  let i = 4; // after "CEF:"
  let start = i;
  let escaped = false;
  while (i < n && header.length < 7) {
    const c = msg.charCodeAt(i);
    if (c === 92) {
      escaped = true;
      i += 2;
    } else if (c === 124) {
      const raw = msg.slice(start, i);
      header.push(escaped ? raw.replace(cefHeaderEscape, '$1') : raw);
      escaped = false;
      start = ++i;
    } else i++;
  }
  if (i > n) i = n;
  if (header.length < 7) return false;
  const extension: Record<string, unknown> = {};
  readExtension(msg.slice(i), extension);
  const sevText = header[6]!.trim();
  const sevNumber = digits(sevText, 0, sevText.length);
  const cefSeverity: number | string =
    sevText.length > 0 && sevText.length <= 2 && sevNumber >= 0 && sevNumber <= 10 ? sevNumber : sevText;
  for (let h = 0; h < 6; h++) put(ev.fields, cefHeader[h]!, h === 0 ? header[0]!.trim() : header[h]!);
  ev.fields.cef_severity = cefSeverity;
  // The header's names win over an extension key of the same name.
  for (const k of Object.keys(extension)) if (!cefNames.has(k)) put(ev.fields, k, extension[k]);
  const mapped = cefToSyslog(cefSeverity);
  if (mapped !== null) ev.severity = mapped;
  ev.format = 'cef';
  return true;
}

// ---- Cisco ASA ---------------------------------------------------------------

/** `interface:address/port` (the address may be IPv6) into three fields under `prefix`. */
function endpoint(fields: Record<string, unknown>, prefix: string, word: string | undefined): void {
  if (!word) return;
  const colon = word.indexOf(':');
  const slash = word.lastIndexOf('/');
  if (colon <= 0 || slash <= colon) return;
  fields[`${prefix}_interface`] = word.slice(0, colon);
  fields[`${prefix}_ip`] = word.slice(colon + 1, slash);
  fields[`${prefix}_port`] = word.slice(slash + 1);
}

/** The fields of the ASA messages every firewall log is mostly made of (connections built, torn down, denied). */
function asaFields(id: string, text: string, fields: Record<string, unknown>): void {
  if (text.length > 4096) return;
  const w = text.split(' ');
  if (id === '302013' || id === '302015') {
    // Built {inbound|outbound} {TCP|UDP} connection ID for IF:ADDR/PORT (MAPPED) to IF:ADDR/PORT (MAPPED)
    if (w[0] !== 'Built' || w[3] !== 'connection' || w[5] !== 'for') return;
    fields.action = 'built';
    fields.direction = w[1];
    fields.protocol = w[2]!.toLowerCase();
    fields.connection_id = w[4];
    endpoint(fields, 'for', w[6]);
    const to = w.indexOf('to', 7);
    if (to > 0) endpoint(fields, 'to', w[to + 1]);
  } else if (id === '302014' || id === '302016') {
    // Teardown {TCP|UDP} connection ID for IF:ADDR/PORT to IF:ADDR/PORT duration H:MM:SS bytes N ...
    if (w[0] !== 'Teardown' || w[2] !== 'connection' || w[4] !== 'for') return;
    fields.action = 'teardown';
    fields.protocol = w[1]!.toLowerCase();
    fields.connection_id = w[3];
    endpoint(fields, 'for', w[5]);
    if (w[6] === 'to') endpoint(fields, 'to', w[7]);
    const d = w.indexOf('duration');
    if (d > 0 && w[d + 1]) fields.duration = w[d + 1];
    const b = w.indexOf('bytes');
    if (b > 0 && w[b + 1]) fields.bytes = w[b + 1];
  } else if (id === '106023') {
    // Deny PROTO src IF:ADDR/PORT dst IF:ADDR/PORT [(type, code)] by access-group "ACL" [...]
    if (w[0] !== 'Deny' || w[2] !== 'src' || w[4] !== 'dst') return;
    fields.action = 'deny';
    fields.protocol = w[1]!.toLowerCase();
    endpoint(fields, 'src', w[3]);
    endpoint(fields, 'dst', w[5]);
    const acl = w.indexOf('access-group');
    if (acl > 0 && w[acl + 1]) fields.acl = w[acl + 1]!.replaceAll('"', '');
  }
}

/**
 * Cisco ASA (and FTD, PIX, FWSM): `%ASA-6-302013: text`. The level in the
 * id is the severity, the number the msgid; the message is the text after it.
 */
export function readAsa(ev: ParsedEvent, msg: string): boolean {
  const dash = msg.indexOf('-', 1);
  if (dash < 2 || dash > 6) return false;
  const family = msg.slice(1, dash);
  if (family !== 'ASA' && family !== 'FTD' && family !== 'PIX' && family !== 'FWSM') return false;
  const level = digits(msg, dash + 1, 1);
  if (level < 0 || level > 7 || msg.charCodeAt(dash + 2) !== 45) return false;
  let i = dash + 3;
  while (i < msg.length && i - dash - 3 < 6 && msg.charCodeAt(i) >= 48 && msg.charCodeAt(i) <= 57) i++;
  if (i === dash + 3 || msg.charCodeAt(i) !== 58) return false;
  const id = msg.slice(dash + 3, i);
  const text = msg.slice(msg.charCodeAt(i + 1) === 32 ? i + 2 : i + 1);
  ev.severity = level;
  ev.msgid = id;
  ev.message = text;
  asaFields(id, text, ev.fields);
  ev.format = 'asa';
  return true;
}

/** Reads `msg` as the device format it opens with, if any; the event's format says which. */
export function readContent(ev: ParsedEvent, msg: string, zone: string): boolean {
  const c = msg.charCodeAt(0);
  if (c === 67 /* C */ && msg.startsWith('CEF:')) return readCef(ev, msg);
  if (c === 37 /* % */) return readAsa(ev, msg);
  return readKv(ev, msg, zone);
}
