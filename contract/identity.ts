import { z } from 'zod';
import { pageOf } from './paging.js';
import { bilingualSchema } from './status.js';

/**
 * The real-name gate and identity vault as the API answers and the console
 * reads it (issue 15; CSL 2025 Art 26 para 1, 2016 Art 24 para 1; Art 30,
 * 2016 Art 28): identifier validation, enrolment and verification, the gate,
 * the encrypted vault with its pseudonymous handles, two-person reveals.
 * Instants are ISO 8601 (UTC); the console shows them in Beijing time.
 * Nothing here ever carries a clear identity number, name or phone, except
 * the one answer of an approved reveal (`revealedIdentitySchema`).
 */

// ---------------------------------------------------------------- identifiers

export const identifierKinds = ['resident-id', 'uscc', 'mobile'] as const;
export type IdentifierKind = (typeof identifierKinds)[number];

/** The reasons a value is not valid (the CLI contract of `wangan identity validate`). */
export const identifierReasonCodes = [
  'checksum',
  'date',
  'area',
  'length',
  'characters',
  'prefix',
  'format',
] as const;

export const identifierIssueSchema = z.strictObject({
  code: z.string(),
  message: bilingualSchema,
});
export type IdentifierIssue = z.infer<typeof identifierIssueSchema>;

/** A validator's answer: never a bare boolean. `normalized` is null when not valid. */
export const identifierResultSchema = z.strictObject({
  valid: z.boolean(),
  normalized: z.string().nullable(),
  reasons: z.array(identifierIssueSchema),
  warnings: z.array(identifierIssueSchema),
});
export type IdentifierResult = z.infer<typeof identifierResultSchema>;

// ------------------------------------------------------------- verification

/**
 * How a person's identity was verified (catalog/identity.yaml describes each):
 * `sms_otp` a one-time code sent to the phone number they gave (the number is
 * itself real-named by the carrier); `id_check` a third-party check that the
 * name, identity number and phone number belong together.
 */
export const verificationMethods = ['sms_otp', 'id_check'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];
export const verificationStatuses = ['pending', 'verified', 'failed', 'expired'] as const;
export type VerificationStatus = (typeof verificationStatuses)[number];

/** A service's user id on the operator's platform (not a secret, not personal data by itself). */
export const platformUserSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
/** A service key as configured (`PUT /api/identity/services/:key`). */
export const serviceKeySchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, dot, dash, underscore');

// ------------------------------------------------------------------- the gate

/** Why the gate denies; null when it allows. */
export const gateReasons = [
  'service_not_configured',
  'not_enrolled',
  'not_verified',
  'verification_expired',
  'stronger_method_needed',
] as const;
export type GateReason = (typeof gateReasons)[number];

export const gateCheckRequestSchema = z.strictObject({
  service: serviceKeySchema,
  user: platformUserSchema,
});
export type GateCheckRequest = z.infer<typeof gateCheckRequestSchema>;

export const gateCheckResponseSchema = z.strictObject({
  allowed: z.boolean(),
  reason: z.enum(gateReasons).nullable(),
  message: bilingualSchema,
  /** The public handle the service shows for this user (never the real identity). */
  handle: z.string().nullable(),
  /** What the service needs (its configuration). */
  requires: z.array(z.enum(verificationMethods)),
  /** The methods the user holds now, and until when the allowing ones hold. */
  holds: z.array(z.enum(verificationMethods)),
  validUntil: z.string().nullable(),
});
export type GateCheckResponse = z.infer<typeof gateCheckResponseSchema>;

// ------------------------------------------------------------------ the vault

/** A person as the console lists them: masked only (张*, 1101**********123X, 138****8000). */
export const subjectSchema = z.strictObject({
  id: z.string(),
  nameMasked: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  /** The service accounts linked to this person, with their public handles. */
  accounts: z.array(
    z.strictObject({ service: z.string(), user: z.string(), handle: z.string(), enrolledAt: z.string() }),
  ),
  createdAt: z.string(),
  /** Which key wraps the record now (rotation moves it to the newest). */
  keyId: z.string(),
});
export type Subject = z.infer<typeof subjectSchema>;
export const subjectPageSchema = pageOf('subjects', subjectSchema);

/** What a platform sends when a user signs up for a service. */
export const enrolmentRequestSchema = z.strictObject({
  service: serviceKeySchema,
  user: platformUserSchema,
  name: z.string().min(1).max(100),
  idNumber: z.string().min(1).max(40),
  phone: z.string().min(1).max(40),
});
export type EnrolmentRequest = z.infer<typeof enrolmentRequestSchema>;

/** The only answer that carries a clear identity: an approved reveal, opened once by its requester. */
export const revealedIdentitySchema = z.strictObject({
  name: z.string(),
  idNumber: z.string(),
  phone: z.string(),
});
export type RevealedIdentity = z.infer<typeof revealedIdentitySchema>;

// ---------------------------------------------------------------- validation

/** `POST /api/identity/validate`: the console's check tool (the CLI answers the same). */
export const validateRequestSchema = z.strictObject({
  kind: z.enum(identifierKinds),
  value: z.string().max(200),
});
export const validateResponseSchema = identifierResultSchema.extend({
  /** What a valid resident identity number says of its holder (null otherwise). */
  details: z
    .strictObject({
      area: z.string().nullable(),
      birthDate: z.string(),
      sex: z.enum(['male', 'female']),
    })
    .nullable(),
});
export type ValidateResponse = z.infer<typeof validateResponseSchema>;

// ------------------------------------------------- vault: search, keys, reveals

/**
 * `POST /api/identity/subjects/search`: exact lookup, by the keyed index for
 * the numbers (a POST, so numbers stay out of addresses, logs and the audit
 * trail's paths). Exactly one of the four ways.
 */
export const subjectSearchSchema = z.union([
  z.strictObject({ handle: z.string().min(1).max(64) }),
  z.strictObject({ service: serviceKeySchema, user: platformUserSchema }),
  z.strictObject({ idNumber: z.string().min(1).max(40) }),
  z.strictObject({ phone: z.string().min(1).max(40) }),
]);
export type SubjectSearch = z.infer<typeof subjectSearchSchema>;
export const subjectSearchResponseSchema = z.strictObject({ subjects: z.array(subjectSchema) });

/** A key of the vault's key ring (never the key itself). */
export const vaultKeySchema = z.strictObject({
  id: z.string(),
  createdAt: z.string(),
  active: z.boolean(),
  /** Records (people) whose data key this key wraps / index entries it made. */
  records: z.number().int().nonnegative(),
});
export const keyStatusSchema = z.strictObject({
  /** Where the keys come from: a file (WANGAN_VAULT_KEY_FILE / _INDEX_KEY_FILE, or the data folder), or the environment. */
  vault: z.strictObject({ source: z.enum(['file', 'environment']), keys: z.array(vaultKeySchema) }),
  index: z.strictObject({
    source: z.enum(['file', 'environment']),
    keys: z.array(vaultKeySchema),
    /** A re-index after an index-key rotation, while it runs. */
    reindexing: z.strictObject({ done: z.number().int(), total: z.number().int() }).nullable(),
  }),
  /** A re-wrap of data keys after a vault-key rotation, while it runs. */
  rewrapping: z.strictObject({ done: z.number().int(), total: z.number().int() }).nullable(),
});
export type KeyStatus = z.infer<typeof keyStatusSchema>;
export const keyRotateSchema = z.strictObject({ which: z.enum(['vault', 'index']) });

export const revealStatuses = ['pending', 'approved', 'rejected', 'opened', 'expired'] as const;
export type RevealStatus = (typeof revealStatuses)[number];

/** `POST /api/identity/reveals`: asking to see one person's real identity, with its ground. */
export const revealRequestSchema = z.strictObject({
  subjectId: z.string().min(1).max(64),
  /** A ground of catalog/identity.yaml `reveal_bases` (law_enforcement, court_order). */
  basis: z.string().min(1).max(40),
  /** For law_enforcement: an approved entry of the law-enforcement request register. */
  registerEntryId: z.string().min(1).max(64).optional(),
  /** The document's number (court order), or the organ's reference. */
  reference: z.string().min(1).max(200).optional(),
  reason: z.string().min(1).max(2000),
});
export type RevealRequest = z.infer<typeof revealRequestSchema>;
export const revealDecisionSchema = z.strictObject({
  approve: z.boolean(),
  note: z.string().max(2000).optional(),
});

export const revealSchema = z.strictObject({
  id: z.string(),
  subjectId: z.string(),
  /** The person, masked. */
  subject: z.strictObject({ nameMasked: z.string(), idNumberMasked: z.string(), phoneMasked: z.string() }),
  basis: z.string(),
  basisName: bilingualSchema,
  registerEntryId: z.string().nullable(),
  reference: z.string().nullable(),
  reason: z.string(),
  status: z.enum(revealStatuses),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  /** An approved reveal may be opened by its requester until then (catalog reveal_window). */
  openUntil: z.string().nullable(),
  openedAt: z.string().nullable(),
  /** The ledger record of the reveal (written when it is opened). */
  evidenceId: z.string().nullable(),
});
export type Reveal = z.infer<typeof revealSchema>;
export const revealPageSchema = pageOf('reveals', revealSchema);
export const revealOpenedSchema = z.strictObject({ reveal: revealSchema, identity: revealedIdentitySchema });

// ----------------------------------------------- enrolment, verification, gate

/** A service as configured: what its users must hold before the gate lets them in. */
export const serviceConfigSchema = z.strictObject({
  key: z.string(),
  name: z.string(),
  requires: z.array(z.enum(verificationMethods)).min(1),
  /** How long each method's verification holds, ISO 8601 (catalog default, marked uncertain, unless set). */
  validity: z.record(
    z.enum(verificationMethods),
    z.strictObject({ duration: z.string(), uncertain: z.boolean() }),
  ),
  /** The service accounts (usernames) that may enrol, verify and ask the gate for this service; people always may. */
  callers: z.array(z.string()),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
export const serviceConfigInputSchema = z.strictObject({
  name: z.string().min(1).max(200),
  requires: z.array(z.enum(verificationMethods)).min(1).max(verificationMethods.length),
  /** Overrides of the catalogue's validity per method (ISO 8601 durations). */
  validity: z.partialRecord(z.enum(verificationMethods), z.string().min(2).max(40)).optional(),
  /** The service accounts that may act for it (absent: unchanged; a new service has none). */
  callers: z.array(z.string().min(1).max(64)).max(100).optional(),
});
export const serviceListSchema = z.strictObject({ services: z.array(serviceConfigSchema) });

export const verificationSchema = z.strictObject({
  id: z.string(),
  service: z.string(),
  user: z.string(),
  handle: z.string(),
  method: z.enum(verificationMethods),
  status: z.enum(verificationStatuses),
  /** Who checked: the code sender (`log`, ...) or the identity-check provider (`simulator`, ...). */
  provider: z.string(),
  /** The provider's reference for the check, if it gives one. */
  reference: z.string().nullable(),
  /** Why it failed, when it did (a wrong code is not a failure: tries are counted). */
  failure: bilingualSchema.nullable(),
  startedAt: z.string(),
  /** A pending code can be entered until then. */
  codeExpiresAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  /** A verified record holds until then (the service's validity for the method). */
  expiresAt: z.string().nullable(),
});
export type Verification = z.infer<typeof verificationSchema>;
export const verificationPageSchema = pageOf('verifications', verificationSchema);
export const verificationCodeSchema = z.strictObject({ code: z.string().min(4).max(12) });

/** `POST /api/identity/enrolments`: the person is in the vault, and the verifications the service needs have begun. */
export const enrolmentResponseSchema = z.strictObject({
  service: z.string(),
  user: z.string(),
  handle: z.string(),
  /** The person was in the vault already (found by the keyed index): one person, several accounts. */
  knownPerson: z.boolean(),
  verifications: z.array(verificationSchema),
  gate: gateCheckResponseSchema,
});
export type EnrolmentResponse = z.infer<typeof enrolmentResponseSchema>;

/** `GET /api/identity/gate/stats`: checks answered since the process started, and per service and Beijing day. */
export const gateStatsSchema = z.strictObject({
  since: z.string(),
  calls: z.number().int().nonnegative(),
  days: z.array(
    z.strictObject({
      day: z.string(),
      service: z.string(),
      allowed: z.number().int().nonnegative(),
      denied: z.number().int().nonnegative(),
    }),
  ),
});

/** The daily evidence of a service (csl.real-name): counts and the Merkle root of the day's verification records. */
export const gateSealSchema = z.strictObject({
  day: z.string(),
  service: z.string(),
  allowed: z.number().int().nonnegative(),
  denied: z.number().int().nonnegative(),
  verifications: z.number().int().nonnegative(),
  /** RFC 9162 Merkle tree hash (hex) over the day's verification records, in id order; of the empty tree when none. */
  merkleRoot: z.string(),
  evidenceId: z.string(),
  sealedAt: z.string(),
});
export type GateSeal = z.infer<typeof gateSealSchema>;
export const gateSealPageSchema = pageOf('seals', gateSealSchema);

/** `GET /api/identity/status`: what the capability runs with (the console shows uncertain defaults as such). */
export const identityStatusSchema = z.strictObject({
  codeSender: z.string(),
  checkProvider: z.string(),
  /** True when the provider is the local simulator (tests and the demo): the console says so. */
  simulated: z.boolean(),
  methods: z.array(
    z.strictObject({
      code: z.enum(verificationMethods),
      name: bilingualSchema,
      summary: bilingualSchema,
      validity: z.strictObject({ duration: z.string(), uncertain: z.boolean() }),
    }),
  ),
  revealBases: z.array(
    z.strictObject({
      code: z.string(),
      name: bilingualSchema,
      summary: bilingualSchema,
      needsRegisterEntry: z.boolean(),
    }),
  ),
  revealWindow: z.strictObject({ duration: z.string(), uncertain: z.boolean() }),
  areaCodes: z.strictObject({ count: z.number().int(), asOf: z.string(), source: bilingualSchema }),
});
export type IdentityStatus = z.infer<typeof identityStatusSchema>;
