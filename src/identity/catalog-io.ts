import path from 'node:path';
import { readYamlFile } from '../platform/yaml-file.js';
import { identityFile, type IdentityFile } from './catalog-schema.js';

export const identityCatalogFile = path.resolve(import.meta.dirname, '..', '..', 'catalog', 'identity.yaml');

/**
 * Reads and schema-checks catalog/identity.yaml (parsed once per process while
 * the file is unchanged). A broken shipped file is a fault of the
 * installation: a plain error naming the file and its first problems.
 */
export function loadIdentityCatalog(file: string = identityCatalogFile): IdentityFile {
  let raw: unknown;
  try {
    raw = readYamlFile(file);
  } catch (err) {
    throw new Error(`${file}: not readable YAML: ${(err as Error).message}`);
  }
  const parsed = identityFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
