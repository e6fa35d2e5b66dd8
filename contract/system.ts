import { z } from 'zod';

const databaseKind = z.enum(['pglite', 'postgres']);

/** GET /api/health (200). */
export const healthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  database: databaseKind,
  problems: z.array(z.string()).optional(),
});
/** GET /api/health when the database does not answer (503). */
export const unavailableSchema = z.strictObject({
  status: z.literal('unavailable'),
  version: z.string(),
  database: databaseKind,
});

/** A capability as the console's navigation reads it (from the module list). */
export const capabilitySchema = z.strictObject({
  key: z.string(),
  articles: z.string(),
  available: z.boolean(),
  nav: z.boolean(),
});
export type Capability = z.infer<typeof capabilitySchema>;
export const capabilityListSchema = z.strictObject({ capabilities: z.array(capabilitySchema) });
export type CapabilityList = z.infer<typeof capabilityListSchema>;
