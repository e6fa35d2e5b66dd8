import { z } from 'zod';

/**
 * The body of every failing response: a stable code, the sentence in the
 * request's language (`message`), both languages (`messages`), the one field
 * at fault when there is one, sometimes details.
 */
export const errorSchema = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    messages: z.strictObject({ zh: z.string(), en: z.string() }),
    field: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorSchema>;
