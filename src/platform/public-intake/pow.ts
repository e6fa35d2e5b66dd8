import crypto from 'node:crypto';

/**
 * Proof of work for anonymous submissions, without any outside service
 * (issue 14 item 5). A challenge is stateless and signed:
 * `v1.<expiresAt ms>.<random>.<difficulty>.<mac>`, the MAC an HMAC-SHA-256
 * (base64url) over everything before it under a key of the installation.
 * The answer is a nonce such that SHA-256(challenge + ":" + nonce) starts
 * with `difficulty` zero bits. Pure: the caller gives the key, the time and
 * the randomness; the spent-challenge memory is the service's.
 */

export const POW_VERSION = 'v1';
/** Difficulty the verifier accepts at all (a challenge claiming more or less was not ours). */
export const POW_MIN_BITS = 1;
export const POW_MAX_BITS = 32;

export interface IssuedChallenge {
  challenge: string;
  difficulty: number;
  expiresAt: Date;
}

export type PowCheck =
  | { ok: true; expiresAt: number; difficulty: number }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'too_few_bits' };

const mac = (key: Buffer, body: string) => crypto.createHmac('sha256', key).update(body).digest('base64url');

/** A new challenge of `difficulty` bits valid until `now + ttlMs`. `random` is its unpredictable part. */
export function issueChallenge(
  key: Buffer,
  opts: { now: Date; ttlMs: number; difficulty: number; random: string },
): IssuedChallenge {
  const expiresAt = opts.now.getTime() + opts.ttlMs;
  const body = `${POW_VERSION}.${expiresAt}.${opts.random}.${opts.difficulty}`;
  return {
    challenge: `${body}.${mac(key, body)}`,
    difficulty: opts.difficulty,
    expiresAt: new Date(expiresAt),
  };
}

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

function workBits(challenge: string, nonce: string): number {
  return leadingZeroBits(crypto.createHash('sha256').update(`${challenge}:${nonce}`).digest());
}

/**
 * Checks a challenge and its nonce: the MAC first (a forged or altered
 * challenge, whatever its bits), then the expiry, then the work. Whether it
 * was spent before is the caller's to check (see PublicIntake).
 */
export function checkPow(key: Buffer, challenge: string, nonce: string, now: Date): PowCheck {
  const parts = challenge.split('.');
  if (parts.length !== 5 || parts[0] !== POW_VERSION) return { ok: false, reason: 'malformed' };
  const [, expires, random, bits, given] = parts as [string, string, string, string, string];
  if (!/^\d{1,15}$/.test(expires) || !/^\d{1,2}$/.test(bits) || !random || !given)
    return { ok: false, reason: 'malformed' };
  const want = Buffer.from(mac(key, parts.slice(0, 4).join('.')));
  const got = Buffer.from(given);
  if (want.length !== got.length || !crypto.timingSafeEqual(want, got))
    return { ok: false, reason: 'forged' };
  const difficulty = Number(bits);
  if (difficulty < POW_MIN_BITS || difficulty > POW_MAX_BITS) return { ok: false, reason: 'malformed' };
  const expiresAt = Number(expires);
  if (now.getTime() >= expiresAt) return { ok: false, reason: 'expired' };
  if (nonce.length === 0 || nonce.length > 100 || workBits(challenge, nonce) < difficulty)
    return { ok: false, reason: 'too_few_bits' };
  return { ok: true, expiresAt, difficulty };
}

/** Finds a nonce (a base-36 counter) for a challenge: for tests, the CLI and the benchmark of the default. */
export function solvePow(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (workBits(challenge, nonce) >= difficulty) return nonce;
  }
}
