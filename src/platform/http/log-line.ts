/**
 * Request logs a person reads in a terminal: one line per request
 * (`12:03:04 GET /api/workspace 200 12ms admin`) instead of pino's JSON, when
 * the server's standard output is a terminal and LOG_FORMAT does not ask for
 * JSON. Anywhere else (a service manager, a log collector) the logs stay JSON.
 */

/** `LOG_FORMAT`: `json` or `line` forces one; `auto` (the default) picks `line` on a terminal. */
export type LogFormat = 'auto' | 'json' | 'line';

export function parseLogFormat(raw: string | undefined): LogFormat {
  if (raw === undefined || raw === '') return 'auto';
  if (raw === 'auto' || raw === 'json' || raw === 'line') return raw;
  throw new Error(`LOG_FORMAT must be json, line or auto, got "${raw}"`);
}

export function readableLogs(format: LogFormat, isTTY: boolean | undefined): boolean {
  return format === 'line' || (format === 'auto' && isTTY === true);
}

/** Query parameters whose values never reach a log line (a public tracking code, a token). */
const SECRET_QUERY = /([?&](?:code|token|trackingCode)=)[^&#]*/gi;

/** The URL as logs show it: secret query values replaced. */
export function scrubUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_QUERY, '$1[redacted]');
}

/** Fastify's `req` serializer, with the URL scrubbed (the rest as Fastify's own). */
export function scrubbedRequest(req: {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}) {
  return {
    method: req.method,
    url: scrubUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** What Fastify's "request completed" entry carries in line mode (its `res` serializer). */
export function lineResponse(reply: {
  statusCode: number;
  request?: { method?: string; url?: string; actor?: { username: string } };
}) {
  return {
    statusCode: reply.statusCode,
    method: reply.request?.method,
    url: scrubUrl(reply.request?.url),
    user: reply.request?.actor?.username,
  };
}

const levels: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** HH:MM:SS in Beijing time (UTC+8 all year). */
function clock(time: unknown): string {
  const ms = typeof time === 'number' ? time : Date.now();
  return new Date(ms + 8 * 3_600_000).toISOString().slice(11, 19);
}

/**
 * One pino entry as a line, or null for one not worth a line (the "incoming
 * request" half of a request: its completion says all of it).
 */
export function logLine(entry: Record<string, unknown>): string | null {
  const at = clock(entry.time);
  if (entry.msg === 'incoming request') return null;
  const res = entry.res as ReturnType<typeof lineResponse> | undefined;
  if (entry.msg === 'request completed' && res) {
    const ms = typeof entry.responseTime === 'number' ? `${Math.round(entry.responseTime)}ms` : '';
    return [at, res.method, res.url, res.statusCode, ms, res.user]
      .filter((p) => p !== undefined && p !== '')
      .join(' ');
  }
  const level = levels[entry.level as number] ?? String(entry.level);
  const err = entry.err as { message?: string; stack?: string } | undefined;
  let line = `${at} ${level} ${String(entry.msg ?? '')}`;
  if (err?.message) line += `: ${err.message}`;
  // A failure's stack, indented under its line, for whoever has to fix it.
  if (err?.stack && (entry.level as number) >= 50)
    line += `\n${err.stack
      .split('\n')
      .slice(1)
      .map((l) => `    ${l.trim()}`)
      .join('\n')}`;
  return line;
}

/** A pino destination writing `logLine`s to `out` (pino hands it one JSON entry per write). */
export function lineDestination(out: { write(text: string): unknown }): { write(chunk: string): void } {
  return {
    write(chunk) {
      for (const text of chunk.split('\n')) {
        if (!text.trim()) continue;
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(text) as Record<string, unknown>;
        } catch {
          out.write(`${text}\n`);
          continue;
        }
        const line = logLine(entry);
        if (line !== null) out.write(`${line}\n`);
      }
    },
  };
}
