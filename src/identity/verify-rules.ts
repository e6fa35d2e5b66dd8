import type {
  ServiceConfig,
  Verification,
  VerificationMethod,
  VerificationStatus,
} from '../../contract/identity.js';
import { verificationMethods } from '../../contract/identity.js';
import type { Bilingual } from '../platform/errors.js';
import type { IdentityFile } from './catalog-schema.js';

/**
 * Pure rules of enrolment and verification: a service's validity per method
 * (the catalogue's default, marked uncertain, unless the service sets one),
 * a record as the API shows it, and the failure texts.
 */

export interface StoredService {
  key: string;
  name: string;
  requires: VerificationMethod[];
  /** Overrides only. */
  overrides: Partial<Record<VerificationMethod, string>>;
  /** The service accounts that may enrol, verify and ask the gate for this service (people always may). */
  callers: string[];
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

export interface StoredVerification {
  id: string;
  service: string;
  user: string;
  subjectId: string;
  handle: string;
  method: VerificationMethod;
  status: 'pending' | 'verified' | 'failed';
  provider: string;
  reference: string | null;
  failure: string | null;
  startedAt: Date;
  codeExpiresAt: Date | null;
  codeTries: number;
  verifiedAt: Date | null;
  expiresAt: Date | null;
}

/** How long a method's verification holds for a service. */
export function validityOf(
  catalog: IdentityFile,
  overrides: Partial<Record<VerificationMethod, string>>,
): Record<VerificationMethod, { duration: string; uncertain: boolean }> {
  const out = {} as Record<VerificationMethod, { duration: string; uncertain: boolean }>;
  for (const m of verificationMethods) {
    const set = overrides[m];
    const fromCatalog = catalog.methods.find((x) => x.code === m)!.validity;
    out[m] = set ? { duration: set, uncertain: false } : { ...fromCatalog };
  }
  return out;
}

export function serviceView(catalog: IdentityFile, s: StoredService): ServiceConfig {
  return {
    key: s.key,
    name: s.name,
    requires: s.requires,
    validity: validityOf(catalog, s.overrides),
    callers: s.callers,
    updatedAt: s.updatedAt.toISOString(),
    updatedBy: s.updatedBy,
  };
}

/** Methods in the contract's order, once each (a requirement as stored and compared). */
export function normaliseMethods(list: readonly VerificationMethod[]): VerificationMethod[] {
  return verificationMethods.filter((m) => list.includes(m));
}

/** A record's status at `now`: a verified one past its expiry reads `expired`. */
export function statusAt(v: Pick<StoredVerification, 'status' | 'expiresAt'>, now: Date): VerificationStatus {
  if (v.status === 'verified' && v.expiresAt && v.expiresAt.getTime() <= now.getTime()) return 'expired';
  return v.status;
}

export const failureText: Record<string, Bilingual> = {
  mismatch: {
    zh: '身份信息核验未通过：姓名、居民身份证号码与手机号码不属于同一人。',
    en: 'The identity check failed: the name, resident identity number and phone number do not belong together.',
  },
  unavailable: {
    zh: '身份信息核验服务暂不可用，请稍后重新提交实名登记。',
    en: 'The identity-check service is unavailable; enrol again later.',
  },
  not_sent: {
    zh: '验证码未能发送（短信网关未响应），请稍后重新获取验证码。',
    en: 'The code could not be sent (the SMS gateway did not take it); ask for a new one shortly.',
  },
  exhausted: {
    zh: '验证码输错次数过多，请重新获取验证码。',
    en: 'The code was entered wrongly too many times; ask for a new one.',
  },
};

export function verificationView(v: StoredVerification, now: Date): Verification {
  return {
    id: v.id,
    service: v.service,
    user: v.user,
    handle: v.handle,
    method: v.method,
    status: statusAt(v, now),
    provider: v.provider,
    reference: v.reference,
    failure: v.failure ? (failureText[v.failure] ?? { zh: v.failure, en: v.failure }) : null,
    startedAt: v.startedAt.toISOString(),
    codeExpiresAt: v.status === 'pending' && v.codeExpiresAt ? v.codeExpiresAt.toISOString() : null,
    verifiedAt: v.verifiedAt?.toISOString() ?? null,
    expiresAt: v.expiresAt?.toISOString() ?? null,
  };
}

/**
 * The leaf of a day's seal: the record without personal data (no subject id,
 * which the vault could resolve), as canonical JSON of these fields. A
 * verifier recomputes the root from the records the API lists.
 */
export function sealLeaf(v: StoredVerification): Record<string, string | null> {
  return {
    id: v.id,
    service: v.service,
    handle: v.handle,
    method: v.method,
    status: v.status,
    provider: v.provider,
    reference: v.reference,
    startedAt: v.startedAt.toISOString(),
    verifiedAt: v.verifiedAt?.toISOString() ?? null,
    expiresAt: v.expiresAt?.toISOString() ?? null,
  };
}
