import type { Actor } from './roles.js';

export interface TokenCacheSettings {
  /** How long an answer is kept, in seconds; 0 turns the cache off. */
  seconds: number;
  /** The most tokens kept; the least recently used goes first. */
  maxEntries: number;
}

export const defaultTokenCache: TokenCacheSettings = { seconds: 10, maxEntries: 10_000 };

interface Entry {
  actor: Actor;
  userId: string;
  tokenId: string;
  /** The answer is good until then (ms since the epoch). */
  until: number;
  /** The token's own expiry (ms), or null: never answered past it. */
  expiresAt: number | null;
}

/**
 * The answers of the API-token check, by token hash, for a few seconds: the
 * gate and screening routes are called many times a second and must not cost
 * two database queries each. Bounded (least recently used out first); this
 * process drops a token's answer at once when it is revoked and a user's
 * answers when the account changes (disabled, role, password). Another
 * process (the CLI, a second server on the same PostgreSQL) changing a token
 * or an account is seen here within `seconds` at most. Pure: no I/O.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  /** Counts the drops: an answer read from the database before a drop is not kept after it. */
  private drops = 0;

  constructor(private readonly settings: TokenCacheSettings = defaultTokenCache) {}

  get enabled(): boolean {
    return this.settings.seconds > 0 && this.settings.maxEntries > 0;
  }

  /**
   * The answer for a token hash at `now`, or undefined (not kept, stale, or
   * the token expired: then it is dropped, and the caller asks the store).
   */
  get(hash: string, now: number): Actor | undefined {
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (
      now >= e.until ||
      now < e.until - this.settings.seconds * 1000 ||
      (e.expiresAt !== null && now >= e.expiresAt)
    ) {
      // Stale, the clock went back, or the token's own time is up.
      this.entries.delete(hash);
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(hash);
    this.entries.set(hash, e);
    return { ...e.actor };
  }

  /** Taken before reading the database; `set` keeps the answer only if nothing was dropped since. */
  get epoch(): number {
    return this.drops;
  }

  set(hash: string, actor: Actor, tokenId: string, expiresAt: Date | null, now: number, epoch: number): void {
    // A revocation or an account change landed while the rows were read: the answer may be stale.
    if (!this.enabled || epoch !== this.drops) return;
    this.entries.delete(hash);
    this.entries.set(hash, {
      actor: { ...actor },
      userId: actor.userId,
      tokenId,
      until: now + this.settings.seconds * 1000,
      expiresAt: expiresAt?.getTime() ?? null,
    });
    while (this.entries.size > this.settings.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** A token was revoked here. */
  dropToken(tokenId: string): void {
    this.drops++;
    for (const [hash, e] of this.entries) if (e.tokenId === tokenId) this.entries.delete(hash);
  }

  /** An account changed here (disabled, role, password: its tokens may be revoked or narrowed). */
  dropUser(userId: string): void {
    this.drops++;
    for (const [hash, e] of this.entries) if (e.userId === userId) this.entries.delete(hash);
  }

  get size(): number {
    return this.entries.size;
  }
}
