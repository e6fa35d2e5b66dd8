import path from 'node:path';
import { readYamlFile } from '../platform/yaml-file.js';
import { contentFile, type ContentFile } from './catalog-schema.js';

export const contentCatalogFile = path.resolve(import.meta.dirname, '..', '..', 'catalog', 'content.yaml');

/**
 * Reads and schema-checks catalog/content.yaml (parsed once per process while
 * the file is unchanged). A broken shipped file is a fault of the
 * installation: a plain error naming the file and its first problems.
 */
export function loadContentCatalog(file: string = contentCatalogFile): ContentFile {
  let raw: unknown;
  try {
    raw = readYamlFile(file);
  } catch (err) {
    throw new Error(`${file}: not readable YAML: ${(err as Error).message}`);
  }
  const parsed = contentFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
