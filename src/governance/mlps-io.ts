import path from 'node:path';
import { readYamlFile } from '../platform/yaml-file.js';
import { mlpsFile, type MlpsFile } from './grading.js';

export function loadMlps(
  file = path.resolve(import.meta.dirname, '..', '..', 'catalog', 'mlps.yaml'),
): MlpsFile {
  return mlpsFile.parse(readYamlFile(file));
}
