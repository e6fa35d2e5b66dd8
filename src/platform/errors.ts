/**
 * Errors a user can cause carry a stable `code` (part of the API contract:
 * clients and tests match on it) and an HTTP status. Anything else is an
 * internal error and is never shown to the client in detail.
 */
export const errorCodes = {
  invalid_credentials: 401,
  unauthenticated: 401,
  session_expired: 401,
  token_revoked: 401,
  token_expired: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  headers_too_large: 431,
  request_timeout: 408,
  unsupported_media_type: 415,
  invalid_json: 400,
  validation_failed: 400,
  bad_request: 400,
  rate_limited: 429,
  data_locked: 409,
  not_applicable: 409,
  /** The ledger's self-check failed: no audit pack until it is resolved. */
  ledger_unverified: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  /** Fastify and its plugins read `statusCode`. */
  get statusCode(): number {
    return this.status;
  }

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorCodes[code];
    this.details = details;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
