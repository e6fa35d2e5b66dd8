import fs from 'node:fs';
import path from 'node:path';
import { readYamlFile } from '../platform/yaml-file.js';
import type { z } from 'zod';
import { holidaysFile, type HolidaysFile } from './calendar.js';
import {
  articleMapFile,
  evidenceKindsFile,
  lawsFile,
  obligationsFile,
  outOfScopeFile,
  penaltiesFile,
  type Obligation,
  type Penalty,
} from './catalog-schema.js';

export const catalogDir = path.resolve(import.meta.dirname, '..', '..', 'catalog');

export interface Catalog {
  versions: z.infer<typeof lawsFile>['versions'];
  articleMap: z.infer<typeof articleMapFile>['entries'];
  penalties: Penalty[];
  obligations: Obligation[];
  outOfScope: z.infer<typeof outOfScopeFile>['articles'];
  holidays: HolidaysFile;
  /** Labels of the evidence record kinds, by kind. */
  evidenceKinds: z.infer<typeof evidenceKindsFile>['kinds'];
}

export class CatalogError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

function readYaml<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = readYamlFile(file);
  } catch (err) {
    throw new CatalogError(file, `not readable YAML: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new CatalogError(file, issues.join('; '));
  }
  return parsed.data;
}

/** Reads and schema-checks every catalogue file. */
export function loadCatalog(dir: string = catalogDir): Catalog {
  const obligationDir = path.join(dir, 'obligations');
  const obligationFiles = fs.existsSync(obligationDir)
    ? fs
        .readdirSync(obligationDir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];
  return {
    versions: readYaml(path.join(dir, 'laws.yaml'), lawsFile).versions,
    articleMap: readYaml(path.join(dir, 'article-map.yaml'), articleMapFile).entries,
    penalties: readYaml(path.join(dir, 'penalties.yaml'), penaltiesFile).penalties,
    obligations: obligationFiles.flatMap(
      (f) => readYaml(path.join(obligationDir, f), obligationsFile).obligations,
    ),
    outOfScope: readYaml(path.join(dir, 'out-of-scope.yaml'), outOfScopeFile).articles,
    holidays: readYaml(path.join(dir, 'holidays.yaml'), holidaysFile),
    evidenceKinds: fs.existsSync(path.join(dir, 'evidence-kinds.yaml'))
      ? readYaml(path.join(dir, 'evidence-kinds.yaml'), evidenceKindsFile).kinds
      : {},
  };
}
