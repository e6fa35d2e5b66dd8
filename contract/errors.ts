import { z } from 'zod';

/** The body of every failing response: a stable code, a sentence, sometimes details. */
export const errorSchema = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof errorSchema>;
