import { z } from 'zod';
import {
  createdTokenSchema,
  meSchema,
  sessionSchema,
  tokenSchema,
  userSchema,
  type ApiToken,
  type User,
} from '../../../contract/auth.js';
import { MIN_PASSWORD_LENGTH } from './password.js';
import { accountKinds, roles, tokenScopes } from './roles.js';

export const roleSchema = z.enum(roles);
export const accountKindSchema = z.enum(accountKinds);
export const usernameSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, underscore and hyphen only');
export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(256);

export const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const userOut = userSchema;
export type UserOut = User;

export const meOut = meSchema;
export const sessionOut = sessionSchema;

export const createUserBody = z.strictObject({
  username: usernameSchema,
  displayName: z.string().min(1).max(100).optional(),
  email: z.email().max(200).optional(),
  role: roleSchema,
  /** Default `person`. A service account has no password. */
  kind: accountKindSchema.optional(),
  /** Required for a person, refused for a service account. */
  password: passwordSchema.optional(),
});
export type CreateUserInput = z.infer<typeof createUserBody>;

export const updateUserBody = z.strictObject({
  displayName: z.string().min(1).max(100).optional(),
  email: z.email().max(200).nullable().optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
  password: passwordSchema.optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserBody>;

/** An admin's reset: a typed password, or none to have one generated. */
export const resetPasswordBody = z.strictObject({ password: passwordSchema.optional() });

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

export const tokenScopeSchema = z.enum(tokenScopes);
export const createTokenBody = z.strictObject({
  name: z.string().min(1).max(100),
  scopes: z.array(tokenScopeSchema).min(1).default(['read']),
  /** Days until the token stops working; none = until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenBody>;

export const tokenOut = tokenSchema;
export type TokenOut = ApiToken;

/** The secret is shown once, at creation. */
export const createdTokenOut = createdTokenSchema;

export const idParams = z.strictObject({ id: z.string().min(1).max(100) });
