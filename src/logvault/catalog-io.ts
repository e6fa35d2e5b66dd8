import path from 'node:path';
import { readYamlFile } from '../platform/yaml-file.js';
import { logvaultFile, type LogvaultFile } from './catalog-schema.js';

export const logvaultCatalogFile = path.resolve(import.meta.dirname, '..', '..', 'catalog', 'logvault.yaml');

/** Reads and schema-checks catalog/logvault.yaml; a broken shipped file is a plain error naming it. */
export function loadLogvaultCatalog(file: string = logvaultCatalogFile): LogvaultFile {
  let raw: unknown;
  try {
    raw = readYamlFile(file);
  } catch (err) {
    throw new Error(`${file}: not readable YAML: ${(err as Error).message}`);
  }
  const parsed = logvaultFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
