import type { IdentityPart } from './part.js';
import { VerifyService } from './verify-service.js';

/** PLACEHOLDER of the skeleton: the verify area (replaced by its builder). */
export const verifyPart: IdentityPart<'verify'> = {
  key: 'verify',
  migrations: {},
  build: () => new VerifyService(),
};
