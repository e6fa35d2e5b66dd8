import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

// scrypt is memory-hard: N=2^16, r=8 uses 64 MiB per hash (about 150 ms here).
export const DEFAULT_COST = 16;

/**
 * log2 N for new hashes: 16 unless WANGAN_PASSWORD_COST says otherwise
 * (10-22). The test runner lowers it (each sign-in of a test would burn
 * 150 ms of a shared CPU); an operator may raise it. Hashes keep their own
 * parameters, so changing it never locks anyone out.
 */
export function passwordCost(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.WANGAN_PASSWORD_COST;
  if (raw === undefined || raw === '') return DEFAULT_COST;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10 || n > 22)
    throw new Error(
      `WANGAN_PASSWORD_COST must be a whole number from 10 to 22 (log2 of scrypt's N), not "${raw}"`,
    );
  return n;
}

const DEFAULT = { logN: passwordCost(), r: 8, p: 1 };
const KEY_LENGTH = 32;

export const MIN_PASSWORD_LENGTH = 10;

/** `scrypt$logN$r$p$salt$hash` (base64url): parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await derive(password, salt, DEFAULT.logN, DEFAULT.r, DEFAULT.p);
  return [
    'scrypt',
    DEFAULT.logN,
    DEFAULT.r,
    DEFAULT.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, logN, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(logN), Number(r), Number(p));
  return key.length === expected.length && crypto.timingSafeEqual(key, expected);
}

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r });
}

/** A password that burns the same time as a real check, for unknown users. */
export const dummyHash = await hashPassword(crypto.randomBytes(16).toString('hex'));

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

export function generatePassword(): string {
  // 16 characters from an alphabet without look-alikes.
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(16);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
