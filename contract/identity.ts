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
