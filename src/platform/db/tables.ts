import type { ColumnType, Generated } from 'kysely';

/** Timestamps: Date in and out, default now() on insert. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date, Date>;
type Json<T> = ColumnType<T, string, string>;

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  /** `person` signs in; `service` (a machine) has no password and only holds tokens. */
  kind: ColumnType<string, string | undefined, string>;
  password_hash: string | null;
  disabled: boolean;
  created_at: CreatedAt;
  updated_at: Timestamp;
  last_login_at: Date | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  /** First characters of the token, shown in lists so users can tell tokens apart. */
  prefix: string;
  token_hash: string;
  scopes: Json<string[]>;
  created_at: CreatedAt;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** Browsers a user signed in from: the per-account lockout others cause does not apply to them. */
export interface LoginDeviceTable {
  /** SHA-256 of the device cookie. */
  id: string;
  user_id: string;
  created_at: Date;
  last_used_at: Date;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_user_id: string | null;
  actor_label: string;
  via: string;
  action: string;
  method: string | null;
  path: string | null;
  status: number | null;
  ip: string | null;
  user_agent: string | null;
  detail: Json<Record<string, unknown>>;
  /** Set on a row that folds repeated anonymous refusals (one address, status and time window). */
  repeat_key: string | null;
  /** How many requests the row stands for (1 unless folded). */
  count: ColumnType<number, number | undefined, number>;
  /** The last request a folded row counts. */
  last_at: Date | null;
  /** The actor's role when they acted (null: anonymous, or recorded before roles were kept). */
  actor_role: string | null;
  actor_service: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface NotificationChannelTable {
  id: string;
  kind: string;
  name: string;
  /** Webhook URL, or an e-mail address. */
  target: string;
  /** Signing secret, sealed by SecretBox; never stored in the clear. */
  secret_sealed: string | null;
  enabled: boolean;
  created_by: string;
  created_at: Date;
}

export interface DB {
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_devices: LoginDeviceTable;
  audit_events: AuditEventTable;
  notification_channels: NotificationChannelTable;
}
