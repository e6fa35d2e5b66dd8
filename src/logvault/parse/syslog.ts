import { readContent } from './content.js';
import { put, type ParsedEvent } from './event.js';
import { bsdInstant, readBsd, readIso, ts } from './time.js';

/**
 * Syslog envelopes: RFC 5424 and RFC 3164 with the variants devices send.
 * Read by index, left to right, each character looked at a bounded number
 * of times (these run on the ingest path, on lines anyone can send).
 */

const SP = 32;
/** The escapes of an SD-PARAM value (RFC 5424 6.3.3); any other backslash is kept. */
const sdEscape = /\\(["\\\]])/g;
const MAX_TAG = 128;

/** The PRI `<N>` at the start (N 0-191, no leading zeros but `<0>`): the index after it, or -1. */
function readPri(line: string, ev: ParsedEvent): number {
  if (line.charCodeAt(0) !== 60 /* < */) return -1;
  let pri = 0;
  let i = 1;
  while (i < 5) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    pri = pri * 10 + d;
    i++;
  }
  if (i === 1 || i > 4 || line.charCodeAt(i) !== 62 /* > */ || pri > 191) return -1;
  if (i > 2 && line.charCodeAt(1) === 48) return -1;
  ev.facility = pri >> 3;
  ev.severity = pri & 7;
  return i + 1;
}

/** The index of the next space at or after `from` (or the end). */
function wordEnd(line: string, from: number): number {
  const sp = line.indexOf(' ', from);
  return sp < 0 ? line.length : sp;
}

/** A header word, or null for the NILVALUE "-". */
function nil(line: string, from: number, to: number): string | null {
  if (to === from + 1 && line.charCodeAt(from) === 45) return null;
  return to > from ? line.slice(from, to) : null;
}

// ---- RFC 5424 ------------------------------------------------------------------

/**
 * STRUCTURED-DATA at `at`: `[id param="value" ...]...` with \" \\ \] escaped
 * in values (a backslash before anything else is kept). Answers the index
 * after it, or -1 when it is not well formed (then nothing is kept and the
 * text stays in the message).
 */
function readSd(line: string, at: number, fields: Record<string, unknown>): number {
  const n = line.length;
  let i = at;
  const sd: Record<string, Record<string, string | string[]>> = {};
  while (i < n && line.charCodeAt(i) === 91 /* [ */) {
    const idStart = ++i;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === SP || c === 93 /* ] */ || c === 61 || c === 34) break;
      i++;
    }
    if (i === idStart || i >= n || line.charCodeAt(i) === 61 || line.charCodeAt(i) === 34) return -1;
    const id = line.slice(idStart, i);
    let params = Object.hasOwn(sd, id) ? sd[id]! : undefined;
    if (!params) {
      params = {};
      put(sd, id, params);
    }
    while (line.charCodeAt(i) === SP) {
      const nameStart = ++i;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c === 61 || c === SP || c === 93 || c === 34) break;
        i++;
      }
      if (i === nameStart || line.charCodeAt(i) !== 61 || line.charCodeAt(i + 1) !== 34) return -1;
      const name = line.slice(nameStart, i);
      i += 2;
      const valueStart = i;
      let escaped = false;
      let closed = false;
      while (i < n) {
        const c = line.charCodeAt(i);
        if (c === 92 /* \ */) {
          escaped = true;
          i += 2;
          continue;
        }
        if (c === 34) {
          closed = true;
          break;
        }
        i++;
      }
      if (!closed) return -1;
      const raw = line.slice(valueStart, i);
      // One native pass over the value (building it escape by escape costs a string per escape).
      const value = escaped ? raw.replace(sdEscape, '$1') : raw;
      i++;
      const prior = Object.hasOwn(params, name) ? params[name] : undefined;
      // A parameter named twice in one element keeps every value.
      if (prior === undefined) put(params, name, value);
      else if (Array.isArray(prior)) prior.push(value);
      else put(params, name, [prior, value]);
    }
    if (line.charCodeAt(i) !== 93) return -1;
    i++;
  }
  for (const id of Object.keys(sd)) put(fields, id, sd[id]);
  return i;
}

/** The five header words after VERSION, then STRUCTURED-DATA and MSG (a BOM before MSG dropped). */
function read5424(line: string, at: number, ev: ParsedEvent, zone: string): void {
  ev.format = 'rfc5424';
  let i = at;
  let end = wordEnd(line, i);
  if (!(end === i + 1 && line.charCodeAt(i) === 45)) {
    // A timestamp that is not RFC 3339 with its offset is no time (the line is kept).
    if (readIso(line, i, zone, true) === end) ev.timestamp = new Date(ts.ms);
  }
  const words: (string | null)[] = [];
  for (let w = 0; w < 4 && end < line.length; w++) {
    i = end + 1;
    end = wordEnd(line, i);
    words.push(nil(line, i, end));
  }
  ev.hostname = words[0] ?? null;
  ev.app = words[1] ?? null;
  ev.procid = words[2] ?? null;
  ev.msgid = words[3] ?? null;
  i = end + 1;
  if (i >= line.length) {
    ev.message = '';
    return;
  }
  if (line.charCodeAt(i) === 45 /* - */ && (i + 1 === line.length || line.charCodeAt(i + 1) === SP)) i++;
  else if (line.charCodeAt(i) === 91) {
    const after = readSd(line, i, ev.fields);
    if (after >= 0) i = after;
  }
  if (line.charCodeAt(i) === SP) i++;
  if (line.charCodeAt(i) === 0xfeff) i++;
  ev.message = line.slice(i);
  if (ev.message) readContent(ev, ev.message, zone);
}

// ---- RFC 3164 ------------------------------------------------------------------

const isTagChar = (c: number) =>
  (c >= 97 && c <= 122) ||
  (c >= 65 && c <= 90) ||
  (c >= 48 && c <= 57) ||
  c === 95 ||
  c === 46 ||
  c === 45 ||
  c === 47 ||
  c === 64;

/**
 * The TAG at `at`: `name:`, `name[pid]:` or `name[pid]` before a space,
 * the name of letters, digits and `_ . - / @`. Sets app and procid; answers
 * the index where the message starts (at, when there is no tag).
 */
function readTag(line: string, at: number, ev: ParsedEvent): number {
  const n = line.length;
  let i = at;
  while (i < n && i - at < MAX_TAG && isTagChar(line.charCodeAt(i))) i++;
  if (i === at) {
    // "host : %ASA-..." (a device id, then a colon and no tag).
    if (line.charCodeAt(i) === 58 && line.charCodeAt(i + 1) === SP) return i + 2;
    return at;
  }
  const nameEnd = i;
  let pidStart = -1;
  let pidEnd = -1;
  if (line.charCodeAt(i) === 91 /* [ */) {
    pidStart = i + 1;
    let j = pidStart;
    while (j < n && j - pidStart < MAX_TAG && line.charCodeAt(j) !== 93 && line.charCodeAt(j) !== SP) j++;
    if (line.charCodeAt(j) !== 93) return at;
    pidEnd = j;
    i = j + 1;
  }
  if (line.charCodeAt(i) === 58 /* : */) i++;
  else if (pidStart < 0) return at;
  if (i < n && line.charCodeAt(i) !== SP) return at;
  ev.app = line.slice(at, nameEnd);
  if (pidStart >= 0 && pidEnd > pidStart) ev.procid = line.slice(pidStart, pidEnd);
  return i < n ? i + 1 : i;
}

/** Whether the word [from, to) is the HOSTNAME rather than a tag or the message's first word. */
function isHostWord(line: string, from: number, to: number): boolean {
  if (to === from) return false;
  const first = line.charCodeAt(from);
  if (first === 37 /* % */ || line.charCodeAt(to - 1) === 58 /* : */) return false;
  if (first === 67 && line.startsWith('CEF:', from)) return false;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c === 91 || c === 61) return false;
  }
  return true;
}

/**
 * After PRI (or at the start of a line without one): a BSD or RFC 3339
 * timestamp, HOSTNAME, TAG, MSG. A line without a timestamp has no hostname
 * (RFC 3164 4.3.3: the rest is content); its tag is still read when it had a PRI.
 * Answers false when a line without PRI has no timestamp either (not syslog).
 */
function read3164(
  line: string,
  at: number,
  hasPri: boolean,
  ev: ParsedEvent,
  receivedAt: number,
  zone: string,
): boolean {
  let i = at;
  let end = readBsd(line, i);
  if (end >= 0) {
    const t = bsdInstant(receivedAt, zone);
    if (!Number.isNaN(t)) ev.timestamp = new Date(t);
  } else {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      end = readIso(line, i, zone, false);
      if (end >= 0 && end < line.length && line.charCodeAt(end) !== SP) end = -1;
      if (end >= 0) ev.timestamp = new Date(ts.ms);
    }
  }
  if (end < 0 && !hasPri) return false;
  ev.format = 'rfc3164';
  if (end >= 0) {
    i = end;
    while (line.charCodeAt(i) === SP) i++;
    const wEnd = wordEnd(line, i);
    if (isHostWord(line, i, wEnd)) {
      ev.hostname = line.slice(i, wEnd);
      i = wEnd;
      while (line.charCodeAt(i) === SP) i++;
    }
  }
  const c = line.charCodeAt(i);
  if (c !== 37 && !(c === 67 && line.startsWith('CEF:', i))) i = readTag(line, i, ev);
  ev.message = i === 0 ? line : line.slice(i);
  if (ev.message) readContent(ev, ev.message, zone);
  return true;
}

/** Fills `ev` (made blank, message = the line) from the line; throws nothing it expects. */
export function readLine(line: string, ev: ParsedEvent, receivedAt: number, zone: string): void {
  const at = readPri(line, ev);
  if (at >= 0) {
    // VERSION: RFC 5424 has a version number and a space after PRI; RFC 3164 never does.
    let v = at;
    while (v < at + 3 && line.charCodeAt(v) >= 48 && line.charCodeAt(v) <= 57) v++;
    const next = line.charCodeAt(v + 1);
    if (
      v > at &&
      line.charCodeAt(at) !== 48 &&
      line.charCodeAt(v) === SP &&
      (next === 45 || (next >= 48 && next <= 57))
    ) {
      read5424(line, v + 1, ev, zone);
      return;
    }
    read3164(line, at, true, ev, receivedAt, zone);
    return;
  }
  if (read3164(line, 0, false, ev, receivedAt, zone)) return;
  readContent(ev, line, zone);
}
