import type { FastifyReply, FastifyRequest } from 'fastify';
import { otpRequestSchema, otpSentSchema, powChallengeSchema } from '../../../contract/content.js';
import { isAppError } from '../errors.js';
import { errorResponses } from '../http/common.js';
import type { ZodApp } from '../http/server.js';
import type { PowAnswer, PublicIntake } from './service.js';

/** A `rate_limited` error also says when to come back, in the standard header. */
export async function withRetryAfter<T>(reply: FastifyReply, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isAppError(err) && err.code === 'rate_limited') {
      const seconds = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof seconds === 'number') void reply.header('retry-after', String(seconds));
    }
    throw err;
  }
}

/**
 * What an intake route (an anonymous submission) spreads into its options:
 * `config` with the tighter per-address limit (WANGAN_INTAKE_RATE_LIMIT a
 * minute) and `preHandler` with the flood cap over all intake routes
 * together (WANGAN_INTAKE_FLOOD_PER_MINUTE). Both answer 429 with the error
 * shape and Retry-After. The route still checks the proof of work itself
 * (`intake.spend(body.pow)`), after validating its body.
 *
 *   app.post('/api/public/x', { ...intakeRoute(intake, 'x.submit'), schema }, handler)
 */
function powOf(body: unknown): PowAnswer | undefined {
  const pow = (body as { pow?: unknown } | null | undefined)?.pow as Partial<PowAnswer> | undefined;
  return typeof pow?.challenge === 'string' && typeof pow.nonce === 'string'
    ? { challenge: pow.challenge, nonce: pow.nonce }
    : undefined;
}

export function intakeRoute(intake: PublicIntake, action: string) {
  return {
    config: {
      access: 'public' as const,
      action,
      rateLimit: { max: intake.settings.perIpPerMinute, timeWindow: '1 minute' },
    },
    // The proof of work is checked before the submission counts against the flood cap.
    preHandler: async (request: FastifyRequest, reply: FastifyReply) =>
      withRetryAfter(reply, () => intake.admit(powOf(request.body))),
  };
}

/** GET /api/public/challenge and POST /api/public/otp. */
export function registerPublicIntakeRoutes(app: ZodApp, intake: PublicIntake): void {
  // The development sender writes to the server's log from now on.
  intake.attachLog((fields, message) => app.log.warn(fields, message));

  app.get(
    '/api/public/challenge',
    {
      config: { access: 'public' },
      schema: {
        tags: ['public'],
        summary:
          'A proof-of-work challenge for a public form: find a nonce so that SHA-256(challenge + ":" + nonce) starts with `difficulty` zero bits',
        response: { 200: powChallengeSchema, ...errorResponses },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return intake.challenge();
    },
  );

  app.post(
    '/api/public/otp',
    {
      ...intakeRoute(intake, 'public.otp.send'),
      schema: {
        tags: ['public'],
        summary:
          'Sends a 6-digit one-time code (valid 10 minutes, 5 tries) to an e-mail address or mainland mobile number, after a solved challenge; one send a minute per address',
        body: otpRequestSchema,
        response: { 200: otpSentSchema, ...errorResponses },
      },
    },
    async (request, reply) => withRetryAfter(reply, () => intake.sendCode(request.body)),
  );
}
