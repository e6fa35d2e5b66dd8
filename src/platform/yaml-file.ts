import fs from 'node:fs';
import YAML from 'yaml';

const cache = new Map<string, { mtimeMs: number; size: number; value: unknown }>();

/**
 * A shipped YAML file (the catalogue, the registers, the MLPS tables), parsed
 * once per process while the file is unchanged: every composition of the
 * modules (each CLI command, each test app) reads them, and parsing is the
 * slow part. The value is shared: callers schema-parse it (zod copies) and
 * never change it.
 */
export function readYamlFile(file: string): unknown {
  const stat = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.value;
  const value = deepFreeze(YAML.parse(fs.readFileSync(file, 'utf8')) as unknown);
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, value });
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
