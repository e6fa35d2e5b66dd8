import { facilityNames, severityNames, type ParsedEvent } from './parse/index.js';

/** An event as `wangan logvault parse --json` prints it (issue 13's contract): the time as ISO 8601 UTC, or null. */
export function eventJson(e: ParsedEvent) {
  return {
    format: e.format,
    facility: e.facility,
    severity: e.severity,
    timestamp: e.timestamp ? e.timestamp.toISOString() : null,
    hostname: e.hostname,
    app: e.app,
    procid: e.procid,
    msgid: e.msgid,
    message: e.message,
    fields: e.fields,
  };
}

const BEIJING = 8 * 3_600_000;

/** An instant as Beijing wall time to the second, "YYYY-MM-DD HH:mm:ss". */
function beijingSeconds(t: Date): string {
  return new Date(t.getTime() + BEIJING).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One readable line per event: Beijing time, format, facility.severity,
 * host, app[procid], msgid, the message and how many fields it carries
 * ("-" where the line said nothing).
 */
export function eventText(e: ParsedEvent): string {
  const time = e.timestamp ? beijingSeconds(e.timestamp) : '-'.padEnd(19);
  const facility = e.facility === null ? '-' : (facilityNames[e.facility] ?? String(e.facility));
  const severity = e.severity === null ? '-' : (severityNames[e.severity] ?? String(e.severity));
  const app = e.app === null ? '-' : e.procid === null ? e.app : `${e.app}[${e.procid}]`;
  const n = Object.keys(e.fields).length;
  const fields = n === 0 ? '' : n === 1 ? '  (1 field)' : `  (${n} fields)`;
  return `${time}  ${e.format.padEnd(7)}  ${`${facility}.${severity}`.padEnd(14)}  ${e.hostname ?? '-'}  ${app}  ${e.msgid ?? '-'}  ${e.message}${fields}`;
}
