import { instantToWall, wallToInstant } from './zone.js';

/**
 * Timestamps as log lines write them, read by hand (no regular expressions,
 * no allocation): RFC 3339 as RFC 5424 requires it, and the BSD form of
 * RFC 3164 ("Oct 11 22:14:15", "Oct  1 ...", with a year or fraction as
 * Cisco devices add them). Each reader answers the index after what it read,
 * or -1, and leaves what it read in `ts`.
 */
export const ts = {
  /** Epoch ms (NaN when the date is not a real one). */
  ms: Number.NaN,
  // The BSD form's parts, before its year is known.
  year: -1,
  month: 0,
  day: 0,
  hour: 0,
  minute: 0,
  second: 0,
  milli: 0,
};

const DIGIT0 = 48;

/** The `len` digits at `at` as a number, or -1. */
export function digits(s: string, at: number, len: number): number {
  if (at + len > s.length) return -1;
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const d = s.charCodeAt(i) - DIGIT0;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

export function daysInMonth(year: number, month0: number): number {
  if (month0 === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month0 === 3 || month0 === 5 || month0 === 8 || month0 === 10 ? 30 : 31;
}

/** Reads a fraction of a second at `at` (after the dot): up to 9 digits, kept to the millisecond. */
function fraction(s: string, at: number): number {
  let i = at;
  let milli = 0;
  let scale = 100;
  while (i < s.length && i - at < 9 && isDigit(s.charCodeAt(i))) {
    milli += (s.charCodeAt(i) - DIGIT0) * scale;
    scale /= 10;
    i++;
  }
  if (i === at) return -1;
  ts.milli = Math.floor(milli);
  return i;
}

function validTime(h: number, mi: number, sec: number): boolean {
  // A leap second (60) is refused, as RFC 5424 (6.2.3) does.
  return h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60;
}

/**
 * RFC 3339 at `at`: YYYY-MM-DD, `T` (or a space, as some devices write it),
 * hh:mm:ss, an optional fraction (RFC 5424 allows six digits; Go and Java
 * send nine, kept to the millisecond), then `Z` or ±hh:mm (±hhmm accepted).
 * Without an offset the wall time is read in `zone`, unless `requireOffset`.
 * Sets ts.ms; answers the index after the timestamp, or -1.
 */
export function readIso(s: string, at: number, zone: string, requireOffset: boolean): number {
  const y = digits(s, at, 4);
  if (y < 0 || s.charCodeAt(at + 4) !== 45 /* - */ || s.charCodeAt(at + 7) !== 45) return -1;
  const mo = digits(s, at + 5, 2);
  const d = digits(s, at + 8, 2);
  const t = s.charCodeAt(at + 10);
  if (mo < 1 || mo > 12 || d < 1 || y < 100 || d > daysInMonth(y, mo - 1)) return -1;
  if (t !== 84 /* T */ && t !== 116 /* t */ && t !== 32) return -1;
  const h = digits(s, at + 11, 2);
  const mi = digits(s, at + 14, 2);
  const sec = digits(s, at + 17, 2);
  if (s.charCodeAt(at + 13) !== 58 || s.charCodeAt(at + 16) !== 58 || !validTime(h, mi, sec)) return -1;
  let i = at + 19;
  ts.milli = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    i = fraction(s, i + 1);
    if (i < 0) return -1;
  }
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec, ts.milli);
  const c = s.charCodeAt(i);
  if (c === 90 /* Z */ || c === 122 /* z */) {
    ts.ms = wall;
    return i + 1;
  }
  if (c === 43 /* + */ || c === 45 /* - */) {
    const oh = digits(s, i + 1, 2);
    const colon = s.charCodeAt(i + 3) === 58;
    const om = digits(s, i + (colon ? 4 : 3), 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return -1;
    const offset = (oh * 60 + om) * 60_000 * (c === 43 ? 1 : -1);
    ts.ms = wall - offset;
    return i + (colon ? 6 : 5);
  }
  if (requireOffset) return -1;
  ts.ms = wallToInstant(zone, wall);
  return i;
}

/** The month (0-11) named by the three letters at `at` (any case), or -1. */
function monthAt(s: string, at: number): number {
  if (at + 3 > s.length) return -1;
  const a = s.charCodeAt(at) | 0x20;
  const b = s.charCodeAt(at + 1) | 0x20;
  const c = s.charCodeAt(at + 2) | 0x20;
  const key = (a << 16) | (b << 8) | c;
  const i = months.indexOf(key);
  return i;
}
const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map(
  (m) => (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2),
);

/**
 * The BSD timestamp at `at`: "Mmm dd hh:mm:ss" with the day space-padded
 * ("Oct  1") or not, an optional year before the time ("Mar 01 2026
 * 23:30:01", as Cisco ASA writes it), an optional fraction, and a colon
 * after it tolerated ("...23:30:01: %ASA-..."). Sets the parts in `ts`
 * (year -1 when absent); answers the index after it, or -1.
 */
export function readBsd(s: string, at: number): number {
  const month = monthAt(s, at);
  if (month < 0) return -1;
  let i = at + 3;
  if (s.charCodeAt(i) !== 32) return -1;
  while (s.charCodeAt(i) === 32 && i - at < 6) i++;
  let day = digits(s, i, 1);
  if (day < 0) return -1;
  i++;
  if (isDigit(s.charCodeAt(i))) {
    day = day * 10 + (s.charCodeAt(i) - DIGIT0);
    i++;
  }
  if (s.charCodeAt(i) !== 32 || day < 1 || day > 31) return -1;
  i++;
  let year = -1;
  if (s.charCodeAt(i + 4) === 32) {
    year = digits(s, i, 4);
    if (year < 100) return -1;
    i += 5;
  }
  const h = digits(s, i, 2);
  const mi = digits(s, i + 3, 2);
  const sec = digits(s, i + 6, 2);
  if (s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58 || !validTime(h, mi, sec)) return -1;
  i += 8;
  ts.milli = 0;
  if (s.charCodeAt(i) === 46) {
    i = fraction(s, i + 1);
    if (i < 0) return -1;
  }
  if (s.charCodeAt(i) === 58 /* : */) i++;
  if (i < s.length && s.charCodeAt(i) !== 32) return -1;
  ts.year = year;
  ts.month = month;
  ts.day = day;
  ts.hour = h;
  ts.minute = mi;
  ts.second = sec;
  return i;
}

let lastReceived = Number.NaN;
let lastZone = '';
let lastWall = 0;
let lastYear = 0;

/**
 * The instant of the BSD parts in `ts`, in `zone`. Without a year: the year
 * that puts it nearest the receive time (a line of 31 December received on
 * 1 January is last year's). NaN for a date that does not exist (30 Feb).
 */
export function bsdInstant(receivedAt: number, zone: string): number {
  const { month, day, hour, minute, second, milli } = ts;
  if (ts.year >= 0) {
    if (day > daysInMonth(ts.year, month)) return Number.NaN;
    return wallToInstant(zone, Date.UTC(ts.year, month, day, hour, minute, second, milli));
  }
  if (receivedAt !== lastReceived || zone !== lastZone) {
    lastWall = instantToWall(zone, receivedAt);
    lastYear = new Date(lastWall).getUTCFullYear();
    lastReceived = receivedAt;
    lastZone = zone;
  }
  let best = Number.NaN;
  let bestDistance = Infinity;
  for (let y = lastYear - 1; y <= lastYear + 1; y++) {
    if (day > daysInMonth(y, month)) continue;
    const wall = Date.UTC(y, month, day, hour, minute, second, milli);
    const distance = Math.abs(wall - lastWall);
    if (distance < bestDistance) {
      best = wall;
      bestDistance = distance;
    }
  }
  return Number.isNaN(best) ? best : wallToInstant(zone, best);
}
