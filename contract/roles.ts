/**
 * Roles and token scopes: value lists without zod, so the console can import
 * them without bringing the schemas' library along (contract/auth.ts has the
 * shapes).
 */

/** Roles of the console (what each may do is the server's: see `can` on /api/auth/me). */
export const roles = [
  'admin',
  'compliance_officer',
  'security_officer',
  'data_protection_officer',
  'moderator',
  'auditor',
] as const;
export type Role = (typeof roles)[number];

/** People sign in; service accounts (machines) only hold tokens an admin gives them. */
export const accountKinds = ['person', 'service'] as const;

/**
 * Token scopes: `read` and `write` are general; the narrow ones are for
 * service accounts and call only the routes that declare them.
 */
export const generalScopes = ['read', 'write'] as const;
export const narrowScopes = [
  'incidents.ingest',
  'logvault.ingest',
  'content.screen',
  'identity.gate',
] as const;
export const tokenScopes = [...generalScopes, ...narrowScopes] as const;
export type TokenScope = (typeof tokenScopes)[number];
