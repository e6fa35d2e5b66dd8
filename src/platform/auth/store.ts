import type { Kysely, Selectable } from 'kysely';
import type { ApiTokenTable, DB, SessionTable, UserTable } from '../db/tables.js';

export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type TokenRow = Selectable<ApiTokenTable>;

export interface NewUserRow {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  password_hash: string;
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

  findUserByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  findUserById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listUsers(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  async insertUser(row: NewUserRow, now: Date): Promise<UserRow> {
    return this.db
      .insertInto('users')
      .values({ ...row, disabled: false, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateUser(
    id: string,
    patch: Partial<Pick<UserRow, 'display_name' | 'email' | 'role' | 'disabled' | 'password_hash'>>,
    now: Date,
  ): Promise<UserRow | undefined> {
    return this.db
      .updateTable('users')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
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

  async deleteSessionsOfUser(userId: string, exceptId?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows);
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

  listTokens(userId?: string): Promise<TokenRow[]> {
    let q = this.db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc');
    if (userId) q = q.where('user_id', '=', userId);
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
