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
