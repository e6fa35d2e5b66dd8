import crypto from 'node:crypto';

/**
 * One-time codes in memory: a 6-digit code per (address, purpose), stored as
 * a salted hash, valid for `ttlMs`, at most `maxTries` wrong guesses, and at
 * most one send per address every `resendMs`. Bounded: past `maxEntries`
 * the expired entries go, then the oldest. Codes live in one process (a
 * restart forgets them: the person asks again). Pure apart from randomness.
 */
export interface CodeBookOptions {
  ttlMs: number;
  maxTries: number;
  resendMs: number;
  maxEntries: number;
}

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'missing' | 'exhausted';

interface Entry {
  salt: Buffer;
  hash: Buffer;
  expiresAt: number;
  sentAt: number;
  tries: number;
}

const hashOf = (salt: Buffer, code: string) => crypto.createHash('sha256').update(salt).update(code).digest();

export class CodeBook {
  private readonly entries = new Map<string, Entry>();
  /** When each address was last sent a code (any purpose): one send a minute per address. */
  private readonly lastSend = new Map<string, number>();

  constructor(private readonly opts: CodeBookOptions) {}

  private key(to: string, purpose: string): string {
    return `${purpose}\u0000${to}`;
  }

  /** Milliseconds before `to` may be sent another code (0: now). */
  waitBeforeSend(to: string, now: number): number {
    const last = this.lastSend.get(to);
    return last === undefined ? 0 : Math.max(0, last + this.opts.resendMs - now);
  }

  /** A new code for (to, purpose), replacing any earlier one; the caller checked `waitBeforeSend`. */
  issue(to: string, purpose: string, now: number): { code: string; expiresAt: number } {
    this.prune(now);
    const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
    const salt = crypto.randomBytes(16);
    const expiresAt = now + this.opts.ttlMs;
    const key = this.key(to, purpose);
    this.entries.delete(key);
    this.entries.set(key, { salt, hash: hashOf(salt, code), expiresAt, sentAt: now, tries: 0 });
    this.lastSend.delete(to);
    this.lastSend.set(to, now);
    return { code, expiresAt };
  }

  /** Takes back a code its sender did not deliver: as if it was never issued (no wait before the next). */
  withdraw(to: string, purpose: string, previousSend: number | undefined): void {
    this.entries.delete(this.key(to, purpose));
    this.lastSend.delete(to);
    if (previousSend !== undefined) this.lastSend.set(to, previousSend);
  }

  /** When a code last went to this address (for `withdraw`). */
  lastSentAt(to: string): number | undefined {
    return this.lastSend.get(to);
  }

  /** Checks a code; a right one is spent (used once), a wrong one counts against the tries. */
  check(to: string, purpose: string, code: string, now: number): CodeCheck {
    const key = this.key(to, purpose);
    const e = this.entries.get(key);
    if (!e) return 'missing';
    if (now >= e.expiresAt) {
      this.entries.delete(key);
      return 'expired';
    }
    if (e.tries >= this.opts.maxTries) return 'exhausted';
    const given = hashOf(e.salt, code.trim());
    if (crypto.timingSafeEqual(given, e.hash)) {
      this.entries.delete(key);
      return 'ok';
    }
    e.tries++;
    return e.tries >= this.opts.maxTries ? 'exhausted' : 'wrong';
  }

  private prune(now: number): void {
    if (this.entries.size < this.opts.maxEntries && this.lastSend.size < this.opts.maxEntries) return;
    for (const [k, e] of this.entries) if (now >= e.expiresAt) this.entries.delete(k);
    for (const [k, at] of this.lastSend) if (now >= at + this.opts.resendMs) this.lastSend.delete(k);
    // Still full: the oldest go first (Map keeps insertion order; issue() re-inserts).
    for (const map of [this.entries, this.lastSend] as Map<string, unknown>[])
      while (map.size >= this.opts.maxEntries) map.delete(map.keys().next().value!);
  }
}
