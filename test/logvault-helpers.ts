import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verifierKey } from '../src/ledger/note.js';
import type { VaultEvent } from '../src/logvault/segment-format.js';
import type { VaultIdentity } from '../src/logvault/vault-io.js';

/** Test support for the log vault (no test of its own): keys, folders, events. */
export function testIdentity(origin = 'test.local/logvault/0001'): VaultIdentity {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    origin,
    key: {
      name: 'test.local/ledger/0001',
      privateKey,
      vkey: verifierKey('test.local/ledger/0001', publicKey),
    },
  };
}

export const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-logvault-'));

/** 2026-03-01 00:00 Beijing. */
export const MARCH_1 = Date.parse('2026-02-28T16:00:00Z');

export function events(
  n: number,
  start: number,
  opts: { source?: string; step?: number; tag?: string } = {},
): VaultEvent[] {
  const out: VaultEvent[] = [];
  for (let i = 0; i < n; i++)
    out.push({
      receivedAt: start + i * (opts.step ?? 1),
      source: opts.source ?? `src-${i % 3}`,
      severity: i % 9 === 8 ? null : i % 8,
      hostname: i % 5 === 4 ? null : `host-${i % 4}`,
      app: i % 7 === 6 ? null : 'sshd',
      raw: `<38>Mar  1 00:00:00 host-${i % 4} sshd[${1000 + i}]: Accepted publickey for root from 10.0.0.${i % 250} port ${40000 + i} ssh2 ${opts.tag ?? ''}`,
    });
  return out;
}
