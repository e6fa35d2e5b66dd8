import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { mlpsFile, type MlpsFile } from './grading.js';

export function loadMlps(
  file = path.resolve(import.meta.dirname, '..', '..', 'catalog', 'mlps.yaml'),
): MlpsFile {
  return mlpsFile.parse(YAML.parse(fs.readFileSync(file, 'utf8')));
}
