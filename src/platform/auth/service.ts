import crypto from 'node:crypto';
import type { Clock } from '../clock.js';
import { takePage, type InstantKey, type PageRequest } from '../paging.js';
import { AppError, type Bilingual } from '../errors.js';
import {
  dummyHash,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  randomToken,
  sha256,
  verifyPassword,
} from './password.js';
import {
  isNarrowScope,
  isRole,
  requireRole,
  scopesForRole,
  type Actor,
  type Role,
  type TokenScope,
} from './roles.js';
import type { CreateTokenInput, CreateUserInput, TokenOut, UpdateUserInput, UserOut } from './schema.js';
import type { AuthStore, TokenRow, UserRow } from './store.js';
import { FailureThrottle } from './throttle.js';
import { defaultTokenCache, TokenCache, type TokenCacheSettings } from './token-cache.js';

export interface SessionSettings {
  idleSeconds: number;
  maxSeconds: number;
}

/** Failed sign-ins per account (and wrong current passwords per user) before a lock. */
export interface LoginLimitSettings {
  /** Failures within 15 minutes that lock; 0 turns the limit off. */
  maxFailures: number;
  /** First lock; each further lock doubles, up to the cap. */
  lockSeconds: number;
  lockMaxSeconds: number;
}

export const defaultLoginLimits: LoginLimitSettings = {
  maxFailures: 5,
  lockSeconds: 60,
  lockMaxSeconds: 900,
};

export interface RequestMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
  /** The device cookie a browser got at an earlier sign-in of this user. */
  deviceToken?: string | undefined;
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserOut;
  /** A new device cookie to set (none when the browser's one is still good). */
  deviceToken: string | undefined;
}

/** How long a browser stays known without a sign-in. */
export const DEVICE_DAYS = 180;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** A token's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

export interface AuthServiceOptions {
  /** The cache of API-token answers (WANGAN_TOKEN_CACHE_SECONDS; 0 turns it off). */
  tokenCache?: TokenCacheSettings;
  /** Where failures of background writes go (a token's last use): the server's log. */
  report?: (err: unknown, what: string) => void;
}

export const TOKEN_PREFIX = 'wgn_';

export function toUserOut(row: UserRow): UserOut {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: isRole(row.role) ? row.role : 'auditor',
    kind: row.kind === 'service' ? 'service' : 'person',
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

const notSignedIn: Bilingual = { en: 'Not signed in.', zh: '尚未登录。' };

function userExists(username: string): AppError {
  return new AppError(
    'conflict',
    { en: `A user named "${username}" already exists.`, zh: `用户名“${username}”已被使用。` },
    undefined,
    'username',
  );
}

function rateLimited(waitMs: number, what: Bilingual): AppError {
  const seconds = Math.ceil(waitMs / 1000);
  const when = seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  const whenZh = seconds < 120 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
  return new AppError(
    'rate_limited',
    { en: `Too many ${what.en}; try again in ${when}.`, zh: `${what.zh}次数过多，请 ${whenZh}后再试。` },
    { retryAfterSeconds: seconds },
  );
}

export class AuthService {
  /** Failed sign-ins per account name, from browsers this account has not signed in from. */
  private readonly accountFailures: FailureThrottle;
  /** Failed sign-ins per known browser: a stolen device cookie buys no extra guesses. */
  private readonly deviceFailures: FailureThrottle;
  /** Wrong current passwords per user on password change. */
  private readonly passwordFailures: FailureThrottle;
  /** Token answers by hash, for a few seconds (see TokenCache: other processes are seen within its TTL). */
  private readonly tokenCache: TokenCache;
  /** When this process last wrote (or read) each token's last use, ms. */
  private readonly touched = new Map<string, number>();
  private readonly touchCap: number;
  private readonly report: (err: unknown, what: string) => void;

  constructor(
    private readonly store: AuthStore,
    private readonly clock: Clock,
    private readonly sessions: SessionSettings,
    limits: LoginLimitSettings = defaultLoginLimits,
    opts: AuthServiceOptions = {},
  ) {
    this.tokenCache = new TokenCache(opts.tokenCache ?? defaultTokenCache);
    this.touchCap = Math.max(1000, 2 * (opts.tokenCache ?? defaultTokenCache).maxEntries);
    this.report =
      opts.report ?? ((err, what) => process.stderr.write(`${what}: ${(err as Error).message}\n`));
    const settings = {
      maxFailures: limits.maxFailures,
      windowMs: FAILURE_WINDOW_MS,
      baseLockMs: limits.lockSeconds * 1000,
      maxLockMs: Math.max(limits.lockSeconds, limits.lockMaxSeconds) * 1000,
    };
    this.accountFailures = new FailureThrottle(settings);
    this.deviceFailures = new FailureThrottle(settings);
    this.passwordFailures = new FailureThrottle(settings);
  }

  async hasUsers(): Promise<boolean> {
    return (await this.store.countUsers()) > 0;
  }

  /**
   * Signs a person in. Failures are limited per account whatever the address
   * (the per-address limit is the HTTP layer's): after `maxFailures` within
   * 15 minutes the account is refused with `rate_limited` for a short lock
   * that doubles with each further lock. Browsers the user has signed in from
   * before (device cookie) are exempt from that lock, with a limit of their
   * own, so an attacker cannot lock the owner out.
   */
  async login(username: string, password: string, meta: RequestMeta): Promise<LoginResult> {
    const now = this.clock.now();
    const user = await this.store.findUserByUsername(username);
    const device =
      user && meta.deviceToken ? await this.store.findDevice(sha256(meta.deviceToken)) : undefined;
    const known = device !== undefined && device.user_id === user?.id;
    const throttle = known ? this.deviceFailures : this.accountFailures;
    // Unknown names are counted too: a lock says nothing about whether the account exists.
    const key = known ? device.id : username.toLowerCase();
    const wait = throttle.attempt(key, now.getTime());
    if (wait > 0) throw rateLimited(wait, { en: 'failed sign-ins for this account', zh: '该账号登录失败' });
    // Same work whether or not the user exists: no user enumeration by timing.
    const ok = await verifyPassword(password, user?.password_hash ?? dummyHash);
    if (!user || !ok || user.disabled || user.kind !== 'person' || !user.password_hash) {
      throw new AppError('invalid_credentials', {
        en: 'Wrong username or password.',
        zh: '用户名或密码错误。',
      });
    }
    throttle.succeeded(key);
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
    let deviceToken: string | undefined;
    if (known) {
      await this.store.touchDevice(device.id, now);
    } else {
      deviceToken = randomToken();
      await this.store.insertDevice(sha256(deviceToken), user.id, now);
    }
    return {
      sessionToken,
      csrfToken,
      expiresAt,
      user: toUserOut({ ...user, last_login_at: now }),
      deviceToken,
    };
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
    if (!session) throw new AppError('unauthenticated', notSignedIn);
    const now = this.clock.now();
    if (session.expires_at.getTime() <= now.getTime()) {
      await this.store.deleteSession(id);
      throw new AppError('session_expired', {
        en: 'Your session has expired; sign in again.',
        zh: '登录已过期，请重新登录。',
      });
    }
    const user = await this.store.findUserById(session.user_id);
    if (!user || user.disabled || !isRole(user.role)) {
      await this.store.deleteSession(id);
      throw new AppError('unauthenticated', notSignedIn);
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

  /**
   * The actor behind an API token. Answered from memory for a few seconds
   * after a first check (TokenCache): no database query per request on the
   * machine routes. A revocation, a disabled owner, a role change or a
   * password reset made through this process takes effect at once; one made
   * by another process (the CLI, another server on the same database) within
   * WANGAN_TOKEN_CACHE_SECONDS (10 s by default). An expired token is never
   * answered from memory past its expiry.
   */
  async authenticateToken(token: string): Promise<Actor> {
    if (!token.startsWith(TOKEN_PREFIX))
      throw new AppError('unauthenticated', { en: 'Malformed API token.', zh: '接口令牌格式不正确。' });
    const hash = sha256(token);
    const now = this.clock.now();
    const cached = this.tokenCache.get(hash, now.getTime());
    if (cached) {
      this.touchLater(cached.tokenId!, now);
      return cached;
    }
    const epoch = this.tokenCache.epoch;
    const row = await this.store.findTokenByHash(hash);
    if (!row) throw new AppError('unauthenticated', { en: 'Unknown API token.', zh: '无法识别该接口令牌。' });
    if (row.revoked_at)
      throw new AppError('token_revoked', {
        en: 'This API token has been revoked.',
        zh: '该接口令牌已被吊销。',
      });
    if (row.expires_at && row.expires_at.getTime() <= now.getTime()) {
      throw new AppError('token_expired', { en: 'This API token has expired.', zh: '该接口令牌已过期。' });
    }
    const user = await this.store.findUserById(row.user_id);
    if (!user || user.disabled || !isRole(user.role))
      throw new AppError('unauthenticated', {
        en: 'Token owner is disabled.',
        zh: '该令牌所属账号已停用。',
      });
    this.touchLater(row.id, now, row.last_used_at);
    const actor: Actor = {
      userId: user.id,
      username: user.username,
      role: user.role,
      via: 'token',
      tokenId: row.id,
      // Never more than the owner's role allows now (an auditor reads).
      scopes: scopesForRole(row.scopes as TokenScope[], user.role),
      ...(user.kind === 'service' ? { service: true } : {}),
    };
    this.tokenCache.set(hash, actor, row.id, row.expires_at, now.getTime(), epoch);
    return actor;
  }

  /**
   * Writes a token's last use, at most once a minute, off the request's path:
   * the request does not wait for it, and a failure is reported, never thrown.
   * `fromRow` is the last use the database holds, when the row was just read.
   */
  private touchLater(tokenId: string, now: Date, fromRow?: Date | null): void {
    const t = now.getTime();
    const known = this.touched.get(tokenId);
    const last = Math.max(known ?? -Infinity, fromRow?.getTime() ?? -Infinity);
    if (t - last <= TOUCH_EVERY_MS) {
      if (known === undefined) this.remember(tokenId, last);
      return;
    }
    this.remember(tokenId, t);
    this.store
      .touchToken(tokenId, now)
      .catch((err: unknown) => this.report(err, 'could not record the last use of an API token'));
  }

  private remember(tokenId: string, at: number): void {
    this.touched.delete(tokenId);
    this.touched.set(tokenId, at);
    if (this.touched.size > this.touchCap) this.touched.delete(this.touched.keys().next().value as string);
  }

  /** The actor of a named account, for CLI commands run on the server's machine. */
  async findActor(username: string): Promise<Actor> {
    const user = await this.store.findUserByUsername(username);
    if (!user || user.disabled || !isRole(user.role))
      throw new AppError('not_found', {
        en: `No active user named "${username}".`,
        zh: `没有名为“${username}”的在用账号。`,
      });
    return {
      userId: user.id,
      username: user.username,
      role: user.role,
      via: 'cli',
      ...(user.kind === 'service' ? { service: true } : {}),
    };
  }

  async logout(actor: Actor): Promise<void> {
    if (actor.sessionId) await this.store.deleteSession(actor.sessionId);
  }

  async me(actor: Actor): Promise<UserOut> {
    const user = await this.store.findUserById(actor.userId);
    if (!user) throw new AppError('unauthenticated', notSignedIn);
    return toUserOut(user);
  }

  async createUser(actor: Actor, input: CreateUserInput): Promise<UserOut> {
    requireRole(actor, ['admin']);
    const kind = input.kind ?? 'person';
    if (kind === 'person' && !input.password)
      throw new AppError(
        'validation_failed',
        { en: 'A person needs a password.', zh: '人员账号需要设置密码。' },
        undefined,
        'password',
      );
    if (kind === 'service' && input.password)
      throw new AppError(
        'validation_failed',
        {
          en: 'A service account has no password: it never signs in and works with the tokens an admin creates for it.',
          zh: '服务账号不设密码：它从不登录，只使用管理员为其创建的令牌。',
        },
        undefined,
        'password',
      );
    if (await this.store.findUserByUsername(input.username)) {
      throw userExists(input.username);
    }
    const row = await this.store.insertUser(
      {
        id: crypto.randomUUID(),
        username: input.username,
        display_name: input.displayName ?? input.username,
        email: input.email ?? null,
        role: input.role,
        kind,
        password_hash: input.password ? await hashPassword(input.password) : null,
      },
      this.clock.now(),
    );
    // Two admins creating "Bob" and "bob" at once: the index lets one in.
    if (!row) throw userExists(input.username);
    return toUserOut(row);
  }

  async listUsers(actor: Actor): Promise<UserOut[]> {
    requireRole(actor, ['admin']);
    return (await this.store.listUsers()).map(toUserOut);
  }

  /** Accounts by username, a page at a time. */
  async userPage(
    actor: Actor,
    page: PageRequest<string>,
  ): Promise<{ users: UserOut[]; next: string | null }> {
    requireRole(actor, ['admin']);
    const p = takePage(await this.store.userPage(page.limit + 1, page.after), page.limit, (r) => r.username);
    return { users: p.rows.map(toUserOut), next: p.next };
  }

  /**
   * An admin changes an account. A password reset ends the user's sessions and
   * revokes their tokens; disabling ends the sessions; a demotion to auditor
   * narrows their tokens to read (see `scopesForRole`).
   */
  async updateUser(actor: Actor, id: string, input: UpdateUserInput): Promise<UserOut> {
    requireRole(actor, ['admin']);
    const user = await this.store.findUserById(id);
    if (!user) throw new AppError('not_found', { en: 'No such user.', zh: '没有这个用户。' });
    if (input.password !== undefined && user.kind === 'service')
      throw new AppError(
        'validation_failed',
        { en: 'A service account has no password to reset.', zh: '服务账号没有可重置的密码。' },
        undefined,
        'password',
      );
    const losesAdmin =
      user.role === 'admin' && ((input.role && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin && user.kind === 'person') {
      // Service accounts never sign in: they cannot stand in for the last admin.
      const activeAdmins = (await this.store.listUsers()).filter(
        (u) => u.role === 'admin' && !u.disabled && u.kind === 'person',
      );
      if (activeAdmins.length <= 1)
        throw new AppError('conflict', {
          en: 'The last active admin cannot be demoted or disabled.',
          zh: '不能降级或停用最后一位在用的管理员。',
        });
    }
    const patch: Parameters<AuthStore['updateUser']>[1] = {};
    if (input.displayName !== undefined) patch.display_name = input.displayName;
    if (input.email !== undefined) patch.email = input.email;
    if (input.role !== undefined) patch.role = input.role;
    if (input.disabled !== undefined) patch.disabled = input.disabled;
    if (input.password !== undefined) patch.password_hash = await hashPassword(input.password);
    const newRole = input.role;
    const row = await this.store.updateUser(id, patch, this.clock.now(), {
      ...(newRole && newRole !== user.role
        ? { narrow: (scopes: string[]) => scopesForRole(scopes as TokenScope[], newRole) }
        : {}),
    });
    // Disabled, another role, a new password: the tokens' answers kept here no longer hold.
    this.tokenCache.dropUser(id);
    if (!row) throw new AppError('not_found', { en: 'No such user.', zh: '没有这个用户。' });
    return toUserOut(row);
  }

  /**
   * A person changes their own password. Wrong current passwords are limited
   * per user like sign-ins. The new password ends the user's other sessions
   * and revokes all their tokens (a leaked credential is what a change is
   * usually for); service accounts' tokens are theirs, not the person's.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.store.findUserById(actor.userId);
    if (!user) throw new AppError('unauthenticated', notSignedIn);
    if (user.kind !== 'person' || !user.password_hash)
      throw new AppError('forbidden', { en: 'A service account has no password.', zh: '服务账号没有密码。' });
    const now = this.clock.now();
    const wait = this.passwordFailures.attempt(user.id, now.getTime());
    if (wait > 0) throw rateLimited(wait, { en: 'wrong current passwords', zh: '当前密码输错' });
    if (!(await verifyPassword(currentPassword, user.password_hash))) {
      throw new AppError(
        'invalid_credentials',
        { en: 'The current password is wrong.', zh: '当前密码不正确。' },
        undefined,
        'currentPassword',
      );
    }
    this.passwordFailures.succeeded(user.id);
    if (currentPassword === newPassword)
      throw new AppError(
        'validation_failed',
        { zh: '新密码不能与当前密码相同。', en: 'The new password must differ from the current one.' },
        undefined,
        'newPassword',
      );
    await this.store.updateUser(user.id, { password_hash: await hashPassword(newPassword) }, now, {
      keepSessionId: actor.sessionId,
    });
    this.tokenCache.dropUser(user.id); // its tokens are revoked
  }

  /** What a user holds now: what a reset, a disabling or a role change touches. */
  async credentials(
    actor: Actor,
    id: string,
    toRole?: Role,
  ): Promise<{
    sessions: number;
    activeTokens: number;
    roleChange: { tokensNarrowed: number; tokensRevoked: number } | null;
  }> {
    requireRole(actor, ['admin']);
    if (!(await this.store.findUserById(id))) throw noSuchUser();
    const now = this.clock.now();
    const held = await this.store.credentials(id, now);
    if (!toRole) return { ...held, roleChange: null };
    // What the role change would do to their tokens, as `updateUser` does it.
    let tokensNarrowed = 0;
    let tokensRevoked = 0;
    for (const scopes of await this.store.activeTokenScopes(id, now)) {
      const kept = scopesForRole(scopes as TokenScope[], toRole);
      if (kept.length === 0) tokensRevoked++;
      else if (kept.length !== scopes.length || kept.some((s, i) => s !== scopes[i])) tokensNarrowed++;
    }
    return { ...held, roleChange: { tokensNarrowed, tokensRevoked } };
  }

  /** The account as it is now, for the audit trail of a change (its role before). */
  async user(actor: Actor, id: string): Promise<UserOut> {
    requireRole(actor, ['admin']);
    const row = await this.store.findUserById(id);
    if (!row) throw noSuchUser();
    return toUserOut(row);
  }

  /**
   * An admin sets a person's password, typed or generated. Like a change of
   * one's own, it ends every session of the user and revokes all their tokens
   * (a person's tokens end with their password; machines hold service-account
   * tokens), and forgets the browsers they signed in from. Answers the
   * generated password once, and what ended.
   */
  async resetPassword(
    actor: Actor,
    id: string,
    typed: string | undefined,
  ): Promise<{ password: string | null; sessionsEnded: number; tokensRevoked: number }> {
    requireRole(actor, ['admin']);
    const user = await this.store.findUserById(id);
    if (!user) throw noSuchUser();
    if (user.kind === 'service') throw serviceHasNoPassword();
    const now = this.clock.now();
    const generated = typed === undefined ? generatePassword() : null;
    const before = await this.store.credentials(id, now);
    // An admin resetting their own password keeps the session they do it from.
    await this.store.updateUser(id, { password_hash: await hashPassword(typed ?? generated!) }, now, {
      keepSessionId: actor.userId === id ? actor.sessionId : undefined,
    });
    this.tokenCache.dropUser(id); // its tokens are revoked
    const after = await this.store.credentials(id, now);
    return {
      password: generated,
      sessionsEnded: before.sessions - after.sessions,
      tokensRevoked: before.activeTokens - after.activeTokens,
    };
  }

  /** A token for yourself; a service account's tokens come from an admin. */
  async createToken(actor: Actor, input: CreateTokenInput): Promise<TokenOut & { token: string }> {
    if (actor.via === 'token' && !actor.scopes?.includes('write')) {
      throw new AppError('forbidden', {
        en: 'A read-only token cannot create tokens.',
        zh: '只读令牌不能创建令牌。',
      });
    }
    const owner = await this.store.findUserById(actor.userId);
    if (!owner) throw new AppError('unauthenticated', notSignedIn);
    if (owner.kind === 'service' && actor.via !== 'cli')
      throw new AppError('forbidden', {
        en: "A service account's tokens are created by an admin.",
        zh: '服务账号的令牌由管理员创建。',
      });
    return this.issueToken(owner, input);
  }

  /** An admin creates a token for a service account (never for a person: no impersonation). */
  async createServiceToken(
    actor: Actor,
    userId: string,
    input: CreateTokenInput,
  ): Promise<TokenOut & { token: string }> {
    requireRole(actor, ['admin']);
    if (actor.via === 'token' && !actor.scopes?.includes('write')) {
      throw new AppError('forbidden', {
        en: 'A read-only token cannot create tokens.',
        zh: '只读令牌不能创建令牌。',
      });
    }
    const owner = await this.store.findUserById(userId);
    if (!owner) throw new AppError('not_found', { en: 'No such user.', zh: '没有这个用户。' });
    if (owner.kind !== 'service')
      throw new AppError('forbidden', {
        en: 'A person creates their own tokens; admins create tokens for service accounts.',
        zh: '人员账号自行创建令牌；管理员只为服务账号创建令牌。',
      });
    if (owner.disabled)
      throw new AppError('conflict', {
        en: 'This service account is disabled.',
        zh: '该服务账号已停用。',
      });
    return this.issueToken(owner, input);
  }

  private async issueToken(owner: UserRow, input: CreateTokenInput): Promise<TokenOut & { token: string }> {
    const scopes = [...new Set(input.scopes)];
    if (owner.role === 'auditor' && scopes.some((s) => s !== 'read')) {
      throw new AppError('forbidden', {
        en: 'An auditor can only hold read-only tokens.',
        zh: '审计员只能持有只读令牌。',
      });
    }
    const narrow = scopes.filter(isNarrowScope);
    if (narrow.length && owner.kind !== 'service') {
      throw new AppError(
        'forbidden',
        {
          en: `Narrow scopes (${narrow.join(', ')}) are for service accounts: a person's tokens end with their password.`,
          zh: `专用权限范围（${narrow.join('、')}）仅供服务账号使用：人员的令牌随其密码失效。`,
        },
        undefined,
        'scopes',
      );
    }
    const id = crypto.randomUUID();
    const token = `${TOKEN_PREFIX}${randomToken(32)}`;
    const now = this.clock.now();
    const row = await this.store.insertToken({
      id,
      user_id: owner.id,
      name: input.name,
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      token_hash: sha256(token),
      scopes,
      created_at: now,
      expires_at: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    });
    return { ...toTokenOut(row), token };
  }

  /** API tokens, newest first, a page at a time: the actor's own, or all for an admin. */
  async listTokens(
    actor: Actor,
    page: PageRequest<InstantKey>,
  ): Promise<{ tokens: TokenOut[]; next: string | null }> {
    const rows = await this.store.listTokens(
      actor.role === 'admin' ? undefined : actor.userId,
      page.limit + 1,
      page.after ? [new Date(page.after[0]), page.after[1]] : undefined,
    );
    const p = takePage(rows, page.limit, (r): InstantKey => [r.created_at.toISOString(), r.id]);
    return { tokens: p.rows.map(toTokenOut), next: p.next };
  }

  /**
   * The general scopes a user's own tokens may hold: an auditor only reads; a
   * service account holds the tokens an admin gives it and creates none.
   */
  ownTokenScopes(user: UserOut): ('read' | 'write')[] {
    if (user.kind === 'service') return [];
    return scopesForRole(['read', 'write'], user.role).filter(
      (s): s is 'read' | 'write' => s === 'read' || s === 'write',
    );
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    const row = await this.store.findToken(id);
    if (!row || (row.user_id !== actor.userId && actor.role !== 'admin')) {
      throw new AppError('not_found', { en: 'No such token.', zh: '没有这个令牌。' });
    }
    await this.store.revokeToken(id, this.clock.now());
    this.tokenCache.dropToken(id);
  }

  async cleanupSessions(): Promise<number> {
    const now = this.clock.now();
    await this.store.deleteDevicesUnusedSince(new Date(now.getTime() - DEVICE_DAYS * 86_400_000));
    return this.store.deleteExpiredSessions(now);
  }
}

export type { Role };

function noSuchUser(): AppError {
  return new AppError('not_found', { en: 'No such user.', zh: '没有这个用户。' });
}

function serviceHasNoPassword(): AppError {
  return new AppError(
    'validation_failed',
    { zh: '服务账号没有密码，无需重置。', en: 'A service account has no password to reset.' },
    undefined,
    'password',
  );
}

/** 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 90 bits. */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.randomBytes(32);
  let out = '';
  for (const b of bytes) {
    if (b >= 228) continue; // 228 = 4 * 57: no modulo bias
    out += alphabet[b % alphabet.length];
    if (out.length === 16) break;
  }
  return out.length >= MIN_PASSWORD_LENGTH ? out : generatePassword();
}
