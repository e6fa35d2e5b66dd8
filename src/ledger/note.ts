import crypto from 'node:crypto';

/**
 * Checkpoints as C2SP signed notes (https://c2sp.org/signed-note and
 * tlog-checkpoint): the body "<origin>\n<size>\n<base64 root>\n", a blank
 * line, then "— <key name> <base64(key hash (4 bytes) || Ed25519 signature)>".
 */
const ED25519 = 0x01;

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

export class NoteError extends Error {}

function rawPublicKey(key: crypto.KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' }) as { x?: string };
  if (!jwk.x) throw new NoteError('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

function keyHash(name: string, pub: Buffer): Buffer {
  return crypto
    .createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.from([ED25519]), pub]))
    .digest()
    .subarray(0, 4);
}

/** The verifier key string: `<name>+<key hash hex>+<base64(0x01 || public key)>`. */
export function verifierKey(name: string, publicKey: crypto.KeyObject): string {
  const pub = rawPublicKey(publicKey);
  return `${name}+${keyHash(name, pub).toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), pub]).toString('base64')}`;
}

export function parseVerifierKey(vkey: string): { name: string; hash: Buffer; publicKey: crypto.KeyObject } {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(vkey.trim());
  if (!m) throw new NoteError('malformed verifier key');
  const raw = Buffer.from(m[3]!, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) throw new NoteError('verifier key is not Ed25519');
  const pub = raw.subarray(1);
  const hash = Buffer.from(m[2]!, 'hex');
  if (!keyHash(m[1]!, pub).equals(hash)) throw new NoteError('verifier key hash does not match its key');
  const publicKey = crypto.createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: pub.toString('base64url') },
    format: 'jwk',
  });
  return { name: m[1]!, hash, publicKey };
}

export function checkpointBody(c: Checkpoint): string {
  if (/\n/.test(c.origin) || !c.origin) throw new NoteError('origin must be one non-empty line');
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

export function signNote(body: string, name: string, privateKey: crypto.KeyObject): string {
  const pub = rawPublicKey(crypto.createPublicKey(privateKey));
  const sig = crypto.sign(null, Buffer.from(body), privateKey);
  return `${body}\n\u2014 ${name} ${Buffer.concat([keyHash(name, pub), sig]).toString('base64')}\n`;
}

/** Checks a signed note's signature by the given key; returns its text (with the final newline). */
export function openNote(note: string, vkey: string): string {
  const key = parseVerifierKey(vkey);
  // Every signature line ends with a newline: a note whose last byte is anything else was cut or changed.
  if (!note.endsWith('\n')) throw new NoteError('note does not end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('note has no signature block');
  const body = note.slice(0, split + 1);
  const sigLines = note
    .slice(split + 2)
    .split('\n')
    .filter(Boolean);
  let verified = false;
  for (const line of sigLines) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    if (!m) throw new NoteError(`malformed signature line: ${line.slice(0, 40)}`);
    const blob = Buffer.from(m[2]!, 'base64');
    // Canonical base64 only: lenient decoding would accept a changed padding bit.
    if (blob.toString('base64') !== m[2]) throw new NoteError('signature is not canonical base64');
    if (m[1] !== key.name || !blob.subarray(0, 4).equals(key.hash)) continue;
    verified = crypto.verify(null, Buffer.from(body), key.publicKey, blob.subarray(4));
    if (!verified) throw new NoteError('signature does not verify');
  }
  if (!verified) throw new NoteError(`no signature by ${key.name}`);
  return body;
}

/** Checks the note's signature by the given key and parses its checkpoint. */
export function openCheckpoint(note: string, vkey: string): Checkpoint {
  let body: string;
  try {
    body = openNote(note, vkey);
  } catch (err) {
    if (err instanceof NoteError && err.message === 'signature does not verify')
      throw new NoteError('checkpoint signature does not verify');
    throw err;
  }
  const lines = body.split('\n');
  const size = Number(lines[1]);
  const root = Buffer.from(lines[2] ?? '', 'base64');
  if (lines.length < 4 || !Number.isSafeInteger(size) || size < 0 || root.length !== 32)
    throw new NoteError('malformed checkpoint body');
  return { origin: lines[0]!, size, root };
}

/** The first line of a manifest note: no checkpoint or other note can be taken for one. */
export const MANIFEST_CONTEXT = 'wangan audit pack manifest v1';

/** The text an audit pack's manifest note signs: context line, the log's origin, SHA-256 of manifest.json. */
export function manifestNote(origin: string, manifest: Uint8Array): string {
  if (/\s/.test(origin) || !origin) throw new NoteError('origin must be one non-empty word');
  return `${MANIFEST_CONTEXT}\n${origin}\n${crypto.createHash('sha256').update(manifest).digest('hex')}\n`;
}
