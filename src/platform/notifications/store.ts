import type { Kysely, Selectable } from 'kysely';
import type { DB, NotificationChannelTable } from '../db/tables.js';

export type ChannelRow = Selectable<NotificationChannelTable>;

export class NotificationStore {
  constructor(private readonly db: Kysely<DB>) {}

  list(): Promise<ChannelRow[]> {
    return this.db.selectFrom('notification_channels').selectAll().orderBy('created_at').execute();
  }

  async insert(row: ChannelRow): Promise<void> {
    await this.db.insertInto('notification_channels').values(row).execute();
  }

  async remove(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('notification_channels').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
