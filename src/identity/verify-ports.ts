import type { EnrolmentRequest } from '../../contract/identity.js';
import type { Actor } from '../platform/auth/roles.js';

/**
 * What verification needs of the vault (s8b's VaultService gives exactly
 * this): enrol a person for a service account (it validates the numbers and
 * refuses bad ones itself), find an account's subject and handle, and open a
 * person's identity for a machine check. What `openForCheck` returns is never
 * logged or stored.
 */
export interface VaultPort {
  enrol(
    actor: Actor,
    input: EnrolmentRequest,
  ): Promise<{ subjectId: string; handle: string; knownPerson: boolean; newAccount: boolean }>;
  account(service: string, user: string): Promise<{ subjectId: string; handle: string } | null>;
  openForCheck(subjectId: string): Promise<{ name: string; idNumber: string; phone: string } | null>;
}

/** A person as an identity-check provider compares them (held only for the call). */
export interface CheckSubject {
  name: string;
  idNumber: string;
  phone: string;
}

/** A provider's answer: `unavailable` when it could not say (down, timed out, refused the request). */
export interface CheckAnswer {
  result: 'match' | 'mismatch' | 'unavailable';
  reference: string | null;
}

/**
 * A third-party identity check (name + resident identity number + phone ->
 * match / mismatch / unavailable). `simulated` providers are for tests and
 * the demo only: the status says so.
 */
export interface IdentityCheckProvider {
  readonly name: string;
  readonly simulated: boolean;
  check(subject: CheckSubject): Promise<CheckAnswer>;
}

/** How verification sends and checks one-time codes (the platform's PublicIntake gives it). */
export interface CodePort {
  readonly senderName: string;
  sendCodeTrusted(input: { to: string; purpose: string }): Promise<{ sent: true; expiresAt: string }>;
  verifyCode(to: string, purpose: string, code: string): 'ok' | 'wrong' | 'expired' | 'missing' | 'exhausted';
}
