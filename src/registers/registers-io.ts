import path from 'node:path';
import { readYamlFile } from '../platform/yaml-file.js';
import { registersFile, type RegistersFile } from './spec.js';

export function loadRegisters(
  file = path.resolve(import.meta.dirname, '..', '..', 'catalog', 'registers.yaml'),
): RegistersFile {
  return registersFile.parse(readYamlFile(file));
}
