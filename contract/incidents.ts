import { z } from 'zod';
import { pageOf } from './paging.js';
import { bilingualSchema } from './status.js';

/**
 * Incident response as the API answers and the console reads it: incidents
 * with their grade (computed from the facts, a manual grade beside it), the
 * statutory reporting clocks, the reports sent, tasks, attachments, the
 * timeline and, for a personal-information breach, the notice and its
 * deliveries; the plan in force; drills. Instants are ISO 8601 (UTC); the
 * console shows them in Beijing time.
 */

export const incidentGrades = ['I', 'II', 'III', 'IV'] as const;
export const incidentGradeSchema = z.enum(incidentGrades);
export type IncidentGrade = z.infer<typeof incidentGradeSchema>;

/** Where an incident came from. */
export const incidentSources = ['console', 'api', 'siem', 'logvault'] as const;
export type IncidentSource = (typeof incidentSources)[number];

export const incidentStatuses = ['open', 'closed'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const observableTypes = ['ip', 'domain', 'url', 'hash', 'email', 'account', 'file', 'other'] as const;
export const observableSchema = z.strictObject({
  type: z.enum(observableTypes),
  value: z.string(),
  note: z.string().optional(),
});
export type Observable = z.infer<typeof observableSchema>;

/** An affected system: one of the MLPS systems registered (governance), as it was when linked. */
export const affectedSystemSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  level: z.number().nullable(),
});

/**
 * The content items of a report the measures ask for, beyond what the
 * record already holds (organisation, systems, times, category, grade).
 * Free text; empty until known ("report the basics first, supplement later").
 */
export const incidentDetailsSchema = z.strictObject({
  impact: z.string(),
  measures: z.string(),
  effect: z.string(),
  trend: z.string(),
  cause: z.string(),
  attackPath: z.string(),
  tracing: z.string(),
  furtherMeasures: z.string(),
  supportRequested: z.string(),
  scenePreservation: z.string(),
  other: z.string(),
  /** Ransomware only: the ransom demanded, how it was to be paid, and when. */
  ransom: z
    .strictObject({
      amount: z.string(),
      method: z.string(),
      date: z.string(),
    })
    .nullable(),
});
export type IncidentDetails = z.infer<typeof incidentDetailsSchema>;

export const firedRuleSchema = z.strictObject({
  fact: z.string(),
  value: z.number(),
  threshold: z.number(),
  grade: incidentGradeSchema,
  rule: z.string(),
  uncertain: z.boolean(),
  overridden: z.boolean(),
});

/** The grade the facts give (also what POST /api/incidents/grade-preview answers). */
export const computedGradeSchema = z.strictObject({
  grade: incidentGradeSchema,
  label: bilingualSchema,
  fired: z.array(firedRuleSchema),
});

export const incidentGradingSchema = z.strictObject({
  /** The grade in effect: the manual one when set, else the computed one. */
  grade: incidentGradeSchema,
  label: bilingualSchema,
  computed: computedGradeSchema,
  manual: z
    .strictObject({ grade: incidentGradeSchema, reason: z.string(), by: z.string(), at: z.string() })
    .nullable(),
});

export const reportKinds = ['initial', 'supplementary', 'final'] as const;
export type ReportKind = (typeof reportKinds)[number];

/**
 * One statutory clock of the incident: an initial report per rule that holds
 * (cii 1 h, central_organ 2 h, other 4 h), the final report 30 days after
 * handling ends. `waiting`: the final report's clock has not started
 * (handling goes on); `running` / `overdue`: not sent yet; `sent` /
 * `sent_late`: stopped by the report sent.
 */
export const clockStatuses = ['waiting', 'running', 'overdue', 'sent', 'sent_late'] as const;
export const incidentClockSchema = z.strictObject({
  kind: z.enum(['initial', 'final']),
  /** The catalogue's rule: cii, central_organ, other; final for the final report. */
  rule: z.string(),
  within: z.string(),
  to: bilingualSchema,
  startAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  status: z.enum(clockStatuses),
  sentAt: z.string().nullable(),
  reportId: z.string().nullable(),
  obligation: z.string(),
  citation: bilingualSchema,
});
export type IncidentClock = z.infer<typeof incidentClockSchema>;

export const incidentReportSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(reportKinds),
  /** The initial-report rule it answers (cii, central_organ, other); null for supplementary and final. */
  rule: z.string().nullable(),
  recipient: z.string(),
  channel: z.string(),
  sentAt: z.string(),
  recordedBy: z.string(),
  /** SHA-256 of the report document as generated when it was recorded (kept; downloadable). */
  sha256: z.string(),
  late: z.boolean(),
});
export type IncidentReport = z.infer<typeof incidentReportSchema>;

export const incidentTaskSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  assignee: z.string().nullable(),
  dueAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const incidentAttachmentSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  sha256: z.string(),
  size: z.number(),
  addedBy: z.string(),
  addedAt: z.string(),
});

export const timelineEventSchema = z.strictObject({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  /** A stable code: opened, ingested, edited, graded, regraded, report_sent, task_added, task_done, task_reopened, attachment_added, closed, handling_corrected, notice_drafted, notice_delivered (escalations of the clocks are in the audit trail, sent by the workspace). */
  action: z.string(),
  summary: bilingualSchema,
});

/** The PIPL Art 57 contents of a breach notice, in the operator's words. */
export const breachContentsSchema = z.strictObject({
  categories: z.string(),
  cause: z.string(),
  harm: z.string(),
  remedies: z.string(),
  selfHelp: z.string(),
  contact: z.string(),
});
export type BreachContents = z.infer<typeof breachContentsSchema>;

export const breachAudiences = ['individuals', 'regulator'] as const;
export const breachDeliverySchema = z.strictObject({
  id: z.string(),
  audience: z.enum(breachAudiences),
  channel: z.string(),
  recipient: z.string(),
  /** How many individuals the delivery reached (individuals only). */
  count: z.number().nullable(),
  deliveredAt: z.string(),
  recordedBy: z.string(),
  sha256: z.string(),
});
export const breachNoticeSchema = z.strictObject({
  contents: breachContentsSchema,
  /** Which Art 57 items are still empty (the notice can be delivered only when none is). */
  missing: z.array(z.string()),
  deliveries: z.array(breachDeliverySchema),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const planRefSchema = z.strictObject({
  entryId: z.string(),
  code: z.string(),
  title: z.string(),
  version: z.number(),
  effectiveOn: z.string(),
});
export type PlanRef = z.infer<typeof planRefSchema>;

export const incidentSchema = z.strictObject({
  id: z.string(),
  /** A human reference: INC-2026-0007. */
  ref: z.string(),
  title: z.string(),
  category: z.string(),
  categoryName: bilingualSchema,
  description: z.string(),
  source: z.enum(incidentSources),
  externalRef: z.string().nullable(),
  discoveredAt: z.string(),
  occurredAt: z.string().nullable(),
  location: z.string(),
  involvesCii: z.boolean(),
  personalInformation: z.boolean(),
  systems: z.array(affectedSystemSchema),
  observables: z.array(observableSchema),
  facts: z.record(z.string(), z.number()),
  grading: incidentGradingSchema,
  details: incidentDetailsSchema,
  plan: planRefSchema.nullable(),
  status: z.enum(incidentStatuses),
  handlingEndedAt: z.string().nullable(),
  /** Whether reporting is mandatory at the grade in effect (III and above). */
  mandatory: z.boolean(),
  clocks: z.array(incidentClockSchema),
  /** Set when facts changed after a report was sent: a supplementary report is owed. */
  supplementaryDue: z.boolean(),
  reports: z.array(incidentReportSchema),
  tasks: z.array(incidentTaskSchema),
  attachments: z.array(incidentAttachmentSchema),
  timeline: z.array(timelineEventSchema),
  breach: breachNoticeSchema.nullable(),
  /** Optimistic concurrency: send it back with an edit; a stale one answers 409 `conflict`. */
  version: z.number(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The server's clock when it answered (the console counts clocks down from it). */
  now: z.string(),
});
export type IncidentView = z.infer<typeof incidentSchema>;

export const incidentListItemSchema = z.strictObject({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  category: z.string(),
  categoryName: bilingualSchema,
  grade: incidentGradeSchema,
  manualGrade: z.boolean(),
  status: z.enum(incidentStatuses),
  source: z.enum(incidentSources),
  discoveredAt: z.string(),
  involvesCii: z.boolean(),
  personalInformation: z.boolean(),
  /** The earliest running clock's due instant; null when no clock runs. */
  nextDue: z.string().nullable(),
  overdue: z.boolean(),
});
export const incidentListSchema = pageOf('incidents', incidentListItemSchema);

export const incidentSorts = ['discovered_desc', 'discovered_asc'] as const;

/** What the SIEM webhook answers: the incident it opened, or the one it had opened for the same external id. */
export const ingestOutcomeSchema = z.strictObject({
  id: z.string(),
  ref: z.string(),
  created: z.boolean(),
});

/** The emergency plan in force (the policies register's latest approved `emergency_plan`) and what the catalogue prescribes per grade. */
export const planInForceSchema = z.strictObject({
  plan: planRefSchema.nullable(),
  grades: z.array(
    z.strictObject({
      grade: incidentGradeSchema,
      label: bilingualSchema,
      warning: bilingualSchema,
      response: bilingualSchema,
      reportMandatory: z.boolean(),
    }),
  ),
  citation: bilingualSchema,
});

/** The incident rules as the console needs them: categories, facts, thresholds (uncertain ones marked), report contents. */
export const incidentCatalogSchema = z.strictObject({
  categories: z.array(z.strictObject({ code: z.string(), name: bilingualSchema })),
  categoriesNote: bilingualSchema,
  facts: z.array(
    z.strictObject({
      key: z.string(),
      label: bilingualSchema,
      unit: bilingualSchema,
      integer: z.boolean(),
      max: z.number().optional(),
    }),
  ),
  rules: z.array(
    z.strictObject({
      rule: z.string(),
      fact: z.string(),
      grade: incidentGradeSchema,
      threshold: z.number(),
      catalogThreshold: z.number(),
      uncertain: z.boolean(),
      overridden: z.boolean(),
      variable: z.string().nullable(),
      note: bilingualSchema.nullable(),
    }),
  ),
  judgement: bilingualSchema,
  grades: z.array(z.strictObject({ grade: incidentGradeSchema, label: bilingualSchema })),
  /** The report content items, in the order the report lists them. */
  reportContents: z.array(z.strictObject({ key: z.string(), label: bilingualSchema })),
  breachContents: z.array(z.strictObject({ key: z.string(), label: bilingualSchema })),
});

export const drillFollowUpSchema = z.strictObject({
  title: z.string(),
  owner: z.string().nullable(),
  dueOn: z.string().nullable(),
  doneOn: z.string().nullable(),
});
export const drillSchema = z.strictObject({
  id: z.string(),
  scenario: z.string(),
  heldOn: z.string(),
  plan: planRefSchema.nullable(),
  /** The plan version as written on a drill migrated from the CII drill register (free text there). */
  planVersionText: z.string().nullable(),
  participants: z.number(),
  participantNames: z.string(),
  findings: z.string(),
  followUps: z.array(drillFollowUpSchema),
  /** The CII drill register entry it was migrated from, if any. */
  migratedFrom: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type DrillView = z.infer<typeof drillSchema>;
export const drillListSchema = pageOf('drills', drillSchema);

// ---- requests ---------------------------------------------------------------------------
// The routes validate with these (limits included); the console builds them.

const text = (max: number) => z.string().trim().max(max);
/** An instant as ISO 8601; without an offset it is Beijing time (the service parses it, naming the field). */
const instantText = z.string().trim().min(1).max(40);

export const incidentInputSchema = z.strictObject({
  title: text(200).min(1),
  category: z.string().max(64),
  description: text(20_000).default(''),
  discoveredAt: instantText,
  occurredAt: instantText.nullable().default(null),
  location: text(500).default(''),
  involvesCii: z.boolean().default(false),
  personalInformation: z.boolean().default(false),
  /** Ids of MLPS systems (governance register). */
  systemIds: z.array(z.string().max(64)).max(100).default([]),
  observables: z
    .array(
      z.strictObject({ type: z.enum(observableTypes), value: text(2000).min(1), note: text(500).optional() }),
    )
    .max(500)
    .default([]),
  /** Grading facts (catalogue keys); numbers at least 0. */
  facts: z.record(z.string().max(64), z.number()).default({}),
  details: incidentDetailsSchema.partial().optional(),
});
export type IncidentInput = z.input<typeof incidentInputSchema>;

/**
 * An edit: any of the fields, with the version it was read at. A field left
 * out stays as it is (the input's defaults do not apply: an edit of the title
 * never empties the facts).
 */
const input = incidentInputSchema.shape;
export const incidentEditSchema = z.strictObject({
  title: input.title.optional(),
  category: input.category.optional(),
  description: input.description.unwrap().optional(),
  discoveredAt: input.discoveredAt.optional(),
  occurredAt: input.occurredAt.unwrap().optional(),
  location: input.location.unwrap().optional(),
  involvesCii: input.involvesCii.unwrap().optional(),
  personalInformation: input.personalInformation.unwrap().optional(),
  systemIds: input.systemIds.unwrap().optional(),
  observables: input.observables.unwrap().optional(),
  facts: input.facts.unwrap().optional(),
  details: input.details,
  version: z.number().int().min(1),
});
export type IncidentEdit = z.input<typeof incidentEditSchema>;

export const manualGradeSchema = z.strictObject({
  version: z.number().int().min(1),
  /** null clears the manual grade (the computed one applies again). */
  grade: incidentGradeSchema.nullable(),
  reason: text(2000).default(''),
});

export const reportSentSchema = z.strictObject({
  version: z.number().int().min(1),
  kind: z.enum(reportKinds),
  /** For an initial report: the rule it answers (cii, central_organ, other). */
  rule: z.string().max(32).nullable().default(null),
  recipient: text(200).min(1),
  channel: text(200).min(1),
  sentAt: instantText,
});

export const closeIncidentSchema = z.strictObject({
  version: z.number().int().min(1),
  handlingEndedAt: instantText,
  /** On an incident already closed: why its end time is corrected (required then). */
  reason: text(2000).optional(),
});

export const taskInputSchema = z.strictObject({
  title: text(500).min(1),
  assignee: z.string().max(64).nullable().default(null),
  dueAt: instantText.nullable().default(null),
});
export const taskEditSchema = z.strictObject({ done: z.boolean() });

export const attachmentInputSchema = z.strictObject({
  name: text(200).min(1),
  contentBase64: z
    .string()
    .max(14_000_000)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
});

export const breachInputSchema = z.strictObject({
  version: z.number().int().min(1),
  contents: breachContentsSchema.partial(),
});
export const breachDeliveryInputSchema = z.strictObject({
  audience: z.enum(breachAudiences),
  channel: text(200).min(1),
  recipient: text(500).min(1),
  count: z.number().int().min(0).max(2_147_483_647).nullable().default(null),
  deliveredAt: instantText,
});

/** What a SIEM posts (scope incidents.ingest). `externalRef` makes a retry harmless. */
export const ingestInputSchema = z.strictObject({
  externalRef: text(200).min(1),
  title: text(200).min(1),
  category: z.string().max(64).default('other'),
  description: text(20_000).default(''),
  discoveredAt: instantText,
  observables: incidentInputSchema.shape.observables,
  facts: incidentInputSchema.shape.facts,
  involvesCii: z.boolean().default(false),
});

export const drillInputSchema = z.strictObject({
  scenario: text(500).min(1),
  heldOn: z.iso.date(),
  /** The emergency plan entry rehearsed (policies register); the plan in force when omitted. */
  planEntryId: z.string().max(64).nullable().default(null),
  participants: z.number().int().min(1).max(100_000),
  participantNames: text(5000).default(''),
  findings: text(20_000).min(1),
  followUps: z
    .array(
      z.strictObject({
        title: text(500).min(1),
        owner: z.string().max(64).nullable().default(null),
        dueOn: z.iso.date().nullable().default(null),
        doneOn: z.iso.date().nullable().default(null),
      }),
    )
    .max(100)
    .default([]),
});
