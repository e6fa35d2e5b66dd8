import type { ColumnType, Generated } from 'kysely';
import type { BreachContents, IncidentDetails, Observable, PlanRef } from '../../contract/incidents.js';

/** JSON columns (jsonb): read as the value, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;

export interface AffectedSystem {
  id: string;
  name: string;
  level: number | null;
}

/** Incidents (issue 12): one row per incident, its lists in their own tables. */
export interface IncidentTable {
  id: string;
  /** INC-YYYY-NNNN, numbered per year of discovery (Beijing). */
  ref: string;
  title: string;
  category: string;
  description: string;
  /** console, api, siem, logvault. */
  source: string;
  /** The sender's own id: unique per source, so a SIEM retry never opens a second incident. */
  external_ref: string | null;
  discovered_at: Date;
  occurred_at: Date | null;
  location: string;
  involves_cii: boolean;
  personal_information: boolean;
  systems: Json<AffectedSystem[]>;
  observables: Json<Observable[]>;
  facts: Json<Record<string, number>>;
  details: Json<IncidentDetails>;
  manual_grade: string | null;
  manual_reason: string | null;
  manual_by: string | null;
  manual_at: Date | null;
  /** The emergency plan in force when the incident was opened. */
  plan: Json<PlanRef | null>;
  status: string;
  handling_ended_at: Date | null;
  /** When the facts or the details last changed (a report sent before it owes a supplementary one). */
  content_changed_at: Date;
  breach: Json<BreachContents | null>;
  breach_updated_by: string | null;
  breach_updated_at: Date | null;
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** The numbers given out per year (INC-2026-0007). */
export interface IncidentCounterTable {
  year: number;
  last: number;
}

export interface IncidentTimelineTable {
  id: string;
  /** The order events were written in (several can share an instant). */
  seq: Generated<number>;
  incident_id: string;
  at: Date;
  actor: string;
  action: string;
  summary_zh: string;
  summary_en: string;
}

export interface IncidentTaskTable {
  id: string;
  incident_id: string;
  title: string;
  assignee: string | null;
  due_at: Date | null;
  done_at: Date | null;
  done_by: string | null;
  created_by: string;
  created_at: Date;
}

export interface IncidentAttachmentTable {
  id: string;
  incident_id: string;
  name: string;
  /** The file, kept in the ledger's content-addressed store. */
  sha256: string;
  size: number;
  added_by: string;
  added_at: Date;
}

export interface IncidentReportTable {
  id: string;
  incident_id: string;
  /** initial, supplementary, final. */
  kind: string;
  /** The initial-report rule it answers (cii, central_organ, other). */
  rule: string | null;
  recipient: string;
  channel: string;
  sent_at: Date;
  recorded_by: string;
  recorded_at: Date;
  /** The document as generated when recorded, kept in the ledger's file store. */
  sha256: string;
  late: boolean;
}

export interface IncidentBreachDeliveryTable {
  id: string;
  incident_id: string;
  /** individuals, regulator. */
  audience: string;
  channel: string;
  recipient: string;
  count: number | null;
  delivered_at: Date;
  recorded_by: string;
  recorded_at: Date;
  /** The notice as delivered (HTML), kept in the ledger's file store. */
  sha256: string;
}

export interface IncidentTables {
  incidents: IncidentTable;
  incident_counters: IncidentCounterTable;
  incident_timeline: IncidentTimelineTable;
  incident_tasks: IncidentTaskTable;
  incident_attachments: IncidentAttachmentTable;
  incident_reports: IncidentReportTable;
  incident_breach_deliveries: IncidentBreachDeliveryTable;
}
