import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { registersFile, type RegistersFile } from './spec.js';

export function loadRegisters(
  file = path.resolve(import.meta.dirname, '..', '..', 'catalog', 'registers.yaml'),
): RegistersFile {
  return registersFile.parse(YAML.parse(fs.readFileSync(file, 'utf8')));
}
