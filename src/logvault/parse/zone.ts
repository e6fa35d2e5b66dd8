/**
 * Wall time in a source's time zone to an instant, for timestamps that carry
 * no offset (RFC 3164, key=value `date`/`time`). China keeps UTC+8 all year,
 * so Asia/Shanghai (the default) and UTC are fixed offsets and never reach
 * Intl; any other IANA zone asks Intl once per zone and quarter hour, cached.
 */

const HOUR = 3_600_000;
const fixed = new Map<string, number>([
  ['Asia/Shanghai', 8 * HOUR],
  ['Asia/Chongqing', 8 * HOUR],
  ['Asia/Harbin', 8 * HOUR],
  ['PRC', 8 * HOUR],
  ['Asia/Hong_Kong', 8 * HOUR],
  ['Asia/Macau', 8 * HOUR],
  ['Asia/Taipei', 8 * HOUR],
  ['UTC', 0],
  ['Etc/UTC', 0],
  ['GMT', 0],
  ['Etc/GMT', 0],
]);

const formatters = new Map<string, Intl.DateTimeFormat>();
const BUCKET = 15 * 60_000;
const cache = new Map<string, Map<number, number>>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Throws a RangeError for a zone Intl does not know.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether Intl knows `zone` as a time zone (an IANA name such as Asia/Shanghai). */
export function isTimeZone(zone: string): boolean {
  if (fixed.has(zone)) return true;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** Throws a RangeError for a zone Intl does not know (cheap once the zone has been seen). */
export function assertTimeZone(zone: string): void {
  if (!fixed.has(zone) && !formatters.has(zone)) formatter(zone);
}

/** The zone's offset from UTC (ms, east positive) at an instant. */
export function zoneOffset(zone: string, instant: number): number {
  const f = fixed.get(zone);
  if (f !== undefined) return f;
  const bucket = Math.floor(instant / BUCKET);
  let byBucket = cache.get(zone);
  if (!byBucket) cache.set(zone, (byBucket = new Map()));
  const hit = byBucket.get(bucket);
  if (hit !== undefined) return hit;
  // Offsets change on the quarter hour at the finest (every zone since 1970), so the bucket's start answers for it.
  const at = bucket * BUCKET;
  const parts = formatter(zone).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = wall - at;
  if (byBucket.size > 4096) byBucket.clear();
  byBucket.set(bucket, offset);
  return offset;
}

/**
 * The instant a wall time (given as if it were UTC, ms) names in `zone`. A
 * wall time that happens twice (clocks set back) gives the first; one that
 * never happens (clocks set forward) is read with the offset before the change.
 */
export function wallToInstant(zone: string, wall: number): number {
  const f = fixed.get(zone);
  if (f !== undefined) return wall - f;
  // Every offset lies within -12 h .. +14 h, so the instant lies between these two.
  const before = zoneOffset(zone, wall - 14 * HOUR);
  const after = zoneOffset(zone, wall + 12 * HOUR);
  if (before === after) return wall - before;
  const early = wall - before;
  const late = wall - after;
  const earlyOk = zoneOffset(zone, early) === before;
  const lateOk = zoneOffset(zone, late) === after;
  if (earlyOk && lateOk) return Math.min(early, late);
  if (lateOk) return late;
  return early;
}

/** The wall time (as if UTC, ms) of an instant in `zone`. */
export function instantToWall(zone: string, instant: number): number {
  return instant + zoneOffset(zone, instant);
}
