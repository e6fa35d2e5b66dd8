import { z } from 'zod';
import {
  amount,
  articleMapEntry,
  bearers,
  condition,
  evidenceKinds,
  lawVersion,
  measures,
  obligation,
  outOfScopeFile,
  penalty,
  tierLevels,
  versionKey,
} from './catalogue.js';
import { bilingualSchema as bilingual } from './status.js';

/** GET /api/obligations/catalog: the shipped catalogue as the engine reads it. */
export const catalogueSchema = z.strictObject({
  versions: z.array(lawVersion),
  articleMap: z.array(articleMapEntry),
  obligations: z.array(obligation),
  penalties: z.array(penalty),
  outOfScope: outOfScopeFile.shape.articles,
  /** Labels of the evidence record kinds (catalog/evidence-kinds.yaml). */
  evidenceKinds: z.record(z.string(), bilingual),
});
export type CatalogueView = z.infer<typeof catalogueSchema>;

/** GET /api/obligations/titles: every duty's title by id, for naming duties where a shape carries only ids. */
export const dutyTitlesSchema = z.strictObject({ titles: z.record(z.string(), bilingual) });
export type DutyTitles = z.infer<typeof dutyTitlesSchema>;

/** A fine tier as an assessment shows it. */
export const assessedTierSchema = z.strictObject({
  level: z.enum(tierLevels),
  entity: amount.optional(),
  persons: amount.optional(),
  persons_scope: z.enum(['responsible_persons', 'person_in_charge']).optional(),
  measures: z.array(measures),
  refers_to: z.string().optional(),
  condition: bilingual.optional(),
});
export type AssessedTier = z.infer<typeof assessedTierSchema>;

export const assessedPenaltySchema = z.strictObject({
  id: z.string(),
  version: versionKey,
  article: z.string(),
  paragraph: z.number().optional(),
  trigger: bilingual,
  tiers: z.array(assessedTierSchema),
  uncertain: bilingual.optional(),
});
export type AssessedPenalty = z.infer<typeof assessedPenaltySchema>;

/** How often a duty recurs, and the clock of an event duty. */
export const recurrenceSchema = z.strictObject({
  kind: z.enum(['once', 'continuous', 'periodic', 'event']),
  period: z.string().optional(),
  deadline: z.string().optional(),
  /** Deadline in PRC working days (holiday calendar). */
  working_days: z.number().optional(),
  trigger: bilingual.optional(),
  /** Which events the duty covers (facts of the event, e.g. incident.involves_cii). */
  event_condition: condition.optional(),
});
export type RecurrenceView = z.infer<typeof recurrenceSchema>;

export const citationsSchema = z.record(z.string(), z.array(z.string()).optional());

export const assessedObligationSchema = z.strictObject({
  id: z.string(),
  title: bilingual,
  summary: bilingual,
  chapter: z.string(),
  bearer: z.enum(bearers),
  citations: citationsSchema,
  recurrence: recurrenceSchema,
  evidence: z.array(z.strictObject({ kind: z.enum(evidenceKinds), what: bilingual })),
  penalties: z.array(assessedPenaltySchema),
  because: z.array(z.string()),
  draft_only: z.boolean(),
  amendment_2025: bilingual.optional(),
  uncertain: bilingual.optional(),
});
export type AssessedObligationView = z.infer<typeof assessedObligationSchema>;

export const exposureSummarySchema = z.strictObject({
  version: versionKey,
  /** Highest fixed fine on the entity across the duties that apply. */
  max_entity: z.number(),
  /** Highest fixed fine on a person: the person in charge, whom every personal fine can reach. */
  max_persons: z.number(),
  /** Highest fixed fine on other directly responsible staff. */
  max_other_staff: z.number(),
  /** Duties fined as a multiple of gains or purchase amounts: no fixed cap. */
  uncapped_multiples: z.array(z.string()),
});

export const amendmentChangeSchema = z.strictObject({
  obligation: z.string(),
  title: bilingual,
  kind: z.enum(['new_duty', 'changed_duty', 'higher_fines']),
  detail: bilingual,
});

/** The duties that apply to a profile (POST/GET /api/obligations/assess). */
export const assessmentSchema = z.strictObject({
  profile: z.string(),
  obligations: z.array(assessedObligationSchema),
  exposure: z.array(exposureSummarySchema),
  amendment_2025: z.array(amendmentChangeSchema),
});
export type AssessmentView = z.infer<typeof assessmentSchema>;

/** POST /api/obligations/report: a document to download. */
export const reportFileSchema = z.strictObject({ filename: z.string(), content: z.string() });
export type ReportFile = z.infer<typeof reportFileSchema>;
