import { z } from 'zod';
import { ciiSectors, services } from './profile.js';

/**
 * The organisation profile: the facts about an operator that decide which
 * duties of the CSL and the CII Regulation apply. Field names are part of the
 * exchange format (YAML files, API); only `name` is required, unknown keys are
 * refused with an error naming them. The server parses profiles with it
 * (src/obligations/profile.ts) and answers them in this shape.
 */
const count = z.number().int().min(0).default(0);

export const profileSchema = z.strictObject({
  name: z.string().min(1).max(200),
  services: z.array(z.enum(services)).default([]),
  network_operator: z.boolean().default(true),
  /** Includes units directly under a central or state organ. */
  central_state_organ: z.boolean().default(false),
  cii: z
    .strictObject({
      operator: z.boolean().default(false),
      /** A non-CII operator joining the CII regime voluntarily (CSL 2025 Art 33). */
      voluntary: z.boolean().default(false),
      sector: z.enum(ciiSectors).nullable().default(null),
    })
    .default({ operator: false, voluntary: false, sector: null }),
  products: z
    .strictObject({
      network_products_or_services: z.boolean().default(false),
      critical_equipment_or_security_products: z.boolean().default(false),
    })
    .default({ network_products_or_services: false, critical_equipment_or_security_products: false }),
  personal_information: z
    .strictObject({
      processes: z.boolean().default(true),
      individuals: count,
      sensitive_individuals: count,
      cross_border: z
        .strictObject({
          individuals_this_year: count,
          sensitive_individuals_this_year: count,
          important_data: z.boolean().default(false),
        })
        .default({ individuals_this_year: 0, sensitive_individuals_this_year: 0, important_data: false }),
    })
    .default({
      processes: true,
      individuals: 0,
      sensitive_individuals: 0,
      cross_border: { individuals_this_year: 0, sensitive_individuals_this_year: 0, important_data: false },
    }),
  mlps: z
    .strictObject({
      systems: z
        .array(z.strictObject({ name: z.string().min(1).max(200), level: z.number().int().min(1).max(5) }))
        .default([]),
    })
    .default({ systems: [] }),
});
export type Profile = z.infer<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;

/** GET/PUT /api/organisation. */
export const organisationSchema = z.strictObject({
  id: z.number(),
  name: z.string(),
  isDemo: z.boolean(),
  profile: profileSchema,
  updatedAt: z.string(),
});
export type Organisation = z.infer<typeof organisationSchema>;
