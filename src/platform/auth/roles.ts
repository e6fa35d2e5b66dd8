import { AppError } from '../errors.js';

/**
 * Roles of the console. Access is default-deny: every route names the roles
 * it allows (see http/guard.ts), and a test walks every route x role.
 */
export const roles = [
  'admin',
  'compliance_officer',
  'security_officer',
  'data_protection_officer',
  'moderator',
  'auditor',
] as const;

export type Role = (typeof roles)[number];

export const allRoles: readonly Role[] = roles;

/** Roles that may change data; the auditor only reads. */
export const writerRoles: readonly Role[] = roles.filter((r) => r !== 'auditor');

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export const tokenScopes = ['read', 'write'] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** Who is acting: established by the guard, passed to services. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  via: 'session' | 'token' | 'cli' | 'system';
  sessionId?: string;
  tokenId?: string;
  scopes?: readonly TokenScope[];
}

export const systemActor: Actor = { userId: 'system', username: 'system', role: 'admin', via: 'system' };

/** Services check again what routes already checked: the CLI calls services directly. */
export function requireRole(actor: Actor, allowed: readonly Role[]): void {
  if (!allowed.includes(actor.role)) {
    throw new AppError('forbidden', `This action needs one of the roles: ${allowed.join(', ')}.`);
  }
}
