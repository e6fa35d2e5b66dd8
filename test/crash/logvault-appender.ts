/**
 * The child process of logvault-crash.test.ts: opens the vault in DIR with
 * the installation key of LEDGER_DIR and appends batches from four writers as
 * fast as it can, printing each acknowledged range ("ack FIRST COUNT BATCH")
 * the moment append resolves, until it is killed.
 */
import crypto from 'node:crypto';
import { loadOrCreateIdentity } from '../../src/ledger/tree-log-io.js';
import { LogVault, vaultOriginFor } from '../../src/logvault/vault-io.js';

const [dir, ledgerDir, round] = process.argv.slice(2) as [string, string, string];
const ledger = loadOrCreateIdentity(ledgerDir);
const vault = await LogVault.open(dir, {
  identity: { origin: vaultOriginFor(ledger.origin), key: ledger.key },
  // Small segments and frequent checkpoints: the kill lands in rollovers and checkpoint writes too.
  maxSegmentBytes: 512 * 1024,
  checkpointMs: 50,
});
process.stdout.write('ready\n');

// A digest per line keeps the lines about as compressible as real ones (about 5 to 1).
const rawLine = (round: string, batch: number, i: number) =>
  `<86>Mar  1 12:00:00 host sshd[42]: round ${round} batch ${batch} event ${i} ${crypto.hash('sha1', `${round}/${batch}/${i}`, 'hex')} `.padEnd(
    200,
    'x',
  );

let next = 0;
async function writer(): Promise<void> {
  for (;;) {
    const batch = next++;
    const count = 100 + (batch % 5) * 100;
    const now = Date.now();
    const events = Array.from({ length: count }, (_, i) => ({
      receivedAt: now,
      source: `src-${batch % 3}`,
      severity: 6,
      hostname: 'host',
      app: 'sshd',
      raw: rawLine(round, batch, i),
    }));
    const r = await vault.append(events);
    process.stdout.write(`ack ${r.firstIndex} ${r.count} ${batch}\n`);
  }
}
await Promise.all([writer(), writer(), writer(), writer()]);
