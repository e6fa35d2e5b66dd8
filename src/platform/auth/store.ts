import type { Kysely, Selectable } from 'kysely';
import type { ApiTokenTable, DB, LoginDeviceTable, SessionTable, UserTable } from '../db/tables.js';

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type TokenRow = Selectable<ApiTokenTable>;
export type DeviceRow = Selectable<LoginDeviceTable>;

/** Browsers remembered per user; older ones are forgotten. */
const DEVICES_PER_USER = 20;

export interface NewUserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  kind: string;
  password_hash: string | null;
}

/** Queries only: accounts, sessions and API tokens. */
export class AuthStore {
  constructor(private readonly db: Kysely<DB>) {}

  countUsers(): Promise<number> {
    return this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  }

  /** Usernames are case-insensitive (unique index on lower(username)): `Admin` finds `admin`. */
  findUserByUsername(username: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['username']), '=', eb.fn('lower', [eb.val(username)])))
      .executeTakeFirst();
  }

  findUserById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listUsers(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  /** By username, keyset: `limit` accounts after the name `after`. */
  userPage(limit: number, after?: string): Promise<UserRow[]> {
    let q = this.db.selectFrom('users').selectAll().orderBy('username').limit(limit);
    if (after !== undefined) q = q.where('username', '>', after);
    return q.execute();
  }

  /** Undefined when the name is taken (the unique index on lower(username) decides, race or not). */
  async insertUser(row: NewUserRow, now: Date): Promise<UserRow | undefined> {
    return this.db
      .insertInto('users')
      .values({ ...row, disabled: false, created_at: now, updated_at: now })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Changes an account in one transaction with what follows from it: a new
   * password ends the user's sessions (but `keepSessionId`), revokes their
   * tokens and forgets their devices; disabling ends the sessions; a role
   * change rewrites token scopes through `narrow` (empty: revoked).
   */
  updateUser(
    id: string,
    patch: Partial<Pick<UserRow, 'display_name' | 'email' | 'role' | 'disabled' | 'password_hash'>>,
    now: Date,
    effects: {
      keepSessionId?: string | undefined;
      narrow?: ((scopes: string[]) => string[]) | undefined;
    } = {},
  ): Promise<UserRow | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('users')
        .set({ ...patch, updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      if (patch.password_hash !== undefined || patch.disabled) {
        let q = trx.deleteFrom('sessions').where('user_id', '=', id);
        if (effects.keepSessionId) q = q.where('id', '!=', effects.keepSessionId);
        await q.execute();
      }
      if (patch.password_hash !== undefined) {
        await trx
          .updateTable('api_tokens')
          .set({ revoked_at: now })
          .where('user_id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
        await trx.deleteFrom('login_devices').where('user_id', '=', id).execute();
      }
      if (effects.narrow) {
        const tokens = await trx
          .selectFrom('api_tokens')
          .select(['id', 'scopes'])
          .where('user_id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
        for (const t of tokens) {
          const scopes = effects.narrow(t.scopes);
          if (scopes.length === t.scopes.length && scopes.every((s, i) => s === t.scopes[i])) continue;
          await trx
            .updateTable('api_tokens')
            .set(scopes.length ? { scopes: JSON.stringify(scopes) } : { revoked_at: now })
            .where('id', '=', t.id)
            .execute();
        }
      }
      return row;
    });
  }

  /** What a user holds now: live sessions and tokens not revoked or expired. */
  async credentials(userId: string, now: Date): Promise<{ sessions: number; activeTokens: number }> {
    const [s, t] = await Promise.all([
      this.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .where('expires_at', '>', now)
        .executeTakeFirst(),
      this.db
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirst(),
    ]);
    return { sessions: Number(s?.n ?? 0), activeTokens: Number(t?.n ?? 0) };
  }

  /** The scopes of a user's active tokens (what a role change would narrow). */
  async activeTokenScopes(userId: string, now: Date): Promise<string[][]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .select('scopes')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .execute();
    return rows.map((r) => r.scopes);
  }

  async recordLogin(id: string, now: Date): Promise<void> {
    await this.db.updateTable('users').set({ last_login_at: now }).where('id', '=', id).execute();
  }

  async insertSession(row: Omit<SessionRow, 'created_at'> & { created_at: Date }): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  findSession(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touchSession(id: string, lastSeen: Date, expires: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: lastSeen, expires_at: expires })
      .where('id', '=', id)
      .execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  findDevice(id: string): Promise<DeviceRow | undefined> {
    return this.db.selectFrom('login_devices').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touchDevice(id: string, now: Date): Promise<void> {
    await this.db.updateTable('login_devices').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  /** Remembers a browser; a user keeps the most recently used few. */
  async insertDevice(id: string, userId: string, now: Date): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('login_devices')
        .values({ id, user_id: userId, created_at: now, last_used_at: now })
        .execute();
      const keep = await trx
        .selectFrom('login_devices')
        .select('id')
        .where('user_id', '=', userId)
        .orderBy('last_used_at', 'desc')
        .limit(DEVICES_PER_USER)
        .execute();
      await trx
        .deleteFrom('login_devices')
        .where('user_id', '=', userId)
        .where(
          'id',
          'not in',
          keep.map((k) => k.id),
        )
        .execute();
    });
  }

  async deleteDevicesUnusedSince(cutoff: Date): Promise<void> {
    await this.db.deleteFrom('login_devices').where('last_used_at', '<', cutoff).execute();
  }

  async insertToken(
    row: Omit<TokenRow, 'created_at' | 'scopes' | 'revoked_at' | 'last_used_at'> & {
      scopes: string[];
      created_at: Date;
    },
  ): Promise<TokenRow> {
    return this.db
      .insertInto('api_tokens')
      .values({ ...row, scopes: JSON.stringify(row.scopes) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findTokenByHash(hash: string): Promise<TokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  }

  findToken(id: string): Promise<TokenRow | undefined> {
    return this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest first, keyset on (created_at, id): `limit` tokens after `after`. */
  listTokens(
    userId: string | undefined,
    limit: number,
    after?: readonly [Date, string],
  ): Promise<TokenRow[]> {
    let q = this.db
      .selectFrom('api_tokens')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (userId) q = q.where('user_id', '=', userId);
    if (after) q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after[0], after[1])));
    return q.execute();
  }

  async revokeToken(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async touchToken(id: string, now: Date): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }
}
