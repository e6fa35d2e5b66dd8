/**
 * The child process of logvault-tcp-crash.test.ts: the whole server (every
 * module, the database on disk in DATA) with syslog over TCP on an ephemeral
 * 127.0.0.1 port. It prints "ready PORT" once listening, then, each time a
 * batch of lines is fsynced, "stored N R": N the highest line number stored
 * so far (lines carry "line <n>"), R the lines the TCP listener had received
 * by then. Every 10 ms it also prints "received R". It runs until killed.
 */
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';

const [data] = process.argv.slice(2) as [string];
const app = await buildApp({
  config: { ...loadConfig({ dataDir: data, port: 0, demo: false }, {}), webDist: '/nonexistent' },
  jobs: false,
  env: { WANGAN_LOGVAULT_TCP: '127.0.0.1:0' },
});
const svc = app.services.logvault;
const received = () => svc.listenerStatus().find((s) => s.transport === 'tcp')!.received;
let highest = -1;
const ingest = svc.ingestLines.bind(svc);
// The listener calls ingestLines for each batch; it resolves once the vault has fsynced the batch.
svc.ingestLines = async (lines) => {
  await ingest(lines);
  for (const l of lines) {
    const n = Number(/ line (\d+) /.exec(l.line)?.[1] ?? -1);
    if (n > highest) highest = n;
  }
  process.stdout.write(`stored ${highest} ${received()}\n`);
};
const port = Number(/:(\d+)$/.exec(svc.listenerStatus().find((s) => s.transport === 'tcp')!.address!)![1]);
setInterval(() => process.stdout.write(`received ${received()}\n`), 10).unref();
process.stdout.write(`ready ${port}\n`);
// Kept alive by the listener until SIGKILL.
