import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { txDb, type Tx } from '../platform/db/unit-of-work.js';
import type {
  IncidentAttachmentTable,
  IncidentBreachDeliveryTable,
  IncidentReportTable,
  IncidentTable,
  IncidentTables,
  IncidentTaskTable,
  IncidentTimelineTable,
} from './tables.js';

export type IncidentRow = Selectable<IncidentTable>;
export type NewIncidentRow = Insertable<IncidentTable>;
export type TimelineRow = Selectable<IncidentTimelineTable>;
export type TaskRow = Selectable<IncidentTaskTable>;
export type AttachmentRow = Selectable<IncidentAttachmentTable>;
export type ReportRow = Selectable<IncidentReportTable>;
export type DeliveryRow = Selectable<IncidentBreachDeliveryTable>;

/** An incident's rows: the incident and its lists, each oldest first. */
export interface IncidentRecord {
  incident: IncidentRow;
  timeline: TimelineRow[];
  tasks: TaskRow[];
  attachments: AttachmentRow[];
  reports: ReportRow[];
  deliveries: DeliveryRow[];
}

export interface IncidentFilter {
  q?: string | undefined;
  status?: string | undefined;
  category?: string | undefined;
}

/** The columns an edit may change (never the id, ref, source or who opened it). */
export type IncidentPatch = Partial<
  Omit<
    Insertable<IncidentTable>,
    'id' | 'ref' | 'source' | 'external_ref' | 'created_by' | 'created_at' | 'version'
  >
>;

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class IncidentStore {
  constructor(private readonly db: Kysely<IncidentTables>) {}

  in(tx: Tx | undefined): IncidentStore {
    return tx ? new IncidentStore(txDb<IncidentTables>(tx)) : this;
  }

  /** The next number of a year (INC-<year>-<n>): one row per year, counted up under its row lock. */
  async nextNumber(year: number): Promise<number> {
    const row = await this.db
      .insertInto('incident_counters')
      .values({ year, last: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql`incident_counters.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow();
    return row.last;
  }

  /** Inserts an incident; false when one from the same source with the same external id exists. */
  async insertIncident(row: NewIncidentRow): Promise<boolean> {
    const r = await this.db
      .insertInto('incidents')
      .values(row)
      .onConflict((oc) => oc.columns(['source', 'external_ref']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  }

  findByExternal(source: string, externalRef: string): Promise<IncidentRow | undefined> {
    return this.db
      .selectFrom('incidents')
      .selectAll()
      .where('source', '=', source)
      .where('external_ref', '=', externalRef)
      .executeTakeFirst();
  }

  find(id: string): Promise<IncidentRow | undefined> {
    return this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Changes an incident if it is still at `version` (and counts the version
   * up); false when someone changed it meanwhile, and then nothing is written.
   */
  async update(id: string, version: number, patch: IncidentPatch): Promise<boolean> {
    const r = await this.db
      .updateTable('incidents')
      .set({ ...patch, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** One incident with its lists; undefined when there is none. */
  async record(id: string): Promise<IncidentRecord | undefined> {
    const incident = await this.find(id);
    if (!incident) return undefined;
    return (await this.withLists([incident]))[0];
  }

  /** Incidents with their lists, in the order given. */
  async withLists(incidents: IncidentRow[]): Promise<IncidentRecord[]> {
    if (incidents.length === 0) return [];
    const ids = incidents.map((i) => i.id);
    const [timeline, tasks, attachments, reports, deliveries] = await Promise.all([
      this.db
        .selectFrom('incident_timeline')
        .selectAll()
        .where('incident_id', 'in', ids)
        .orderBy('seq')
        .execute(),
      this.db
        .selectFrom('incident_tasks')
        .selectAll()
        .where('incident_id', 'in', ids)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('incident_attachments')
        .selectAll()
        .where('incident_id', 'in', ids)
        .orderBy('added_at')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('incident_reports')
        .selectAll()
        .where('incident_id', 'in', ids)
        .orderBy('sent_at')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('incident_breach_deliveries')
        .selectAll()
        .where('incident_id', 'in', ids)
        .orderBy('delivered_at')
        .orderBy('id')
        .execute(),
    ]);
    const of = <R extends { incident_id: string }>(rows: R[], id: string) =>
      rows.filter((r) => r.incident_id === id);
    return incidents.map((incident) => ({
      incident,
      timeline: of(timeline, incident.id),
      tasks: of(tasks, incident.id),
      attachments: of(attachments, incident.id),
      reports: of(reports, incident.id),
      deliveries: of(deliveries, incident.id),
    }));
  }

  /**
   * A page of incidents by discovery time (`desc` newest first), after the
   * key [discovered_at ISO, id] of the last row of the page before; `limit`
   * null reads every row after it.
   */
  page(
    filter: IncidentFilter,
    desc: boolean,
    limit: number | null,
    after?: [string, string],
  ): Promise<IncidentRow[]> {
    let query = this.db.selectFrom('incidents').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.category) query = query.where('category', '=', filter.category);
    if (filter.q) {
      const pattern = like(filter.q);
      query = query.where((eb) =>
        eb.or([
          eb('title', 'ilike', pattern),
          eb('ref', 'ilike', pattern),
          eb('description', 'ilike', pattern),
          eb('external_ref', 'ilike', pattern),
        ]),
      );
    }
    if (after) {
      const at = new Date(after[0]);
      query = query.where((eb) =>
        eb.or([
          eb('discovered_at', desc ? '<' : '>', at),
          eb.and([eb('discovered_at', '=', at), eb('id', desc ? '<' : '>', after[1])]),
        ]),
      );
    }
    query = query.orderBy('discovered_at', desc ? 'desc' : 'asc').orderBy('id', desc ? 'desc' : 'asc');
    return (limit === null ? query : query.limit(limit)).execute();
  }

  /** Every incident (open items, the pack); `from`/`to` bound the discovery time. */
  all(period: { from?: Date | undefined; to?: Date | undefined } = {}): Promise<IncidentRow[]> {
    let query = this.db.selectFrom('incidents').selectAll();
    if (period.from) query = query.where('discovered_at', '>=', period.from);
    if (period.to) query = query.where('discovered_at', '<', period.to);
    return query.orderBy('discovered_at').orderBy('id').execute();
  }

  async addTimeline(row: Insertable<IncidentTimelineTable>): Promise<void> {
    await this.db.insertInto('incident_timeline').values(row).execute();
  }

  async addTask(row: Insertable<IncidentTaskTable>): Promise<void> {
    await this.db.insertInto('incident_tasks').values(row).execute();
  }

  findTask(incidentId: string, taskId: string): Promise<TaskRow | undefined> {
    return this.db
      .selectFrom('incident_tasks')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('id', '=', taskId)
      .executeTakeFirst();
  }

  async setTaskDone(taskId: string, doneAt: Date | null, doneBy: string | null): Promise<void> {
    await this.db
      .updateTable('incident_tasks')
      .set({ done_at: doneAt, done_by: doneBy })
      .where('id', '=', taskId)
      .execute();
  }

  async addAttachment(row: Insertable<IncidentAttachmentTable>): Promise<void> {
    await this.db.insertInto('incident_attachments').values(row).execute();
  }

  findAttachment(incidentId: string, attachmentId: string): Promise<AttachmentRow | undefined> {
    return this.db
      .selectFrom('incident_attachments')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('id', '=', attachmentId)
      .executeTakeFirst();
  }

  async addReport(row: Insertable<IncidentReportTable>): Promise<void> {
    await this.db.insertInto('incident_reports').values(row).execute();
  }

  findReport(incidentId: string, reportId: string): Promise<ReportRow | undefined> {
    return this.db
      .selectFrom('incident_reports')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where('id', '=', reportId)
      .executeTakeFirst();
  }

  async addDelivery(row: Insertable<IncidentBreachDeliveryTable>): Promise<void> {
    await this.db.insertInto('incident_breach_deliveries').values(row).execute();
  }
}
