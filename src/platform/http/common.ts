import { z } from 'zod';

/** The error envelope every failing route returns. */
export const errorOut = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

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
