import crypto from 'node:crypto';

/**
 * The vault's cryptography, without I/O (issue 15; PIPL Art 51 measures):
 * envelope encryption with AES-256-GCM and the keyed index (HMAC-SHA256).
 *
 * - A person's record (name, identity number, phone as one JSON) is sealed
 *   under a data key of its own (32 random bytes); the record's id is the
 *   additional authenticated data, so a ciphertext copied onto another row
 *   does not open.
 * - The data key is wrapped (AES-256-GCM) by a vault key of the key ring;
 *   the id of the record and of the wrapping key are its authenticated data.
 *   Rotation re-wraps data keys only; the record's ciphertext never changes.
 * - The index is HMAC-SHA256 under a key of its own over the normalized
 *   identity number and phone: equal numbers give equal hashes under one key,
 *   and nothing about the number can be read from a hash without the key.
 *
 * Sealed values are `v1:` + base64(iv 12 bytes | tag 16 bytes | ciphertext).
 */

export interface IdentityRecord {
  name: string;
  idNumber: string;
  phone: string;
}

/** A key of a ring: its id (stored beside what it made) and its 32 bytes. */
export interface RingKey {
  id: string;
  key: Buffer;
  /** When the key was made (from the ring file), if known. */
  createdAt?: string | undefined;
}

export interface Envelope {
  ciphertext: string;
  wrappedKey: string;
  keyId: string;
}

const recordAad = (subjectId: string) => Buffer.from(`wangan.identity.record.v1|${subjectId}`, 'utf8');
const wrapAad = (subjectId: string, keyId: string) =>
  Buffer.from(`wangan.identity.datakey.v1|${subjectId}|${keyId}`, 'utf8');

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64')}`;
}

function unseal(key: Buffer, sealed: string, aad: Buffer): Buffer {
  if (!sealed.startsWith('v1:')) throw new VaultIntegrityError('not a sealed value');
  const raw = Buffer.from(sealed.slice(3), 'base64');
  if (raw.length < 28) throw new VaultIntegrityError('sealed value too short');
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(aad);
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  } catch {
    // Never say more: a wrong key, a changed byte and a swapped row look the same.
    throw new VaultIntegrityError('authentication failed');
  }
}

/** A sealed value that does not open: tampered, moved to another row, or under another key. */
export class VaultIntegrityError extends Error {
  constructor(what: string) {
    super(`identity vault: ${what}`);
    this.name = 'VaultIntegrityError';
  }
}

/** Seals a person's record for the row `subjectId` under a fresh data key wrapped by `kek`. */
export function sealRecord(subjectId: string, record: IdentityRecord, kek: RingKey): Envelope {
  const dataKey = crypto.randomBytes(32);
  try {
    const plaintext = Buffer.from(
      JSON.stringify({ name: record.name, idNumber: record.idNumber, phone: record.phone }),
      'utf8',
    );
    return {
      ciphertext: seal(dataKey, plaintext, recordAad(subjectId)),
      wrappedKey: seal(kek.key, dataKey, wrapAad(subjectId, kek.id)),
      keyId: kek.id,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Opens a row's record; throws VaultIntegrityError when anything was changed or moved. */
export function openRecord(subjectId: string, envelope: Envelope, kek: RingKey): IdentityRecord {
  if (kek.id !== envelope.keyId) throw new VaultIntegrityError('wrong key');
  const dataKey = unseal(kek.key, envelope.wrappedKey, wrapAad(subjectId, envelope.keyId));
  try {
    const parsed = JSON.parse(unseal(dataKey, envelope.ciphertext, recordAad(subjectId)).toString('utf8')) as
      Partial<IdentityRecord> | undefined;
    if (
      typeof parsed?.name !== 'string' ||
      typeof parsed.idNumber !== 'string' ||
      typeof parsed.phone !== 'string'
    )
      throw new VaultIntegrityError('record of the wrong shape');
    return { name: parsed.name, idNumber: parsed.idNumber, phone: parsed.phone };
  } finally {
    dataKey.fill(0);
  }
}

/** Moves a row's data key from `from` to `to` (a vault-key rotation); the record's ciphertext stays. */
export function rewrapKey(subjectId: string, envelope: Envelope, from: RingKey, to: RingKey): Envelope {
  if (from.id !== envelope.keyId) throw new VaultIntegrityError('wrong key');
  const dataKey = unseal(from.key, envelope.wrappedKey, wrapAad(subjectId, from.id));
  try {
    return {
      ciphertext: envelope.ciphertext,
      wrappedKey: seal(to.key, dataKey, wrapAad(subjectId, to.id)),
      keyId: to.id,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** The keyed index of a normalized identity number (18 characters) or phone (11 digits). */
export function indexHash(key: RingKey, kind: 'id' | 'phone', normalized: string): string {
  return crypto
    .createHmac('sha256', key.key)
    .update(`wangan.identity.${kind}.v1|${normalized}`)
    .digest('hex');
}

/** A key's id that says nothing of the key: for a key given in the environment. */
export function fingerprintId(prefix: string, key: Buffer): string {
  return `${prefix}-env-${crypto.createHash('sha256').update('wangan.identity.key-id|').update(key).digest('hex').slice(0, 10)}`;
}

/** A new key id: the prefix, the UTC date and random letters (`vk-20261201-3f9a1c`). */
export function newKeyId(prefix: string, now: Date): string {
  return `${prefix}-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${crypto.randomBytes(3).toString('hex')}`;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A public handle: `u_` and 16 base32 characters (80 random bits), never derived from the identity. */
export function newHandle(): string {
  const bytes = crypto.randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `u_${out}`;
}

// ---------------------------------------------------------------- masks (derived, safe to store)

/** 张三 -> 张*, 欧阳娜娜 -> 欧***: the first character and one star for each other. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '*';
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

/** 110101199003071234 -> 1101**********1234: the province and city, and the last four. */
export function maskIdNumber(normalized: string): string {
  return `${normalized.slice(0, 4)}${'*'.repeat(Math.max(0, normalized.length - 8))}${normalized.slice(-4)}`;
}

/** 13800138000 -> 138****8000. */
export function maskPhone(normalized: string): string {
  return `${normalized.slice(0, 3)}****${normalized.slice(-4)}`;
}
