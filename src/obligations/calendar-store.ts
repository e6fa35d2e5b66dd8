import type { Kysely, Selectable } from 'kysely';
import type { CalendarTables } from './calendar-tables.js';

export type CalendarYearRow = Selectable<CalendarTables['calendar_years']>;

export class CalendarStore {
  constructor(private readonly db: Kysely<CalendarTables>) {}

  years(): Promise<CalendarYearRow[]> {
    return this.db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
  }

  /** False when the year is already there (another admin was quicker): the key decides. */
  async insert(row: CalendarYearRow): Promise<boolean> {
    const r = await this.db
      .insertInto('calendar_years')
      .values(row)
      .onConflict((c) => c.column('year').doNothing())
      .returning('year')
      .executeTakeFirst();
    return r !== undefined;
  }
}
