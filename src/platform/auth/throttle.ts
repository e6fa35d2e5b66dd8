/**
 * Failure throttling for sign-ins and password changes (kept in memory: one
 * server process holds the data folder or serves the database).
 *
 * A key (an account, a known device, a user changing a password) may fail
 * `maxFailures` times within `windowMs`; then it is refused for a lock that
 * starts at `baseLockMs` and doubles with each further lock, up to
 * `maxLockMs`. Success, or a day without failures, forgets the key.
 *
 * An attempt is counted before the password is checked, so parallel attempts
 * cannot slip past the limit while a hash is being computed; success takes
 * it back.
 */
export interface ThrottleSettings {
  maxFailures: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
  /** Locks so far: the next one lasts baseLockMs * 2^level. */
  level: number;
  last: number;
}

const FORGET_AFTER_MS = 24 * 3600 * 1000;

export class FailureThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly maxEntries = 10_000,
  ) {}

  /** Milliseconds until the key may try again (0: it may now). */
  lockedFor(key: string, now: number): number {
    const entry = this.current(key, now);
    return entry ? Math.max(0, entry.lockedUntil - now) : 0;
  }

  /**
   * Refuses (returns the wait in ms) while the key is locked; otherwise counts
   * the attempt as a failure, locking the key when it reaches the limit, and
   * returns 0. Call `succeeded` when the attempt turns out right.
   */
  attempt(key: string, now: number): number {
    const wait = this.lockedFor(key, now);
    if (wait > 0) return wait;
    if (this.settings.maxFailures <= 0) return 0;
    const entry = this.current(key, now) ?? { failures: [], lockedUntil: 0, level: 0, last: now };
    entry.failures = entry.failures.filter((t) => now - t < this.settings.windowMs);
    entry.failures.push(now);
    entry.last = now;
    if (entry.failures.length >= this.settings.maxFailures) {
      const lock = Math.min(this.settings.baseLockMs * 2 ** entry.level, this.settings.maxLockMs);
      entry.lockedUntil = now + lock;
      entry.level += 1;
      entry.failures = [];
    }
    this.store(key, entry, now);
    return 0;
  }

  /** The attempt was right: forget the key's failures and locks. */
  succeeded(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.last > FORGET_AFTER_MS && entry.lockedUntil <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private store(key: string, entry: Entry, now: number): void {
    // Re-insert so the map stays ordered by last use.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size <= this.maxEntries) return;
    // Full: drop the oldest entries that are not locked (a flood of made-up
    // names must not free a locked account), then the oldest if all are.
    for (const [k, e] of this.entries) {
      if (this.entries.size <= this.maxEntries) return;
      if (e.lockedUntil <= now) this.entries.delete(k);
    }
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(k);
    }
  }
}
