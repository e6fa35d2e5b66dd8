#!/usr/bin/env node
// Node 20's test runner takes no globs: find the test files and hand them over.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureWeb } from './ensure-web.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));

function walk(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(path.relative(root, full));
  }
  return out;
}

// Long crash and soak tests (test/crash/) run only when named: `npm run test:crash`.
const long = (f) => f.startsWith('test/crash/');
let files = [...walk(path.join(root, 'src'), []), ...walk(path.join(root, 'test'), [])].sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
if (!only.some((o) => o.startsWith('test/crash'))) files = files.filter((f) => !long(f));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Browser tests drive the built console.
if (files.some((f) => f.startsWith('test/e2e/'))) ensureWeb();
// Test files share nothing (each suite opens its own in-memory PGlite or a fresh PostgreSQL
// database, servers listen on port 0, folders are temporary), so they run side by side: much of
// a test's time is spent waiting (scrypt, Chromium, PostgreSQL), not computing.
const concurrency = process.env.WANGAN_TEST_CONCURRENCY ?? '4';
// Password hashes at scrypt N=2^10 instead of 2^16: every sign-in of every test would
// otherwise burn 150 ms of a shared CPU (password.test.ts checks the default).
const env = { ...process.env, WANGAN_PASSWORD_COST: process.env.WANGAN_PASSWORD_COST ?? '10' };
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...flags, ...files],
  { cwd: root, stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
