import { z } from 'zod';

/**
 * The shape of the shipped catalogue (catalog/*.yaml). Legal facts live in
 * those files, never in code; this schema is what the tests check them
 * against, what the engine reads, and what /api/obligations/catalog answers
 * (src/obligations/catalog-schema.ts re-exports it for the engine).
 */
export const versionKeys = ['csl2015draft', 'csl2016', 'csl2025', 'cii2017', 'cii2021'] as const;
export type VersionKey = (typeof versionKeys)[number];
export const versionKey = z.enum(versionKeys);

export const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof bilingual>;

/** An article reference within one version: "23", "23(3)" (item), "23/2" (paragraph), "23/1(3)". */
export const articleRef = z
  .string()
  .regex(/^\d+(\/\d+)?(\(\d+\))?$/, 'article refs look like 23, 23/2, 23(3) or 23/1(3)');

export const citations = z
  .strictObject({
    csl2015draft: z.array(articleRef).optional(),
    csl2016: z.array(articleRef).optional(),
    csl2025: z.array(articleRef).optional(),
    cii2017: z.array(articleRef).optional(),
    cii2021: z.array(articleRef).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v && v.length > 0), 'at least one citation');

// ---- laws and versions -------------------------------------------------------

export const lawVersion = z.strictObject({
  key: versionKey,
  law: z.enum(['csl', 'cii']),
  title: bilingual,
  /** Draft texts never bind; their duties are shown as good practice. */
  status: z.enum(['draft', 'enacted', 'amended']),
  articles: z.number().int().positive(),
  adopted: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  in_force: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /** Link to the official database entry. */
  official_url: z.url().optional(),
  note: bilingual.optional(),
});
export const lawsFile = z.strictObject({ versions: z.array(lawVersion).min(1) });

// ---- the 2016 <-> 2025 article map --------------------------------------------

export const articleMapEntry = z.strictObject({
  /** Article (or paragraph/item) in the 2016 text; absent for a new 2025 article. */
  csl2016: articleRef.nullable(),
  /** Where it is in the 2025 text; absent when it was dropped. */
  csl2025: articleRef.nullable(),
  kind: z.enum(['renumbered', 'new', 'merged', 'split', 'moved', 'amended']),
  note: bilingual.optional(),
});
export const articleMapFile = z.strictObject({ entries: z.array(articleMapEntry).min(1) });

// ---- penalties ---------------------------------------------------------------

export const tierLevels = [
  'first',
  'refuses_or_serious',
  'serious_consequences',
  'especially_serious',
] as const;

const fixedAmount = z.strictObject({ min: z.number().int().min(0), max: z.number().int().positive() });
const multipleAmount = z.strictObject({
  multipleOf: z.enum(['purchase_amount', 'illegal_gains']),
  min: z.number().positive(),
  max: z.number().positive(),
});
export const amount = z.union([fixedAmount, multipleAmount]);
export type Amount = z.infer<typeof amount>;

export const measures = z.enum([
  'order_to_correct',
  'warning',
  'public_criticism',
  'confiscate_gains',
  'stop_sale',
  'stop_use',
  'suspend_business',
  'close_website',
  'revoke_licence',
  'detention',
  'job_ban',
  'other_laws',
]);

export const tier = z.strictObject({
  level: z.enum(tierLevels),
  /** When this tier applies, in our own words. */
  condition: bilingual.optional(),
  measures: z.array(measures).default([]),
  /** Fine on the entity; absent when this tier fines no one. */
  entity: amount.optional(),
  /** Fine on the responsible persons; absent when no person is fined. */
  persons: amount.optional(),
  /** "person_in_charge": only the directly responsible person in charge is fined. */
  persons_scope: z.enum(['responsible_persons', 'person_in_charge']).optional(),
  /** Another tier or provision this one defers to, e.g. "csl2025:61/3". */
  refers_to: z.string().optional(),
});
export type Tier = z.infer<typeof tier>;

export const penalty = z.strictObject({
  /** `<version>:<article>[/<paragraph>]`, e.g. `csl2025:61/1`. */
  id: z.string().regex(/^(csl2015draft|csl2016|csl2025|cii2017|cii2021):\d+(\/\d+)?$/),
  version: versionKey,
  article: articleRef,
  /** What triggers it, in our own words. */
  trigger: bilingual,
  tiers: z.array(tier).min(1),
  /** A fact we could not verify: shown as configurable in the UI. */
  uncertain: bilingual.optional(),
});
export type Penalty = z.infer<typeof penalty>;
export const penaltiesFile = z.strictObject({ penalties: z.array(penalty).min(1) });

// ---- applicability conditions over the organisation profile ------------------

export interface FactCondition {
  fact: string;
  /** Truthy test when no operator is given. */
  equals?: string | number | boolean | null;
  includes?: string;
  gte?: number;
  lt?: number;
}
export type Condition =
  FactCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition } | { always: true };

export const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ always: z.literal(true) }),
    z.strictObject({ all: z.array(condition).min(1) }),
    z.strictObject({ any: z.array(condition).min(1) }),
    z.strictObject({ not: condition }),
    z.strictObject({
      fact: z.string().regex(/^[a-z_]+(\.[a-z_]+)*$/),
      equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
      includes: z.string().optional(),
      gte: z.number().optional(),
      lt: z.number().optional(),
    }),
  ]),
);

// ---- obligations -------------------------------------------------------------

export const bearers = [
  'network_operator',
  'cii_operator',
  'product_or_service_provider',
  'critical_equipment_seller',
  'service_provider',
  'electronic_messaging_provider',
  'app_distribution_provider',
  'any_person',
  'state_organ',
] as const;

export const recurrence = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('once'), deadline: z.string().regex(/^P/).optional() }),
  z.strictObject({ kind: z.literal('continuous') }),
  z.strictObject({ kind: z.literal('periodic'), period: z.string().regex(/^P/) }),
  z.strictObject({
    kind: z.literal('event'),
    /** What starts the clock. */
    trigger: bilingual,
    deadline: z.string().regex(/^P/).optional(),
    /** A deadline counted in PRC working days (catalog/holidays.yaml) instead. */
    working_days: z.number().int().positive().optional(),
    /**
     * Which events the duty covers, over the facts of the event itself
     * (`incident.*`, see incidents.ts) as well as the profile's: whether an
     * incident involves CII is a fact of the incident, not of the operator.
     * Every duty whose condition holds for an event applies to it.
     */
    event_condition: condition.optional(),
  }),
]);
export type Recurrence = z.infer<typeof recurrence>;

export const evidenceKinds = [
  'document',
  'record',
  'report',
  'assessment',
  'drill',
  'training',
  'agreement',
  'review',
  'filing',
  'log',
  'configuration',
  'notice',
] as const;

/** What each kind of evidence record is called (catalog/evidence-kinds.yaml): the report shows labels, not codes. */
export const evidenceKindsFile = z.strictObject({
  kinds: z.record(z.string().regex(/^[a-z_]+$/), bilingual),
});

export const obligation = z.strictObject({
  id: z.string().regex(/^(csl|cii)\.[a-z0-9]+(-[a-z0-9]+)*$/, 'ids look like csl.log-retention'),
  title: bilingual,
  summary: bilingual,
  /** Chapter of the 2025 text (CSL) or of the 2021 Regulation (CII), for grouping. */
  chapter: z.string().min(1),
  bearer: z.enum(bearers),
  applies_when: condition,
  citations,
  recurrence,
  evidence: z.array(z.strictObject({ kind: z.enum(evidenceKinds), what: bilingual })).min(1),
  /** Penalty ids (penalties.yaml) at stake, for every version that has one. */
  penalties: z.array(z.string()).default([]),
  /** Only in a draft (e.g. the 2017 CII draft): shown as optional good practice. */
  draft_only: z.boolean().default(false),
  /** What the 2025 amendment changed for this duty, if anything. */
  amendment_2025: bilingual.optional(),
  uncertain: bilingual.optional(),
});
export type Obligation = z.infer<typeof obligation>;
export const obligationsFile = z.strictObject({ obligations: z.array(obligation).min(1) });

/** Duty-bearing articles deliberately left out, each with the reason. */
export const outOfScopeFile = z.strictObject({
  articles: z.array(
    z.strictObject({
      version: versionKey,
      article: z.string().regex(/^\d+$/),
      reason: bilingual,
    }),
  ),
});
