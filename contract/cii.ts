import { z } from 'zod';
import { citations } from './catalogue.js';
import { entrySchema, trainingShortfallSchema } from './registers.js';
import { bilingualSchema } from './status.js';

/** GET /api/cii: where the organisation stands as a CII operator. */
export const ciiOverviewSchema = z.strictObject({
  profile: z.strictObject({ operator: z.boolean(), voluntary: z.boolean(), sector: z.string().nullable() }),
  /** The registers are shown (operator or voluntary). */
  registers: z.boolean(),
  /** The latest identification on record, if any. */
  identification: entrySchema.nullable(),
  /** Where the profile and the identification register disagree. */
  warnings: z.array(z.strictObject({ code: z.string(), en: z.string(), zh: z.string() })),
});
export type CiiOverview = z.infer<typeof ciiOverviewSchema>;

/** The 2017 draft's training-hours policy (catalog/registers.yaml) and who falls short in a year. */
export const trainingPolicySchema = z.strictObject({
  enabled: z.boolean(),
  policy: z.strictObject({
    register: z.string(),
    obligation: z.string(),
    person_field: z.string(),
    post_field: z.string(),
    days_field: z.string(),
    date_field: z.string(),
    days_per_year: z.record(z.string(), z.number()),
    citations,
    note: bilingualSchema,
  }),
  year: z.number(),
  people: z.number(),
  shortfalls: z.array(trainingShortfallSchema),
});
export type TrainingPolicyView = z.infer<typeof trainingPolicySchema>;
