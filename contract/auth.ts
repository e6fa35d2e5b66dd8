import { z } from 'zod';
import { pageOf } from './paging.js';
import {
  accountKinds,
  generalScopes,
  narrowScopes,
  roles,
  tokenScopes,
  type Role,
  type TokenScope,
} from './roles.js';

export { accountKinds, generalScopes, narrowScopes, roles, tokenScopes, type Role, type TokenScope };

export const userSchema = z.strictObject({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(roles),
  /** `service`: a machine's account; it cannot sign in and holds tokens an admin creates. */
  kind: z.enum(accountKinds),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type User = z.infer<typeof userSchema>;

/**
 * The signed-in user and what they may do. `can` lists the actions (the
 * routes' declared `config.action` names, e.g. `registers.record`,
 * `workspace.review`) whose route the user's role may call, narrowed by the
 * token's scopes when signed in by token: the console shows and hides
 * actions from it alone. `tokenScopes`: the general scopes the user's own
 * tokens may hold.
 */
export const meSchema = z.strictObject({
  user: userSchema,
  can: z.array(z.string()),
  tokenScopes: z.array(z.enum(generalScopes)),
  csrfToken: z.string().nullable(),
  via: z.enum(['session', 'token']),
});
export type Me = z.infer<typeof meSchema>;

/**
 * GET /api/auth/session: what the console asks at every load. The same answer
 * as /api/auth/me when signed in; `{ user: null }` (200, not 401) when not, so
 * a signed-out load is not a failed request.
 */
export const sessionSchema = z.union([meSchema, z.strictObject({ user: z.null() })]);
export type Session = z.infer<typeof sessionSchema>;

/** GET /api/users. */
export const userPageSchema = pageOf('users', userSchema);
export type UserPage = z.infer<typeof userPageSchema>;

export const tokenSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  userId: z.string(),
  scopes: z.array(z.enum(tokenScopes)),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof tokenSchema>;

/** The secret is shown once, at creation. */
export const createdTokenSchema = tokenSchema.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof createdTokenSchema>;

/** GET /api/tokens. */
export const tokenPageSchema = pageOf('tokens', tokenSchema);
export type TokenPage = z.infer<typeof tokenPageSchema>;

/**
 * What a user holds now (GET /api/users/:id/credentials): what a password
 * reset, a disabling or a role change would touch.
 */
export const credentialsSchema = z.strictObject({
  sessions: z.number(),
  activeTokens: z.number(),
  /** Asked with `?role=`: what the change to that role would do to their tokens (an auditor only reads). */
  roleChange: z.strictObject({ tokensNarrowed: z.number(), tokensRevoked: z.number() }).nullable(),
});
export type Credentials = z.infer<typeof credentialsSchema>;

/**
 * POST /api/users/:id/password: an admin sets a person's password, typed or
 * generated (`password` is the generated one, shown once; null when typed).
 * The user's sessions end and their tokens are revoked: a person's tokens end
 * with their password (machines hold service-account tokens).
 */
export const passwordResetSchema = z.strictObject({
  password: z.string().nullable(),
  sessionsEnded: z.number(),
  tokensRevoked: z.number(),
});
export type PasswordReset = z.infer<typeof passwordResetSchema>;
