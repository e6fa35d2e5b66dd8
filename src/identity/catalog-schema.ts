import { z } from 'zod';
import { verificationMethods } from '../../contract/identity.js';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
/** Citations by law key (csl2025, csl2016), each a non-empty list of article references. */
const citations = z.record(z.string(), z.array(z.string().min(1)).min(1));
const code = z.string().regex(/^[a-z][a-z0-9_]*$/);
/** An ISO 8601 duration the platform's `addDuration` reads (PT24H, P365D). */
const duration = z
  .string()
  .regex(
    /^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/,
    'not an ISO 8601 duration',
  )
  .refine((s) => s !== 'P' && !s.endsWith('T'), 'not an ISO 8601 duration');
const period = z.strictObject({ duration, uncertain: z.boolean() });
const method = z.enum(verificationMethods);

/** catalog/identity.yaml: the methods, defaults and reveal grounds of the real-name gate (CSL 2025 Arts 26, 30). */
export const identityFile = z
  .strictObject({
    methods: z
      .array(
        z.strictObject({ code: method, name: bilingual, summary: bilingual, validity: period, citations }),
      )
      .min(1),
    default_requires: z.array(method).min(1),
    reveal_bases: z
      .array(
        z.strictObject({
          code,
          name: bilingual,
          summary: bilingual,
          needs_register_entry: z.boolean(),
          citations,
        }),
      )
      .min(1),
    reveal_window: period,
  })
  .superRefine((f, ctx) => {
    const have = new Set(f.methods.map((m) => m.code));
    if (have.size !== f.methods.length)
      ctx.addIssue({ code: 'custom', path: ['methods'], message: 'a method twice' });
    for (const m of verificationMethods)
      if (!have.has(m))
        ctx.addIssue({ code: 'custom', path: ['methods'], message: `method ${m} is not described` });
    f.default_requires.forEach((m, i) => {
      if (!have.has(m))
        ctx.addIssue({ code: 'custom', path: ['default_requires', i], message: `unknown method ${m}` });
    });
    const bases = new Set<string>();
    f.reveal_bases.forEach((b, i) => {
      if (bases.has(b.code))
        ctx.addIssue({ code: 'custom', path: ['reveal_bases', i, 'code'], message: 'a ground twice' });
      bases.add(b.code);
    });
  });
export type IdentityFile = z.infer<typeof identityFile>;
