import { z } from 'zod';
import { pageOf } from './paging.js';
import { bilingualSchema } from './status.js';

/**
 * Content safety as the API answers and the console reads it (issue 14;
 * CSL 2025 Arts 49-52, 2016 Arts 47-50): screening with versioned rule sets,
 * the review queue, disposal records, takedown demands from authorities and
 * the public complaint and reporting channel. Instants are ISO 8601 (UTC);
 * the console shows them in Beijing time.
 */

// ------------------------------------------------------------------ screening

export const contentActions = ['allow', 'review', 'block'] as const;
export type ContentAction = (typeof contentActions)[number];
/** What a screening answers: the strongest action of the rules that matched (block > review > allow). */
export const screenDecisions = contentActions;
export type ScreenDecision = ContentAction;
export const severities = ['low', 'medium', 'high'] as const;
export type Severity = (typeof severities)[number];

/** One rule as an operator writes it (a word or phrase; normalised the same way as the texts). */
export const ruleInputSchema = z.strictObject({
  pattern: z.string().min(1).max(200),
  category: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .max(40),
  severity: z.enum(severities).optional(),
  /** Defaults by category (catalog/content.yaml); a plain word-list rule holds for review. */
  action: z.enum(contentActions).optional(),
  note: z.string().max(500).optional(),
});
export type RuleInput = z.infer<typeof ruleInputSchema>;

/** An allow-list entry: a match whose span lies inside an occurrence of it is suppressed. */
export const allowInputSchema = z.strictObject({
  pattern: z.string().min(1).max(200),
  note: z.string().max(500).optional(),
});

/** A match, with offsets in UTF-16 code units of the original text (`end` exclusive). */
export const screenMatchSchema = z.strictObject({
  rule: z.string(),
  category: z.string(),
  severity: z.enum(severities),
  action: z.enum(contentActions),
  start: z.number().int(),
  end: z.number().int(),
  /** The original characters matched. */
  text: z.string(),
});
export type ScreenMatch = z.infer<typeof screenMatchSchema>;

/** At most this many items in one batch, and this many UTF-16 units in one text. */
export const SCREEN_BATCH_MAX = 1000;
export const SCREEN_TEXT_MAX = 65_536;
/** At most this many matches are reported per item (those that decided first); `matchesTotal` counts them all. */
export const SCREEN_MATCHES_MAX = 100;

/** One item a platform screens when a user publishes or sends. */
export const screenItemSchema = z.strictObject({
  /** The platform's id for the item (echoed; kept on a review or disposal). */
  id: z.string().min(1).max(200).optional(),
  text: z.string().max(SCREEN_TEXT_MAX),
  /** The service it was published on (forum, chat, app store, ...). */
  service: z.string().min(1).max(100).optional(),
  /** The publisher's pseudonymous id on the platform (never a real name). */
  publisher: z.string().min(1).max(200).optional(),
  /** An address where the item can be seen (for the moderator). */
  url: z.string().max(2000).optional(),
});
export type ScreenItem = z.infer<typeof screenItemSchema>;

/** POST /api/content/screen: one item, or `{items}` for a batch. */
export const screenRequestSchema = z.union([
  screenItemSchema,
  z.strictObject({ items: z.array(screenItemSchema).min(1).max(SCREEN_BATCH_MAX) }),
]);

export const screenResultSchema = z.strictObject({
  id: z.string().nullable(),
  decision: z.enum(screenDecisions),
  matches: z.array(screenMatchSchema),
  /** Every match found (the list above holds at most SCREEN_MATCHES_MAX). */
  matchesTotal: z.number().int(),
  /** The rule-set version that answered. */
  version: z.number().int(),
  /** The review or disposal this item opened (review: a queue entry; block: a disposal record). */
  reviewId: z.string().nullable(),
  disposalId: z.string().nullable(),
});
export type ScreenResult = z.infer<typeof screenResultSchema>;
/** The answer to a batch. */
export const screenBatchResultSchema = z.strictObject({ results: z.array(screenResultSchema) });
/** What POST /api/content/screen answers: one result for one item, `{results}` for a batch. */
export const screenResponseSchema = z.union([screenResultSchema, screenBatchResultSchema]);

/** A version of the rule set: rules and allow-list together, published whole. */
export const ruleSetVersionSchema = z.strictObject({
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  note: z.string(),
  rules: z.number().int(),
  allow: z.number().int(),
  /** Rules per category. */
  categories: z.record(z.string(), z.number().int()),
  active: z.boolean(),
});
export const ruleSetVersionListSchema = pageOf('versions', ruleSetVersionSchema);

export const ruleSetContentSchema = z.strictObject({
  version: z.number().int(),
  rules: z.array(ruleInputSchema),
  allow: z.array(allowInputSchema),
});

export const ruleFileFormats = ['txt', 'json', 'yaml'] as const;
/** Publishes a new version: a whole rule set, or a file (txt one word a line, JSON or YAML with categories) added to or replacing the active one. */
export const ruleSetPublishSchema = z.strictObject({
  note: z.string().max(500).default(''),
  mode: z.enum(['replace', 'append']).default('replace'),
  rules: z.array(ruleInputSchema).max(200_000).optional(),
  allow: z.array(allowInputSchema).max(50_000).optional(),
  file: z
    .strictObject({
      format: z.enum(ruleFileFormats),
      /** The file's text. */
      text: z.string().max(16 * 1024 * 1024),
      /** What the file holds: rules, or allow-list entries. */
      kind: z.enum(['rules', 'allow']).default('rules'),
      /** For a txt file: the category of its words. */
      category: z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/)
        .max(40)
        .optional(),
    })
    .optional(),
});

/** Screening counters since the process started (calls are counted, not written per call). */
export const screenStatsSchema = z.strictObject({
  since: z.iso.datetime(),
  calls: z.number().int(),
  items: z.number().int(),
  allow: z.number().int(),
  review: z.number().int(),
  block: z.number().int(),
  version: z.number().int(),
  /** Held or blocked items not yet written to the database (written within a second). */
  pendingWrites: z.number().int(),
});

// --------------------------------------------------------------- review queue

export const reviewStatuses = ['pending', 'allowed', 'removed'] as const;
export const reviewSchema = z.strictObject({
  id: z.string(),
  itemId: z.string().nullable(),
  service: z.string().nullable(),
  publisher: z.string().nullable(),
  url: z.string().nullable(),
  /** A bounded excerpt of the text (the whole text is not kept). */
  excerpt: z.string(),
  contentHash: z.string(),
  matches: z.array(screenMatchSchema),
  version: z.number().int(),
  status: z.enum(reviewStatuses),
  heldAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  decidedBy: z.string().nullable(),
  note: z.string().nullable(),
  disposalId: z.string().nullable(),
});
export const reviewListSchema = pageOf('reviews', reviewSchema);
export const reviewDecisionSchema = z.strictObject({
  decision: z.enum(['allow', 'remove']),
  note: z.string().max(2000).default(''),
  /** For a removal: the category the moderator files it under (defaults to the strongest match's). */
  category: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .max(40)
    .optional(),
});

// ------------------------------------------------------------ disposal records

export const disposalOrigins = ['screening', 'review', 'manual', 'takedown', 'complaint'] as const;
export const deletionStates = ['not_requested', 'requested', 'failed', 'confirmed'] as const;
export const disposalSchema = z.strictObject({
  id: z.string(),
  origin: z.enum(disposalOrigins),
  itemId: z.string().nullable(),
  service: z.string().nullable(),
  publisher: z.string().nullable(),
  url: z.string().nullable(),
  /** SHA-256 of the text, hex. */
  contentHash: z.string(),
  /** At most DISPOSAL_EXCERPT_MAX characters around the first match. */
  excerpt: z.string(),
  category: z.string(),
  /** The rule patterns, or the person, that decided. */
  decidedBy: z.strictObject({
    kind: z.enum(['rule', 'person']),
    rules: z.array(z.string()),
    person: z.string().nullable(),
  }),
  detectedAt: z.iso.datetime(),
  stoppedAt: z.iso.datetime(),
  deletion: z.strictObject({
    state: z.enum(deletionStates),
    requestedAt: z.iso.datetime().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    confirmedAt: z.iso.datetime().nullable(),
    /** When it is due (detection + deletion_due in catalog/content.yaml). */
    dueAt: z.iso.datetime(),
  }),
  report: z.strictObject({
    reportedAt: z.iso.datetime().nullable(),
    recipient: z.string().nullable(),
    reference: z.string().nullable(),
    dueAt: z.iso.datetime(),
  }),
  /** The takedown demand or complaint it answers. */
  takedownId: z.string().nullable(),
  complaintId: z.string().nullable(),
  /** When the record may be deleted under the retention policy. */
  keepUntil: z.iso.datetime(),
  /** The disposal's evidence-ledger record (its id; the leaf index is assigned when the sequencer runs). */
  evidenceId: z.string(),
});
export type DisposalView = z.infer<typeof disposalSchema>;
export const DISPOSAL_EXCERPT_MAX = 200;
export const disposalListSchema = pageOf('disposals', disposalSchema);

/** A removal a moderator records by hand (content found by staff, or on a complaint or demand). */
export const disposalInputSchema = z.strictObject({
  text: z.string().min(1).max(SCREEN_TEXT_MAX),
  category: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .max(40),
  itemId: z.string().max(200).optional(),
  service: z.string().max(100).optional(),
  publisher: z.string().max(200).optional(),
  url: z.string().max(2000).optional(),
  detectedAt: z.iso.datetime({ offset: true }).optional(),
  stoppedAt: z.iso.datetime({ offset: true }).optional(),
  takedownId: z.string().optional(),
  complaintId: z.string().optional(),
  /** Ask the platform to delete it (the deletion webhook). */
  requestDeletion: z.boolean().default(true),
});

/** The platform confirms a deletion (scope content.screen), or a moderator records it. */
export const deletionConfirmSchema = z.strictObject({
  deletedAt: z.iso.datetime({ offset: true }).optional(),
  note: z.string().max(2000).optional(),
});

/** Records that the listed disposals were reported to an authority. */
export const disposalReportSchema = z.strictObject({
  ids: z.array(z.string()).min(1).max(10_000),
  recipient: z.string().min(1).max(40),
  reportedAt: z.iso.datetime({ offset: true }),
  reference: z.string().max(200).optional(),
});
/** How many disposals the report recorded. */
export const disposalReportResultSchema = z.strictObject({ reported: z.number().int() });

// ------------------------------------------------------------ takedown demands

export const takedownStatuses = ['open', 'done', 'confirmed'] as const;
export const takedownTargetSchema = z.strictObject({
  /** A URL, an account or an item id on the platform, as the demand names it. */
  value: z.string().min(1).max(2000),
  note: z.string().max(500).optional(),
});
export const takedownActionSchema = z.strictObject({
  at: z.iso.datetime(),
  by: z.string(),
  action: z.string(),
  targets: z.array(z.string()),
  disposalId: z.string().nullable(),
});
export const takedownSchema = z.strictObject({
  id: z.string(),
  issuer: z.string(),
  issuerName: z.string(),
  documentNumber: z.string(),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  /** Whether dueAt is the catalogue's default (the demand named no deadline). */
  defaultDeadline: z.boolean(),
  targets: z.array(takedownTargetSchema),
  summary: z.string(),
  status: z.enum(takedownStatuses),
  actions: z.array(takedownActionSchema),
  doneAt: z.iso.datetime().nullable(),
  confirmation: z
    .strictObject({
      at: z.iso.datetime(),
      by: z.string(),
      reference: z.string().nullable(),
      note: z.string(),
    })
    .nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
});
export const takedownListSchema = pageOf('takedowns', takedownSchema);
export const takedownInputSchema = z.strictObject({
  issuer: z.string().min(1).max(40),
  /** The issuing office's own name (e.g. 某市网信办). */
  issuerName: z.string().min(1).max(200),
  documentNumber: z.string().min(1).max(200),
  receivedAt: z.iso.datetime({ offset: true }),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  targets: z.array(takedownTargetSchema).min(1).max(1000),
  summary: z.string().max(5000).default(''),
});
export const takedownActionInputSchema = z.strictObject({
  action: z.string().min(1).max(2000),
  targets: z.array(z.string()).max(1000).default([]),
  disposalId: z.string().optional(),
  /** The action completes the demand. */
  done: z.boolean().default(false),
});
export const takedownConfirmSchema = z.strictObject({
  reference: z.string().max(200).optional(),
  note: z.string().max(2000).default(''),
});

// --------------------------------------------------- complaints and reports

/** The published contact methods (Art 51): the public page shows them. */
export const complaintChannelSchema = z.strictObject({
  organisation: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  /** Where the web form is published (this product's public page by default). */
  webForm: z.string().nullable(),
  hours: bilingualSchema.nullable(),
  /** Handling time, working days, and whether it is the uncertain default. */
  handlingWorkingDays: z.number().int(),
  handlingUncertain: z.boolean(),
  publishedAt: z.iso.datetime().nullable(),
});
export const complaintChannelInputSchema = z.strictObject({
  phone: z.string().max(50).nullable(),
  email: z.email().max(200).nullable(),
  address: z.string().max(500).nullable(),
  webForm: z.string().max(2000).nullable(),
  hours: bilingualSchema.nullable(),
});

export const complaintKinds = ['complaint', 'report'] as const;
export const complaintStatuses = ['received', 'in_progress', 'answered', 'closed', 'rejected'] as const;
export const complaintSubmitSchema = z.strictObject({
  kind: z.enum(complaintKinds),
  category: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .max(40),
  subject: z.string().min(1).max(200),
  body: z.string().min(1).max(10_000),
  /** Where the content is (a URL, an account). */
  target: z.string().max(2000).optional(),
  /** How to reach the complainant (optional: reports may be anonymous). */
  contact: z.string().max(200).optional(),
  /** The one-time code sent to the contact, when one is given and verification is on. */
  code: z.string().max(12).optional(),
  lang: z.enum(['zh', 'en']).default('zh'),
  /** The proof of work: the challenge from GET /api/public/challenge and a nonce solving it. */
  pow: z.strictObject({ challenge: z.string().max(500), nonce: z.string().max(100) }),
});
export const complaintReceiptSchema = z.strictObject({
  reference: z.string(),
  /** A secret the complainant keeps to follow the case (shown once). */
  trackingCode: z.string(),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
});
/** What the public tracking page shows: the status and the public replies, nothing else. */
export const complaintPublicViewSchema = z.strictObject({
  reference: z.string(),
  status: z.enum(complaintStatuses),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  replies: z.array(z.strictObject({ at: z.iso.datetime(), body: z.string() })),
});
export const complaintReplySchema = z.strictObject({
  id: z.string(),
  at: z.iso.datetime(),
  by: z.string(),
  body: z.string(),
  /** Shown to the complainant (on the tracking page and by the contact). */
  public: z.boolean(),
});
export const complaintSchema = z.strictObject({
  id: z.string(),
  reference: z.string(),
  kind: z.enum(complaintKinds),
  category: z.string(),
  subject: z.string(),
  body: z.string(),
  target: z.string().nullable(),
  /** Masked unless the reader may see it (each reveal is recorded). */
  contact: z.string().nullable(),
  contactVerified: z.boolean(),
  lang: z.enum(['zh', 'en']),
  status: z.enum(complaintStatuses),
  assignee: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  /** Whether dueAt was counted with an estimated calendar year (no State Council notice yet). */
  dueEstimated: z.boolean(),
  answeredAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  outcome: z.string().nullable(),
  replies: z.array(complaintReplySchema),
  disposalId: z.string().nullable(),
  overdue: z.boolean(),
  version: z.number().int(),
});
export const complaintListSchema = pageOf('complaints', complaintSchema);
export const complaintTriageSchema = z.strictObject({
  version: z.number().int(),
  status: z.enum(['in_progress', 'rejected']).optional(),
  category: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .max(40)
    .optional(),
  assignee: z.string().max(100).nullable().optional(),
  note: z.string().max(2000).optional(),
});
export const complaintReplyInputSchema = z.strictObject({
  body: z.string().min(1).max(10_000),
  public: z.boolean().default(true),
});
export const complaintCloseSchema = z.strictObject({ outcome: z.string().min(1).max(2000) });

// --------------------------------------------------------- public intake (platform)

/** A proof-of-work challenge: find a nonce so that SHA-256(challenge + ":" + nonce) starts with `difficulty` zero bits. */
export const powChallengeSchema = z.strictObject({
  challenge: z.string(),
  difficulty: z.number().int(),
  expiresAt: z.iso.datetime(),
});
/** Asks for a one-time code sent to an e-mail address or mobile number. */
export const otpRequestSchema = z.strictObject({
  to: z.string().min(3).max(200),
  purpose: z
    .string()
    .regex(/^[a-z][a-z0-9_.]*$/)
    .max(40),
  pow: z.strictObject({ challenge: z.string().max(500), nonce: z.string().max(100) }),
});
export const otpSentSchema = z.strictObject({ sent: z.literal(true), expiresAt: z.iso.datetime() });

// --------------------------------------------------------------- the overview

export const contentStatusSchema = z.strictObject({
  screening: screenStatsSchema,
  reviewsPending: z.number().int(),
  disposals: z.strictObject({
    total: z.number().int(),
    unreported: z.number().int(),
    deletionOutstanding: z.number().int(),
  }),
  takedownsOpen: z.number().int(),
  takedownsOverdue: z.number().int(),
  complaintsOpen: z.number().int(),
  complaintsOverdue: z.number().int(),
  /** Whether the platform's deletion webhook is set (WANGAN_CONTENT_DELETE_WEBHOOK); without it moderators confirm deletions by hand. */
  deletionWebhook: z.boolean(),
  /** The uncertain defaults in force (catalog/content.yaml or settings), for the console to mark. */
  defaults: z.array(
    z.strictObject({
      key: z.string(),
      value: z.string(),
      uncertain: z.boolean(),
      overridden: z.boolean(),
      citations: z.array(z.string()),
    }),
  ),
});
