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

/**
 * Helmet's options for a hot route only machines call (JSON in, JSON out: the
 * real-name gate, screening): the headers a JSON client heeds stay
 * (`x-content-type-options: nosniff`, `strict-transport-security`); the page
 * headers (content security, frame and cross-origin policies) go, since no
 * browser renders the answer. Route option `helmet: machineJsonHeaders`.
 */
export const machineJsonHeaders = {
  contentSecurityPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;
