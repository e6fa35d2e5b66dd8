import path from 'node:path';
import { readYamlFile } from '../platform/yaml-file.js';
import { incidentsFile, type IncidentsFile } from './catalog-schema.js';

export const incidentsCatalogFile = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'catalog',
  'incidents.yaml',
);

/**
 * Reads and schema-checks catalog/incidents.yaml (parsed once per process
 * while the file is unchanged). A broken shipped file is a fault of the
 * installation, not of the user: a plain error naming the file and the
 * first problems.
 */
export function loadIncidentsCatalog(file: string = incidentsCatalogFile): IncidentsFile {
  let raw: unknown;
  try {
    raw = readYamlFile(file);
  } catch (err) {
    throw new Error(`${file}: not readable YAML: ${(err as Error).message}`);
  }
  const parsed = incidentsFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${file}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
