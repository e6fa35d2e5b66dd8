import type { ParseContext, ParsedEvent } from './event.js';
import { readLine } from './syslog.js';
import { assertTimeZone } from './zone.js';

export type { EventFormat, ParseContext, ParsedEvent } from './event.js';
export { eventFormats, facilityNames, severityNames } from './event.js';
export { isTimeZone } from './zone.js';

/** The zone of a source that does not say (China keeps one zone, UTC+8). */
export const DEFAULT_SOURCE_ZONE = 'Asia/Shanghai';

function blank(line: string): ParsedEvent {
  return {
    format: 'unknown',
    facility: null,
    severity: null,
    timestamp: null,
    hostname: null,
    app: null,
    procid: null,
    msgid: null,
    message: line,
    fields: {},
  };
}

/** The line without the line ending (LF, CRLF) or the NULs some senders end a frame with. */
function trimEnd(line: string): string {
  let end = line.length;
  while (end > 0) {
    const c = line.charCodeAt(end - 1);
    if (c !== 10 && c !== 13 && c !== 0) break;
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

/**
 * Parses without the safety net: for the property tests, which must see a
 * parser that throws. Ingest calls `parseLine`.
 */
export function parseLineStrict(raw: string, ctx: ParseContext): ParsedEvent {
  const line = trimEnd(raw);
  const ev = blank(line);
  readLine(line, ev, ctx.receivedAt.getTime(), ctx.sourceZone ?? DEFAULT_SOURCE_ZONE);
  return ev;
}

/**
 * One log line as an event: RFC 5424, RFC 3164 (and what devices send under
 * its name), CEF, key=value and Cisco ASA, alone or behind a syslog header;
 * anything else is `unknown` with the whole line as its message. Never
 * throws on a line: a line is evidence and is kept whatever it holds. (An
 * unknown `sourceZone` is a configuration error and throws a RangeError.)
 */
export function parseLine(line: string, ctx: ParseContext): ParsedEvent {
  assertTimeZone(ctx.sourceZone ?? DEFAULT_SOURCE_ZONE);
  try {
    return parseLineStrict(line, ctx);
  } catch {
    // A parser bug must not cost the event: keep the line whole.
    return blank(trimEnd(line));
  }
}

/**
 * How far the device's clock is from the receive time, in seconds (positive:
 * the device is ahead), or null when the event carries no time.
 */
export function skewSeconds(event: Pick<ParsedEvent, 'timestamp'>, receivedAt: Date): number | null {
  if (!event.timestamp) return null;
  return (event.timestamp.getTime() - receivedAt.getTime()) / 1000;
}

/** Whether the device's clock is off by more than `thresholdSeconds` either way (an event without time is not). */
export function clockSkewed(
  event: Pick<ParsedEvent, 'timestamp'>,
  receivedAt: Date,
  thresholdSeconds: number,
): boolean {
  const skew = skewSeconds(event, receivedAt);
  return skew !== null && Math.abs(skew) > thresholdSeconds;
}
