import { z } from 'zod';
import { harmedObjects, harms, type Harm, type HarmedObject } from './grading.js';
import { bilingualSchema, obligationStatusSchema } from './status.js';

export { harmedObjects, harms, type Harm, type HarmedObject };

export const gradingSchema = z.strictObject({
  level: z.number(),
  businessInformationLevel: z.number(),
  systemServiceLevel: z.number(),
  /** Set when a cell used is one whose level is uncertain (and configured). */
  uncertain: z.array(
    z.strictObject({
      object: z.enum(harmedObjects),
      harm: z.enum(harms),
      used: z.number(),
      alternatives: z.array(z.number()),
      note: bilingualSchema,
    }),
  ),
});
export type Grading = z.infer<typeof gradingSchema>;

/**
 * A system of the MLPS register with its filing and assessment schedule. The
 * register is the organisation's one list of systems: one named in the
 * profile and not graded yet is declared (`graded` false; its stage, grading
 * date and grading empty, its level the one expected).
 */
export const systemSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  graded: z.boolean(),
  stage: z.string().nullable(),
  level: z.number(),
  gradedOn: z.string().nullable(),
  grading: gradingSchema.nullable(),
  filing: z.strictObject({
    required: z.boolean(),
    due: z.string().nullable(),
    filedOn: z.string().nullable(),
    reference: z.string().nullable(),
    status: obligationStatusSchema,
  }),
  assessment: z.strictObject({
    period: z.string().nullable(),
    last: z.string().nullable(),
    score: z.number().nullable(),
    conclusion: z.string().nullable(),
    nextDue: z.string().nullable(),
    status: obligationStatusSchema,
  }),
});
export type SystemView = z.infer<typeof systemSchema>;

/** How the filing deadline is counted (days from grading or go-live, calendar or working days). */
export const filingRuleSchema = z.strictObject({
  days: z.number(),
  workingDays: z.boolean(),
  minLevel: z.number(),
  note: bilingualSchema,
});
export type FilingRule = z.infer<typeof filingRuleSchema>;

/** GET /api/governance/mlps: the register, the duties it proves, the filing rule. */
export const mlpsOverviewSchema = z.strictObject({
  systems: z.array(systemSchema),
  duties: z.array(z.string()),
  filingRule: filingRuleSchema,
});
export type MlpsOverview = z.infer<typeof mlpsOverviewSchema>;
