import {
  accountKinds,
  generalScopes,
  narrowScopes,
  roles,
  tokenScopes,
  type Role,
  type TokenScope,
} from '../../../contract/auth.js';
import { AppError } from '../errors.js';

export { accountKinds, generalScopes, narrowScopes, roles, tokenScopes, type Role, type TokenScope };

/**
 * Roles of the console. Access is default-deny: every route names the roles
 * it allows (see http/guard.ts), and a test walks every route x role.
 */
export const allRoles: readonly Role[] = roles;

/** Roles that may change data; the auditor only reads. */
export const writerRoles: readonly Role[] = roles.filter((r) => r !== 'auditor');

/** Role names as the Chinese console shows them (web/src/locales/zh.ts has the same), for error sentences. */
export const roleZh: Record<Role, string> = {
  admin: '管理员',
  compliance_officer: '合规专员',
  security_officer: '安全专员',
  data_protection_officer: '个人信息保护负责人',
  moderator: '内容审核员',
  auditor: '审计员',
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/**
 * What an API token may do. `read` and `write` are general: `read` calls safe
 * methods (and `readOnly` POSTs) on every route the owner's role may use,
 * `write` everything the role may use. A narrow scope calls only the routes
 * that declare it (`config.scopes`), whatever their method: a machine posting
 * incidents gets `incidents.ingest` and nothing else. Narrow scopes are for
 * service accounts.
 */
export type NarrowScope = (typeof narrowScopes)[number];

export function isNarrowScope(scope: string): scope is NarrowScope {
  return (narrowScopes as readonly string[]).includes(scope);
}

export type AccountKind = (typeof accountKinds)[number];

/** What a route accepts from a token: its method class and the narrow scopes it declares. */
export interface TokenRouteDemand {
  /** A safe method or a POST marked `readOnly`. */
  readOnly: boolean;
  /** Narrow scopes the route declares (none for most routes). */
  scopes: readonly NarrowScope[];
}

/** Whether a token with these scopes may call a route (the role is checked separately). */
export function scopesAllow(scopes: readonly TokenScope[], route: TokenRouteDemand): boolean {
  if (scopes.includes('write')) return true;
  if (route.readOnly && scopes.includes('read')) return true;
  return route.scopes.some((s) => scopes.includes(s));
}

/**
 * The scopes a token keeps when its owner's role changes: an auditor only
 * reads, so a demoted owner's write and narrow scopes go (a write token
 * becomes a read token; a token left with nothing is revoked).
 */
export function scopesForRole(scopes: readonly TokenScope[], role: Role): TokenScope[] {
  if (role !== 'auditor') return [...scopes];
  return scopes.some((s) => s === 'read' || s === 'write') ? ['read'] : [];
}

/** Who is acting: established by the guard, passed to services. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  via: 'session' | 'token' | 'cli' | 'system';
  sessionId?: string;
  tokenId?: string;
  scopes?: readonly TokenScope[];
  /** Set for a service account (a machine): it never signs in. */
  service?: boolean;
}

export const systemActor: Actor = { userId: 'system', username: 'system', role: 'admin', via: 'system' };

/** Services check again what routes already checked: the CLI calls services directly. */
export function requireRole(actor: Actor, allowed: readonly Role[]): void {
  if (!allowed.includes(actor.role)) {
    throw new AppError('forbidden', {
      en: `This action needs one of the roles: ${allowed.join(', ')}.`,
      zh: `此操作需要以下角色之一：${allowed.map((r) => roleZh[r]).join('、')}。`,
    });
  }
}
