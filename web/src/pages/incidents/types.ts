import type { z } from 'zod';
import type {
  drillListSchema,
  incidentCatalogSchema,
  incidentGradingSchema,
  incidentListSchema,
  planInForceSchema,
} from '../../../../contract/incidents.js';

/** The incident shapes the console reads, inferred from contract/incidents.ts (nothing restated). */
export type {
  DrillView,
  IncidentClock,
  IncidentGrade,
  IncidentReport,
  IncidentView,
  ReportKind,
} from '../../../../contract/incidents.js';
export type IncidentCatalog = z.infer<typeof incidentCatalogSchema>;
export type IncidentList = z.infer<typeof incidentListSchema>;
export type IncidentListItem = IncidentList['incidents'][number];
export type PlanInForce = z.infer<typeof planInForceSchema>;
export type DrillList = z.infer<typeof drillListSchema>;
export type ComputedGrade = z.infer<typeof incidentGradingSchema>['computed'];

/**
 * Sends a change of the incident; the answer is the incident as it now is.
 * Answers false on a conflict (someone changed it since it was read: the
 * page offers to reload, nothing is overwritten); other errors throw, for
 * the form that sent them to put on its field.
 */
export type Send = (method: string, path: string, body: object) => Promise<boolean>;
