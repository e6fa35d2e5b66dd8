import type { Deadline } from '../../contract/status.js';

/**
 * Deadlines as the console shows them: in Beijing time (Asia/Shanghai),
 * whatever the browser's own time zone; to the minute when the clock runs in
 * hours (a 4-hour incident report), the date otherwise. Pure.
 */
const parts = (instant: Date) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
};

/** The Beijing date of an instant (YYYY-MM-DD). */
export function shanghaiDate(iso: string): string {
  return parts(new Date(iso)).date;
}

/** Beijing wall time of an instant (YYYY-MM-DD HH:mm). */
export function shanghaiDateTime(iso: string): string {
  const p = parts(new Date(iso));
  return `${p.date} ${p.time}`;
}

/** When an open item falls due: "2026-12-01 14:30" for a clock of hours, "2026-12-01" otherwise; null without a date. */
export function formatDue(d: Pick<Deadline, 'dueAt' | 'basis'>): string | null {
  if (!d.dueAt) return null;
  return d.basis === 'hours' ? shanghaiDateTime(d.dueAt) : shanghaiDate(d.dueAt);
}
