import type { IdentityPart } from './part.js';
import { GateService } from './gate-service.js';

/** PLACEHOLDER of the skeleton: the gate area (replaced by its builder). */
export const gatePart: IdentityPart<'gate'> = {
  key: 'gate',
  migrations: {},
  build: () => new GateService(),
};
