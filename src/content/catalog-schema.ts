import { z } from 'zod';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
/** Citations by law key (csl2025, csl2016), each a non-empty list of article references. */
const citations = z.record(z.string(), z.array(z.string().min(1)).min(1));
const action = z.enum(['allow', 'review', 'block']);
const code = z.string().regex(/^[a-z][a-z0-9_]*$/);
/** An ISO 8601 duration the platform's `addDuration` reads (PT1H, P1D, P185D). */
const duration = z
  .string()
  .regex(
    /^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/,
    'not an ISO 8601 duration',
  )
  .refine((s) => s !== 'P' && !s.endsWith('T'), 'not an ISO 8601 duration');
const clock = z.strictObject({ duration, uncertain: z.boolean(), citations });
const party = z.strictObject({ code, name: bilingual });

/** catalog/content.yaml: the numbers and defaults of content safety (CSL 2025 Arts 48-52, 2016 Arts 46-50). */
export const contentFile = z
  .strictObject({
    categories: z
      .array(
        z.strictObject({
          code,
          name: bilingual,
          default_action: action,
          citations,
        }),
      )
      .min(1),
    word_list_action: action,
    disposal_retention: z.strictObject({
      default_days: z.number().int().min(1),
      uncertain: z.boolean(),
      citations,
      basis: bilingual,
    }),
    deletion_due: clock,
    report_due: clock.extend({ recipients: z.array(party).min(1) }),
    complaints: z.strictObject({
      handling: z.strictObject({
        working_days: z.number().int().min(1),
        uncertain: z.boolean(),
        citations,
        basis: bilingual,
      }),
    }),
    takedowns: z.strictObject({
      default_deadline: clock,
      issuers: z.array(party).min(1),
    }),
  })
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.categories.forEach((c, i) => {
      if (seen.has(c.code))
        ctx.addIssue({
          code: 'custom',
          path: ['categories', i, 'code'],
          message: `duplicate category ${c.code}`,
        });
      seen.add(c.code);
    });
    for (const [key, list] of [
      ['report_due', f.report_due.recipients],
      ['takedowns', f.takedowns.issuers],
    ] as const) {
      const codes = list.map((p) => p.code);
      if (new Set(codes).size !== codes.length)
        ctx.addIssue({ code: 'custom', path: [key], message: 'duplicate code' });
    }
  });
export type ContentFile = z.infer<typeof contentFile>;
export type ContentCategory = ContentFile['categories'][number];
