import { z } from 'zod';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const citations = z.record(z.string(), z.array(z.string().min(1)).min(1));

/** catalog/logvault.yaml: the retention rules of the network-log vault (CSL 2025 Art 23(3), 2016 Art 21(3)). */
export const logvaultFile = z
  .strictObject({
    retention: z.strictObject({
      minimum_months: z.number().int().min(1),
      citations,
      obligation: z.string().min(1),
      counting: z.strictObject({ source: bilingual, note: bilingual }),
      longest_six_months_days: z.number().int().min(1),
      default_policy_days: z.number().int().min(1),
    }),
  })
  .superRefine((f, ctx) => {
    const r = f.retention;
    // The longest span of `minimum_months` calendar months is at most 31 days a month.
    if (
      r.longest_six_months_days < r.minimum_months * 28 ||
      r.longest_six_months_days > r.minimum_months * 31
    )
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'longest_six_months_days'],
        message: `not a span of ${r.minimum_months} calendar months`,
      });
    if (r.default_policy_days < r.longest_six_months_days)
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'default_policy_days'],
        message: 'the shipped policy is shorter than the longest legal minimum',
      });
  });
export type LogvaultFile = z.infer<typeof logvaultFile>;
export type RetentionRules = LogvaultFile['retention'];
