/** The formats a line can be recognised as: the content format when the message is one, else its syslog envelope. */
export const eventFormats = ['rfc5424', 'rfc3164', 'cef', 'kv', 'asa', 'unknown'] as const;
export type EventFormat = (typeof eventFormats)[number];

/**
 * One log line as the parsers understand it. `timestamp` is the device's own
 * time (null when the line carries none or it cannot be read); the receive
 * time is kept beside it by the caller. `fields` holds what the format adds:
 * RFC 5424 structured data as `{sd-id: {param: value}}`, key=value pairs,
 * CEF header and extension, Cisco ASA fields. Values are strings (an RFC 5424
 * parameter repeated in one element is an array of strings); `cef_severity`
 * is the CEF number (or its word).
 */
export interface ParsedEvent {
  format: EventFormat;
  facility: number | null;
  severity: number | null;
  timestamp: Date | null;
  hostname: string | null;
  app: string | null;
  procid: string | null;
  msgid: string | null;
  message: string;
  fields: Record<string, unknown>;
}

export interface ParseContext {
  /** When the line arrived: the year of a timestamp without one is inferred from it. */
  receivedAt: Date;
  /** The source's IANA time zone, for timestamps without an offset (default Asia/Shanghai). */
  sourceZone?: string;
}

/**
 * Sets a field on a plain object, `__proto__` included (a device can send any
 * key; an assignment to `__proto__` would change the object's prototype
 * instead of adding the key).
 */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Syslog facility keywords (RFC 5424 table 1, as rsyslog names them). */
export const facilityNames: readonly string[] = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];

/** Syslog severity keywords, 0 (emergency) to 7 (debug). */
export const severityNames: readonly string[] = [
  'emerg',
  'alert',
  'crit',
  'err',
  'warning',
  'notice',
  'info',
  'debug',
];

/**
 * A severity word as devices write it (FortiGate `level="notice"`, syslog
 * keywords and their long forms) to its number, or null.
 */
export function severityFromWord(word: string): number | null {
  switch (word.toLowerCase()) {
    case 'emerg':
    case 'emergency':
    case 'panic':
      return 0;
    case 'alert':
      return 1;
    case 'crit':
    case 'critical':
      return 2;
    case 'err':
    case 'error':
      return 3;
    case 'warn':
    case 'warning':
      return 4;
    case 'notice':
      return 5;
    case 'info':
    case 'information':
    case 'informational':
      return 6;
    case 'debug':
      return 7;
    default:
      return null;
  }
}
