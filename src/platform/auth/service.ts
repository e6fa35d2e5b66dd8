import crypto from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { dummyHash, hashPassword, randomToken, sha256, verifyPassword } from './password.js';
import { isRole, requireRole, type Actor, type Role, type TokenScope } from './roles.js';
import type { CreateTokenInput, CreateUserInput, TokenOut, UpdateUserInput, UserOut } from './schema.js';
import type { AuthStore, TokenRow, UserRow } from './store.js';

export interface SessionSettings {
  idleSeconds: number;
  maxSeconds: number;
}

export interface RequestMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserOut;
}

export const TOKEN_PREFIX = 'wgn_';

export function toUserOut(row: UserRow): UserOut {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: isRole(row.role) ? row.role : 'auditor',
    disabled: row.disabled,
    createdAt: row.created_at.toISOString(),
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
  };
}

export function toTokenOut(row: TokenRow): TokenOut {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    userId: row.user_id,
    scopes: row.scopes as TokenScope[],
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

export class AuthService {
  constructor(
    private readonly store: AuthStore,
    private readonly clock: Clock,
    private readonly sessions: SessionSettings,
  ) {}

  async hasUsers(): Promise<boolean> {
    return (await this.store.countUsers()) > 0;
  }

  async login(username: string, password: string, meta: RequestMeta): Promise<LoginResult> {
    const user = await this.store.findUserByUsername(username);
    // Same work whether or not the user exists: no user enumeration by timing.
    const ok = await verifyPassword(password, user?.password_hash ?? dummyHash);
    if (!user || !ok || user.disabled) {
      throw new AppError('invalid_credentials', 'Wrong username or password.');
    }
    const now = this.clock.now();
    const sessionToken = randomToken();
    const csrfToken = randomToken();
    const expiresAt = this.sessionExpiry(now, now);
    await this.store.insertSession({
      id: sha256(sessionToken),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    });
    await this.store.recordLogin(user.id, now);
    return { sessionToken, csrfToken, expiresAt, user: toUserOut({ ...user, last_login_at: now }) };
  }

  private sessionExpiry(createdAt: Date, now: Date): Date {
    const idle = now.getTime() + this.sessions.idleSeconds * 1000;
    const cap = createdAt.getTime() + this.sessions.maxSeconds * 1000;
    return new Date(Math.min(idle, cap));
  }

  /** The actor behind a session cookie, sliding the idle expiry forward. */
  async authenticateSession(sessionToken: string): Promise<{ actor: Actor; csrfToken: string }> {
    const id = sha256(sessionToken);
    const session = await this.store.findSession(id);
    if (!session) throw new AppError('unauthenticated', 'Not signed in.');
    const now = this.clock.now();
    if (session.expires_at.getTime() <= now.getTime()) {
      await this.store.deleteSession(id);
      throw new AppError('session_expired', 'Your session has expired; sign in again.');
    }
    const user = await this.store.findUserById(session.user_id);
    if (!user || user.disabled || !isRole(user.role)) {
      await this.store.deleteSession(id);
      throw new AppError('unauthenticated', 'Not signed in.');
    }
    // Write the slide at most once a minute.
    if (now.getTime() - session.last_seen_at.getTime() > 60_000) {
      await this.store.touchSession(id, now, this.sessionExpiry(session.created_at, now));
    }
    return {
      actor: { userId: user.id, username: user.username, role: user.role, via: 'session', sessionId: id },
      csrfToken: session.csrf_token,
    };
  }

  async authenticateToken(token: string): Promise<Actor> {
    if (!token.startsWith(TOKEN_PREFIX)) throw new AppError('unauthenticated', 'Malformed API token.');
    const row = await this.store.findTokenByHash(sha256(token));
    if (!row) throw new AppError('unauthenticated', 'Unknown API token.');
    if (row.revoked_at) throw new AppError('token_revoked', 'This API token has been revoked.');
    const now = this.clock.now();
    if (row.expires_at && row.expires_at.getTime() <= now.getTime()) {
      throw new AppError('token_expired', 'This API token has expired.');
    }
    const user = await this.store.findUserById(row.user_id);
    if (!user || user.disabled || !isRole(user.role))
      throw new AppError('unauthenticated', 'Token owner is disabled.');
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000)
      await this.store.touchToken(row.id, now);
    return {
      userId: user.id,
      username: user.username,
      role: user.role,
      via: 'token',
      tokenId: row.id,
      scopes: row.scopes as TokenScope[],
    };
  }

  /** The actor of a named account, for CLI commands run on the server's machine. */
  async findActor(username: string): Promise<Actor> {
    const user = await this.store.findUserByUsername(username);
    if (!user || user.disabled || !isRole(user.role))
      throw new AppError('not_found', `No active user named "${username}".`);
    return { userId: user.id, username: user.username, role: user.role, via: 'cli' };
  }

  async logout(actor: Actor): Promise<void> {
    if (actor.sessionId) await this.store.deleteSession(actor.sessionId);
  }

  async me(actor: Actor): Promise<UserOut> {
    const user = await this.store.findUserById(actor.userId);
    if (!user) throw new AppError('unauthenticated', 'Not signed in.');
    return toUserOut(user);
  }

  async createUser(actor: Actor, input: CreateUserInput): Promise<UserOut> {
    requireRole(actor, ['admin']);
    if (await this.store.findUserByUsername(input.username)) {
      throw new AppError('conflict', `A user named "${input.username}" already exists.`);
    }
    const row = await this.store.insertUser(
      {
        id: crypto.randomUUID(),
        username: input.username,
        display_name: input.displayName ?? input.username,
        email: input.email ?? null,
        role: input.role,
        password_hash: await hashPassword(input.password),
      },
      this.clock.now(),
    );
    return toUserOut(row);
  }

  async listUsers(actor: Actor): Promise<UserOut[]> {
    requireRole(actor, ['admin']);
    return (await this.store.listUsers()).map(toUserOut);
  }

  async updateUser(actor: Actor, id: string, input: UpdateUserInput): Promise<UserOut> {
    requireRole(actor, ['admin']);
    const user = await this.store.findUserById(id);
    if (!user) throw new AppError('not_found', 'No such user.');
    const losesAdmin =
      user.role === 'admin' && ((input.role && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin) {
      const activeAdmins = (await this.store.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
      if (activeAdmins.length <= 1)
        throw new AppError('conflict', 'The last active admin cannot be demoted or disabled.');
    }
    const patch: Parameters<AuthStore['updateUser']>[1] = {};
    if (input.displayName !== undefined) patch.display_name = input.displayName;
    if (input.email !== undefined) patch.email = input.email;
    if (input.role !== undefined) patch.role = input.role;
    if (input.disabled !== undefined) patch.disabled = input.disabled;
    if (input.password !== undefined) patch.password_hash = await hashPassword(input.password);
    const row = await this.store.updateUser(id, patch, this.clock.now());
    if (!row) throw new AppError('not_found', 'No such user.');
    // A disabled account or a reset password ends the user's sessions.
    if (input.disabled || input.password) await this.store.deleteSessionsOfUser(id);
    return toUserOut(row);
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.store.findUserById(actor.userId);
    if (!user || !(await verifyPassword(currentPassword, user.password_hash))) {
      throw new AppError('invalid_credentials', 'The current password is wrong.');
    }
    await this.store.updateUser(
      user.id,
      { password_hash: await hashPassword(newPassword) },
      this.clock.now(),
    );
    await this.store.deleteSessionsOfUser(user.id, actor.sessionId);
  }

  async createToken(actor: Actor, input: CreateTokenInput): Promise<TokenOut & { token: string }> {
    if (actor.role === 'auditor' && input.scopes.includes('write')) {
      throw new AppError('forbidden', 'An auditor can only hold read-only tokens.');
    }
    if (actor.via === 'token' && !actor.scopes?.includes('write')) {
      throw new AppError('forbidden', 'A read-only token cannot create tokens.');
    }
    const id = crypto.randomUUID();
    const token = `${TOKEN_PREFIX}${randomToken(32)}`;
    const now = this.clock.now();
    const row = await this.store.insertToken({
      id,
      user_id: actor.userId,
      name: input.name,
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      token_hash: sha256(token),
      scopes: [...new Set(input.scopes)],
      created_at: now,
      expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    });
    return { ...toTokenOut(row), token };
  }

  async listTokens(actor: Actor): Promise<TokenOut[]> {
    const rows = await this.store.listTokens(actor.role === 'admin' ? undefined : actor.userId);
    return rows.map(toTokenOut);
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    const row = await this.store.findToken(id);
    if (!row || (row.user_id !== actor.userId && actor.role !== 'admin')) {
      throw new AppError('not_found', 'No such token.');
    }
    await this.store.revokeToken(id, this.clock.now());
  }

  cleanupSessions(): Promise<number> {
    return this.store.deleteExpiredSessions(this.clock.now());
  }
}

export type { Role };
