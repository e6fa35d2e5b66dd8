import type { GateCheckResponse, GateReason, VerificationMethod } from '../../contract/identity.js';
import { verificationMethods } from '../../contract/identity.js';
import type { Bilingual } from '../platform/errors.js';

/**
 * The gate's decision (CSL 2025 Art 26 para 1, 2016 Art 24 para 1: no
 * service to a user who has not given their real identity), pure: what a
 * service requires, what the user holds, the instant.
 */

/** What one method stands at for one account: the latest verified expiry, and whether a check is under way or failed. */
export interface MethodHold {
  /** The latest expiry of a verified record (null: never verified). */
  verifiedUntil: number | null;
  /** A record was started (pending or failed) after or without a verified one. */
  attempted: boolean;
}

export interface GateEntry {
  handle: string;
  methods: Partial<Record<VerificationMethod, MethodHold>>;
}

export const gateMessages: Record<GateReason | 'allowed', Bilingual> = {
  allowed: {
    zh: '用户已完成实名核验，可以提供服务。',
    en: 'The user has verified their identity: serve them.',
  },
  service_not_configured: {
    zh: '该服务尚未配置实名核验要求，请先在实名核验设置中配置该服务。',
    en: 'This service has no real-name requirement configured; configure the service first.',
  },
  not_enrolled: {
    zh: '该用户尚未进行实名登记，不得为其提供服务。',
    en: 'The user has not enrolled with their real identity: do not serve them yet.',
  },
  not_verified: {
    zh: '该用户的实名核验尚未完成，不得为其提供服务。',
    en: "The user's identity is not verified yet: do not serve them.",
  },
  verification_expired: {
    zh: '该用户的实名核验已过有效期，须重新核验后方可提供服务。',
    en: "The user's verification has expired: they must verify again before being served.",
  },
  stronger_method_needed: {
    zh: '该服务现要求更多的核验方式，用户须补充核验后方可提供服务。',
    en: 'The service now requires a further verification method: the user must complete it before being served.',
  },
};

/** A method holds at `now` when a verified record's expiry is still ahead. */
function holds(h: MethodHold | undefined, now: number): boolean {
  return h?.verifiedUntil != null && h.verifiedUntil > now;
}

export function decide(
  requires: readonly VerificationMethod[] | undefined,
  entry: GateEntry | undefined,
  now: number,
): GateCheckResponse {
  const deny = (reason: GateReason, held: VerificationMethod[] = []): GateCheckResponse => ({
    allowed: false,
    reason,
    message: gateMessages[reason],
    handle: entry?.handle ?? null,
    requires: requires ? [...requires] : [],
    holds: held,
    validUntil: null,
  });
  if (!requires) return deny('service_not_configured');
  if (!entry) return deny('not_enrolled');
  const held = verificationMethods.filter((m) => holds(entry.methods[m], now));
  const missing = requires.filter((m) => !held.includes(m));
  if (missing.length === 0) {
    const until = Math.min(...requires.map((m) => entry.methods[m]!.verifiedUntil!));
    return {
      allowed: true,
      reason: null,
      message: gateMessages.allowed,
      handle: entry.handle,
      requires: [...requires],
      holds: held,
      validUntil: new Date(until).toISOString(),
    };
  }
  // A required method verified once and run out: verify again.
  if (missing.some((m) => entry.methods[m]?.verifiedUntil != null)) return deny('verification_expired', held);
  // Checks of the missing methods begun but not passed: the enrolment is not finished.
  if (missing.some((m) => entry.methods[m]?.attempted)) return deny('not_verified', held);
  // Verified as the service asked before, and it now asks for more.
  if (held.length > 0) return deny('stronger_method_needed', held);
  return deny('not_verified', held);
}
