import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { isAppError } from '../errors.js';
import type { Config } from '../config.js';
import {
  credentialsSchema,
  passwordResetSchema,
  tokenPageSchema,
  userPageSchema,
} from '../../../contract/auth.js';
import { actionsOf, CSRF_COOKIE, SESSION_COOKIE } from '../http/guard.js';
import { errorResponses } from '../http/common.js';
import type { ZodApp } from '../http/server.js';
import { instantKey, pageQuery, pageRequest } from '../paging.js';
import { allRoles, type Actor } from './roles.js';
import {
  changePasswordBody,
  createdTokenOut,
  createTokenBody,
  createUserBody,
  idParams,
  loginBody,
  meOut,
  resetPasswordBody,
  roleSchema,
  sessionOut,
  updateUserBody,
  userOut,
  type UserOut,
} from './schema.js';
import { DEVICE_DAYS, type AuthService } from './service.js';

/** The users list's cursor: the last username of a page. */
const usernameKey = z.string().max(64);

/** Marks a browser that signed in before: others' failed attempts do not lock it out. */
export const DEVICE_COOKIE = 'wangan_device';
const LOGIN_PATH = '/api/auth/login';

/** A lock's `rate_limited` also says when to come back, in the standard header. */
async function retryAfter<T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T> {
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

export function registerAuthRoutes(app: ZodApp, auth: AuthService, config: Config): void {
  /** The user with the actions the routes let them take (read when asked: every route is declared by then). */
  const whatTheyMayDo = (actor: Actor, user: UserOut) => ({
    user,
    can: actionsOf(app.declaredRoutes, actor),
    tokenScopes: auth.ownTokenScopes(user),
  });
  const meOf = async (actor: Actor, csrfCookie: string | undefined) => {
    const user = await auth.me(actor);
    return {
      ...whatTheyMayDo(actor, user),
      csrfToken: actor.via === 'session' ? (csrfCookie ?? null) : null,
      via: actor.via === 'token' ? ('token' as const) : ('session' as const),
    };
  };
  const cookieBase = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };

  app.post(
    LOGIN_PATH,
    {
      config: { access: 'public', action: 'auth.login' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password; sets the session cookie',
        body: loginBody,
        response: { 200: meOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      request.auditDetail = { username: request.body.username };
      const result = await retryAfter(reply, () =>
        auth.login(request.body.username, request.body.password, {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
          deviceToken: request.cookies[DEVICE_COOKIE],
        }),
      );
      request.actor = {
        userId: result.user.id,
        username: result.user.username,
        role: result.user.role,
        via: 'session',
      };
      void reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        ...cookieBase,
        httpOnly: true,
        expires: result.expiresAt,
      });
      void reply.setCookie(CSRF_COOKIE, result.csrfToken, {
        ...cookieBase,
        httpOnly: false,
        expires: result.expiresAt,
      });
      if (result.deviceToken) {
        // Sent only to the login route; it outlives sign-out on purpose.
        void reply.setCookie(DEVICE_COOKIE, result.deviceToken, {
          ...cookieBase,
          path: LOGIN_PATH,
          httpOnly: true,
          maxAge: DEVICE_DAYS * 86_400,
        });
      }
      return {
        ...whatTheyMayDo(request.actor!, result.user),
        csrfToken: result.csrfToken,
        via: 'session' as const,
      };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: allRoles, action: 'auth.logout' },
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.actor) await auth.logout(request.actor);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: allRoles },
      schema: {
        tags: ['auth'],
        summary:
          "The signed-in user and `can`: the actions (routes' declared action names) their role, and a token's scopes, allow",
        response: { 200: meOut, ...errorResponses },
      },
    },
    async (request) => meOf(request.actor!, request.cookies[CSRF_COOKIE]),
  );

  // The console asks this at every load: "not signed in" is an answer (200), not a failure, so a
  // signed-out browser logs no error. `/api/auth/me` keeps answering 401 for API clients.
  app.get(
    '/api/auth/session',
    {
      config: {
        access: 'public',
        // Every page load of every user behind one office address asks; a session cookie is a
        // random token far too long to guess, so the limit only stops a flood.
        rateLimit: { max: 10 * config.anonymousRateLimit, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary:
          'The signed-in user as /api/auth/me answers it, or `{ user: null }` when nobody is signed in',
        response: { 200: sessionOut, ...errorResponses },
      },
    },
    async (request) => (request.actor ? meOf(request.actor, request.cookies[CSRF_COOKIE]) : { user: null }),
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: allRoles, action: 'auth.change_password' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; other sessions end',
        body: changePasswordBody,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await retryAfter(reply, () =>
        auth.changePassword(request.actor!, request.body.currentPassword, request.body.newPassword),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: ['admin'], action: 'users.list' },
      schema: {
        tags: ['users'],
        summary: 'List accounts by username (paged: limit, cursor -> next)',
        querystring: pageQuery(usernameKey),
        response: { 200: userPageSchema, ...errorResponses },
      },
    },
    async (request) => auth.userPage(request.actor!, pageRequest(request.query)),
  );

  app.post(
    '/api/users',
    {
      config: { access: ['admin'], action: 'users.create' },
      schema: {
        tags: ['users'],
        summary:
          'Create an account: a person (with a password) or a service account (kind "service", no password)',
        body: createUserBody,
        response: { 201: userOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await auth.createUser(request.actor!, request.body);
      request.auditDetail = { userId: user.id, username: user.username, role: user.role };
      return reply.status(201).send(user);
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: ['admin'], action: 'users.update' },
      schema: {
        tags: ['users'],
        summary: 'Change an account: role, name, e-mail, disabled, password reset',
        params: idParams,
        body: updateUserBody,
        response: { 200: userOut, ...errorResponses },
      },
    },
    async (request) => {
      const { password, ...rest } = request.body;
      request.auditDetail = {
        userId: request.params.id,
        changes: { ...rest, ...(password ? { password: 'reset' } : {}) },
      };
      const before = await auth.user(request.actor!, request.params.id);
      // The trail names the account and what it was: "role auditor -> compliance_officer".
      request.auditDetail = {
        ...request.auditDetail,
        username: before.username,
        before: { role: before.role, disabled: before.disabled },
      };
      return auth.updateUser(request.actor!, request.params.id, request.body);
    },
  );

  app.get(
    '/api/users/:id/credentials',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['users'],
        summary:
          'What a user holds now (live sessions, active tokens): what a reset, a disabling or a role change touches',
        params: idParams,
        querystring: z.strictObject({ role: roleSchema.optional() }),
        response: { 200: credentialsSchema, ...errorResponses },
      },
    },
    async (request) => auth.credentials(request.actor!, request.params.id, request.query.role),
  );

  app.post(
    '/api/users/:id/password',
    {
      config: { access: ['admin'], action: 'users.reset_password' },
      schema: {
        tags: ['users'],
        summary:
          "Reset a person's password (typed, or generated and shown once): their sessions end and their tokens are revoked",
        params: idParams,
        body: resetPasswordBody,
        response: { 200: passwordResetSchema, ...errorResponses },
      },
    },
    async (request) => {
      request.auditDetail = {
        userId: request.params.id,
        generated: request.body.password === undefined,
      };
      const out = await auth.resetPassword(request.actor!, request.params.id, request.body.password);
      request.auditDetail = {
        ...request.auditDetail,
        sessionsEnded: out.sessionsEnded,
        tokensRevoked: out.tokensRevoked,
      };
      return out;
    },
  );

  app.post(
    '/api/users/:id/tokens',
    {
      config: { access: ['admin'], action: 'tokens.create' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for a service account; the secret is shown once',
        params: idParams,
        body: createTokenBody,
        response: { 201: createdTokenOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      request.auditDetail = {
        userId: request.params.id,
        name: request.body.name,
        scopes: request.body.scopes,
      };
      const token = await auth.createServiceToken(request.actor!, request.params.id, request.body);
      request.auditDetail = { ...request.auditDetail, tokenId: token.id };
      return reply.status(201).send(token);
    },
  );

  app.get(
    '/api/tokens',
    {
      config: { access: allRoles },
      schema: {
        tags: ['tokens'],
        summary: 'API tokens, newest first: your own, or all for an admin (paged: limit, cursor -> next)',
        querystring: pageQuery(instantKey),
        response: { 200: tokenPageSchema, ...errorResponses },
      },
    },
    async (request) => auth.listTokens(request.actor!, pageRequest(request.query)),
  );

  app.post(
    '/api/tokens',
    {
      config: { access: allRoles, action: 'tokens.create' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for yourself; the secret is shown once',
        body: createTokenBody,
        response: { 201: createdTokenOut, ...errorResponses },
      },
    },
    async (request, reply) => {
      const token = await auth.createToken(request.actor!, request.body);
      request.auditDetail = { tokenId: token.id, name: token.name, scopes: token.scopes };
      return reply.status(201).send(token);
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { access: allRoles, action: 'tokens.revoke' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      request.auditDetail = { tokenId: request.params.id };
      await auth.revokeToken(request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
