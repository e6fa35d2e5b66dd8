import {
  validateRequestSchema,
  validateResponseSchema,
  type ValidateResponse,
} from '../../contract/identity.js';
import type { Role } from '../../contract/roles.js';
import { errorResponses } from '../platform/http/common.js';
import type { ZodApp } from '../platform/http/server.js';
import type { ModuleContext } from '../platform/module.js';
import { beijingDate } from '../platform/time.js';
import { describeResidentId, validateMobile, validateResidentId, validateUscc } from './validate/index.js';

/** Who may use the check tool: every role that reads the capability. */
export const validateReaders: Role[] = [
  'admin',
  'compliance_officer',
  'security_officer',
  'data_protection_officer',
  'auditor',
];

/**
 * `POST /api/identity/validate`: the console's check tool, answering what
 * `wangan identity validate` prints, and for a valid resident identity number
 * what it says of its holder (area, birth date, sex). A POST so the number
 * stays out of addresses and the audit trail's paths; the trail records the
 * kind checked and whether it was valid, never the value (the body is not
 * logged, and the validators' messages never repeat the number). Stores
 * nothing.
 */
export function validateRoutes(app: ZodApp, ctx: ModuleContext): void {
  app.post(
    '/api/identity/validate',
    {
      config: { access: validateReaders, action: 'identity.validate', readOnly: true },
      schema: {
        tags: ['identity'],
        summary:
          'Check a resident identity number, unified social credit code or mobile number (kind, value): valid, normalized, reasons, warnings; details (area, birth date, sex) of a valid resident identity number. Nothing is stored; the audit trail keeps the kind, not the value.',
        body: validateRequestSchema,
        response: { 200: validateResponseSchema, ...errorResponses },
      },
    },
    async (request): Promise<ValidateResponse> => {
      const { kind, value } = request.body;
      const result =
        kind === 'resident-id'
          ? validateResidentId(value, beijingDate(ctx.clock.now()))
          : kind === 'uscc'
            ? validateUscc(value)
            : validateMobile(value);
      request.auditDetail = { kind, valid: result.valid };
      return {
        ...result,
        details: kind === 'resident-id' && result.valid ? describeResidentId(result.normalized!) : null,
      };
    },
  );
}
