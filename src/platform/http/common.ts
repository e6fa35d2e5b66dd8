import { z } from 'zod';
import { errorSchema } from '../../../contract/errors.js';

/** The error envelope every failing route returns (shared with the console). */
export const errorOut = errorSchema;

/** Standard error responses for a route's OpenAPI entry. */
export const errorResponses = {
  400: errorOut,
  401: errorOut,
  403: errorOut,
  404: errorOut,
  409: errorOut,
  413: errorOut,
  429: errorOut,
} as const;

export const noContent = z.null().describe('No content');
