import fs from 'node:fs';
import path from 'node:path';

/** The statute seed texts beside the checkout (../shared/seeds), when present. */
export const seedsDir =
  process.env.WANGAN_SEEDS ?? path.resolve(import.meta.dirname, '..', '..', 'shared', 'seeds');

export const haveSeeds = fs.existsSync(seedsDir);
export const seedSkip = haveSeeds ? false : `skipped: no seed texts at ${seedsDir} (../shared/seeds)`;

/** The seed whose file name starts with the prefix ("000"). */
export function seedPath(prefix: string): string {
  const name = fs.readdirSync(seedsDir).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix}* in ${seedsDir}`);
  return path.join(seedsDir, name);
}

export function readSeed(prefix: string): string {
  return fs.readFileSync(seedPath(prefix), 'utf8');
}
