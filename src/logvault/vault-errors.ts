/** What the vault refuses, with a stable code and a sentence in both languages. */
export type VaultErrorCode =
  | 'disk_full'
  | 'write_failed'
  | 'bad_event'
  | 'bad_date'
  | 'day_not_over'
  | 'segment_damaged'
  | 'key_changed'
  | 'closed'
  /** A day inside its retention period, under hold, or not sealed: its logs cannot be removed. */
  | 'retention_locked';

export interface Messages {
  zh: string;
  en: string;
}

export class VaultError extends Error {
  constructor(
    readonly code: VaultErrorCode,
    readonly messages: Messages,
    /** The segment concerned, when there is one. */
    readonly segment?: string,
  ) {
    super(messages.en);
    this.name = 'VaultError';
  }
}
