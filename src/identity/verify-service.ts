import { randomUUID } from 'node:crypto';
import type {
  EnrolmentRequest,
  IdentityStatus,
  ServiceConfig,
  Verification,
  VerificationMethod,
} from '../../contract/identity.js';
import type { LedgerService } from '../ledger/service.js';
import { requireRole, type Actor, type Role } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import { takePage, type InstantKey } from '../platform/paging.js';
import { OTP_MAX_TRIES } from '../platform/public-intake/service.js';
import { durationPattern } from '../platform/settings-kit.js';
import { addDuration } from '../platform/time.js';
import type { IdentityFile } from './catalog-schema.js';
import { AREA_CODES_AS_OF, AREA_CODES_SOURCE, areaCodeCount } from './validate/index.js';
import type { CodePort, IdentityCheckProvider, VaultPort } from './verify-ports.js';
import {
  normaliseMethods,
  serviceView,
  statusAt,
  validityOf,
  verificationView,
  type StoredService,
  type StoredVerification,
} from './verify-rules.js';
import type { ServiceRow, VerificationRow, VerifyStore } from './verify-store.js';

/** The duty the configuration and the daily seals serve (catalog/obligations). */
export const REAL_NAME_DUTY = 'csl.real-name';

/** Who reads the capability's lists, stats and status. */
export const identityReaders: readonly Role[] = [
  'admin',
  'compliance_officer',
  'security_officer',
  'data_protection_officer',
  'auditor',
];
/** Who enrols, verifies and asks the gate (people; service accounts with identity.gate of these roles). */
export const gateCallers: readonly Role[] = ['admin', 'compliance_officer'];
/** Who configures services. */
export const serviceConfigurers: readonly Role[] = ['admin', 'compliance_officer'];

export interface VerifyDeps {
  store: VerifyStore;
  vault: VaultPort;
  codes: CodePort;
  provider: IdentityCheckProvider;
  ledger: LedgerService;
  uow: UnitOfWork;
  clock: Clock;
  catalog: IdentityFile;
}

/** What the gate hears of each change made in this process. */
export interface VerifyListener {
  verification(v: StoredVerification): void;
  service(s: StoredService): void;
}

/**
 * A service account acts only for the services that list it among their
 * callers: one platform's token cannot enrol, verify or ask the gate for
 * another's users (their handles, whether a number is known, the counts that
 * feed the evidence). People of the console's roles may act for any service.
 */
export function requireCaller(actor: Actor, service: Pick<StoredService, 'key' | 'callers'>): void {
  if (!actor.service || service.callers.includes(actor.username)) return;
  throw new AppError(
    'forbidden',
    {
      zh: `服务账号“${actor.username}”未被列为服务“${service.key}”的调用方；请管理员在该服务的实名核验设置中添加。`,
      en: `The service account "${actor.username}" is not among the callers of service "${service.key}"; an admin adds it in the service's settings.`,
    },
    { service: service.key },
    'service',
  );
}

export function toService(r: ServiceRow): StoredService {
  return {
    key: r.key,
    name: r.name,
    requires: normaliseMethods(r.requires.split(',') as VerificationMethod[]),
    overrides: JSON.parse(r.validity) as StoredService['overrides'],
    callers: JSON.parse(r.callers) as string[],
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    updatedBy: r.updated_by,
  };
}

export function toVerification(r: VerificationRow): StoredVerification {
  const d = (x: Date | null) => (x ? new Date(x) : null);
  return {
    id: r.id,
    service: r.service,
    user: r.user_id,
    subjectId: r.subject_id,
    handle: r.handle,
    method: r.method as VerificationMethod,
    status: r.status as StoredVerification['status'],
    provider: r.provider,
    reference: r.reference,
    failure: r.failure,
    startedAt: new Date(r.started_at),
    codeExpiresAt: d(r.code_expires_at),
    codeTries: r.code_tries,
    verifiedAt: d(r.verified_at),
    expiresAt: d(r.expires_at),
  };
}

const codeField = (
  reason: string,
  messages: { zh: string; en: string },
  extra: Record<string, unknown> = {},
) => new AppError('validation_failed', messages, { reason, ...extra }, 'code');

const notFound = () => new AppError('not_found', { zh: '未找到该核验记录。', en: 'No such verification.' });

/**
 * Enrolment and verification (CSL 2025 Art 26 para 1, 2016 Art 24 para 1;
 * issue 15 items 1-2): services' requirements (each change a csl.real-name
 * configuration record in the ledger), enrolment through the vault, the SMS
 * one-time code through the platform's intake (its CodeBook and sender), the
 * third-party identity check. Records hold no personal data: the phone,
 * name and number are taken from the request or the vault for the call only.
 */
export class VerifyService {
  private readonly listeners: VerifyListener[] = [];

  constructor(private readonly d: VerifyDeps) {}

  get catalog(): IdentityFile {
    return this.d.catalog;
  }

  get provider(): IdentityCheckProvider {
    return this.d.provider;
  }

  subscribe(l: VerifyListener): void {
    this.listeners.push(l);
  }

  private emit(v: StoredVerification): void {
    for (const l of this.listeners) l.verification(v);
  }

  // ---- services -------------------------------------------------------------------------------

  async services(actor: Actor): Promise<ServiceConfig[]> {
    requireRole(actor, [...new Set([...identityReaders, ...gateCallers])]);
    return (await this.d.store.services()).map((r) => serviceView(this.d.catalog, toService(r)));
  }

  /** Every service as stored (the gate's start and the seals). */
  async allServices(): Promise<StoredService[]> {
    return (await this.d.store.services()).map(toService);
  }

  async putService(
    actor: Actor,
    key: string,
    input: {
      name: string;
      requires: VerificationMethod[];
      validity?: Partial<Record<VerificationMethod, string>> | undefined;
      callers?: string[] | undefined;
    },
    /** When the change was made (the demo's history); now otherwise. */
    at?: Date,
  ): Promise<ServiceConfig> {
    requireRole(actor, serviceConfigurers);
    const overrides: Partial<Record<VerificationMethod, string>> = {};
    for (const [m, v] of Object.entries(input.validity ?? {}) as [VerificationMethod, string][]) {
      if (
        !durationPattern.test(v) ||
        v === 'P' ||
        v.endsWith('T') ||
        !/\d/.test(v) ||
        !(addDuration(new Date(0), v).getTime() > 0) ||
        // Ten years at most: past that a date overflows long before a verification would end.
        !(addDuration(new Date(0), v).getTime() <= 10 * 366 * 86_400_000)
      )
        throw new AppError(
          'validation_failed',
          {
            zh: `有效期须为不超过十年的 ISO 8601 时长（如 P365D 表示365天），收到：${v}。`,
            en: `A validity must be an ISO 8601 duration of ten years at most (such as P365D for 365 days); got ${v}.`,
          },
          { method: m },
          `validity.${m}`,
        );
      overrides[m] = v;
    }
    const requires = normaliseMethods(input.requires);
    const now = at ?? this.d.clock.now();
    const existing = await this.d.store.service(key);
    // Not given: the list stays as it was (a new service has none: no machine may act for it yet).
    const callers = [
      ...new Set(input.callers ?? (existing ? (JSON.parse(existing.callers) as string[]) : [])),
    ].sort();
    const validity = validityOf(this.d.catalog, overrides);
    const stored = await this.d.uow.run(async (tx) => {
      const store = this.d.store.in(tx);
      const seq = await store.nextSeq();
      const receipt = await this.d.ledger.record(
        actor,
        {
          obligations: [REAL_NAME_DUTY],
          kind: 'configuration',
          summary: `Real-name requirement of service ${key} (${input.name}) ${existing ? 'changed' : 'set'}: ${requires
            .map(
              (m) =>
                `${m} valid ${validity[m].duration}${validity[m].uncertain ? ' (default, uncertain)' : ''}`,
            )
            .join(', ')}`,
          occurredAt: now,
        },
        tx,
      );
      const row: ServiceRow = {
        key,
        name: input.name,
        requires: requires.join(','),
        validity: JSON.stringify(overrides),
        callers: JSON.stringify(callers),
        created_at: existing?.created_at ?? now,
        updated_at: now,
        updated_by: actor.username,
        evidence_id: receipt.id,
        seq,
      };
      await store.putService(row);
      return toService(row);
    });
    for (const l of this.listeners) l.service(stored);
    return serviceView(this.d.catalog, stored);
  }

  // ---- enrolment and verification ---------------------------------------------------------------

  private async configured(key: string): Promise<StoredService> {
    const row = await this.d.store.service(key);
    if (!row)
      throw new AppError(
        'not_found',
        {
          zh: '该服务尚未配置实名核验要求，请先在实名核验设置中配置该服务。',
          en: 'This service has no real-name requirement configured; configure the service first.',
        },
        { reason: 'service_not_configured' },
        'service',
      );
    return toService(row);
  }

  /**
   * Enrols the person through the vault (which validates and refuses bad
   * numbers) and starts what the service requires that the account does not
   * hold already: an SMS code (pending, with its expiry) and/or the identity
   * check (verified or failed at once).
   */
  async enrol(
    actor: Actor,
    input: EnrolmentRequest,
  ): Promise<{ handle: string; knownPerson: boolean; verifications: Verification[] }> {
    requireRole(actor, gateCallers);
    const service = await this.configured(input.service);
    requireCaller(actor, service);
    const enrolled = await this.d.vault.enrol(actor, input);
    // The numbers as the vault keeps them (the 18-digit form, the 11 digits), not as typed.
    const person = await this.d.vault.openForCheck(enrolled.subjectId);
    if (!person) throw new Error('identity: the person just enrolled is not in the vault');
    const now = this.d.clock.now();
    const validity = validityOf(this.d.catalog, service.overrides);
    const held = (await this.d.store.account(input.service, input.user)).map(toVerification);
    const rows: StoredVerification[] = [];
    for (const method of service.requires) {
      const current = held.find((v) => v.method === method && statusAt(v, now) === 'verified');
      if (current) continue;
      const id = randomUUID();
      const base: StoredVerification = {
        id,
        service: input.service,
        user: input.user,
        subjectId: enrolled.subjectId,
        handle: enrolled.handle,
        method,
        status: 'pending',
        provider: '',
        reference: null,
        failure: null,
        startedAt: now,
        codeExpiresAt: null,
        codeTries: 0,
        verifiedAt: null,
        expiresAt: null,
      };
      if (method === 'sms_otp') {
        base.provider = this.d.codes.senderName;
        try {
          const sent = await this.d.codes.sendCodeTrusted({ to: person.phone, purpose: purposeOf(id) });
          base.codeExpiresAt = new Date(sent.expiresAt);
        } catch (err) {
          // A code went to this number less than a minute ago (another service): the record waits for /resend.
          // A gateway that did not take the code: the same, saying so (the person is in the vault already).
          if (!(err instanceof AppError && err.code === 'rate_limited')) base.failure = 'not_sent';
        }
      } else {
        base.provider = this.d.provider.name;
        const answer = await this.d.provider.check(person);
        base.reference = answer.reference;
        if (answer.result === 'match') {
          base.status = 'verified';
          base.verifiedAt = now;
          base.expiresAt = addDuration(now, validity.id_check.duration);
        } else {
          base.status = 'failed';
          base.failure = answer.result;
        }
      }
      rows.push(base);
    }
    await this.d.uow.run(async (tx) => {
      const store = this.d.store.in(tx);
      const list = [];
      for (const v of rows) list.push(rowOf(v, await store.nextSeq(), now));
      await store.insertVerifications(list);
    });
    for (const v of rows) this.emit(v);
    const all = [
      ...rows,
      ...held.filter((h) => !rows.some((r) => r.method === h.method) && service.requires.includes(h.method)),
    ];
    return {
      handle: enrolled.handle,
      knownPerson: enrolled.knownPerson,
      verifications: all.map((v) => verificationView(v, now)),
    };
  }

  /** Writes records as they are (the demo's history, dated in the past); the gate takes them up. */
  async seedRecords(rows: readonly StoredVerification[]): Promise<void> {
    const now = this.d.clock.now();
    await this.d.uow.run(async (tx) => {
      const store = this.d.store.in(tx);
      const list = [];
      for (const v of rows) list.push(rowOf(v, await store.nextSeq(), now));
      await store.insertVerifications(list);
    });
    for (const v of rows) this.emit(v);
  }

  private async pendingCode(actor: Actor, id: string): Promise<StoredVerification> {
    const row = await this.d.store.verification(id);
    if (!row) throw notFound();
    const v = toVerification(row);
    // Before anything about the record is said: another platform's records are not this one's.
    requireCaller(actor, await this.configured(v.service));
    if (v.method !== 'sms_otp' || v.status !== 'pending')
      throw new AppError(
        'conflict',
        {
          zh: '该核验记录不在等待验证码的状态。',
          en: 'This verification is not waiting for a code.',
        },
        { status: statusAt(v, this.d.clock.now()) },
      );
    return v;
  }

  private async phoneOf(v: StoredVerification): Promise<string> {
    const person = await this.d.vault.openForCheck(v.subjectId);
    if (!person) throw notFound();
    return person.phone;
  }

  /** The code the user typed: right verifies the record; wrong counts (400 with the tries left). */
  async enterCode(actor: Actor, id: string, code: string): Promise<Verification> {
    requireRole(actor, gateCallers);
    const v = await this.pendingCode(actor, id);
    const phone = await this.phoneOf(v);
    const answer = this.d.codes.verifyCode(phone, purposeOf(id), code);
    const now = this.d.clock.now();
    if (answer === 'ok') {
      const service = await this.configured(v.service);
      const validity = validityOf(this.d.catalog, service.overrides);
      const done: StoredVerification = {
        ...v,
        status: 'verified',
        verifiedAt: now,
        expiresAt: addDuration(now, validity.sms_otp.duration),
      };
      await this.save(done, now);
      return verificationView(done, now);
    }
    if (answer === 'wrong') {
      const tries = v.codeTries + 1;
      await this.save({ ...v, codeTries: tries }, now);
      const left = Math.max(0, OTP_MAX_TRIES - tries);
      throw codeField(
        'wrong',
        {
          zh: `验证码不正确，还可再试 ${left} 次。`,
          en: `The code is wrong; ${left} ${left === 1 ? 'try' : 'tries'} left.`,
        },
        { triesLeft: left },
      );
    }
    if (answer === 'exhausted') {
      await this.save({ ...v, codeTries: OTP_MAX_TRIES }, now);
      throw codeField(
        'exhausted',
        {
          zh: '验证码输错次数过多，请重新获取验证码。',
          en: 'The code was entered wrongly too many times; ask for a new one.',
        },
        { triesLeft: 0 },
      );
    }
    if (answer === 'expired')
      throw codeField('expired', {
        zh: '验证码已过期，请重新获取。',
        en: 'The code has expired; ask for a new one.',
      });
    throw codeField('missing', {
      zh: '没有等待中的验证码（已使用或服务已重启），请重新获取验证码。',
      en: 'No code is waiting (it was used, or the server restarted); ask for a new one.',
    });
  }

  /** A new code for a pending record (at most one a minute per phone: 429 with retryAfterSeconds). */
  async resend(actor: Actor, id: string): Promise<Verification> {
    requireRole(actor, gateCallers);
    const v = await this.pendingCode(actor, id);
    const phone = await this.phoneOf(v);
    const sent = await this.d.codes.sendCodeTrusted({ to: phone, purpose: purposeOf(id) });
    const now = this.d.clock.now();
    const next: StoredVerification = {
      ...v,
      codeExpiresAt: new Date(sent.expiresAt),
      codeTries: 0,
      failure: null,
    };
    await this.save(next, now);
    return verificationView(next, now);
  }

  private async save(v: StoredVerification, now: Date): Promise<void> {
    await this.d.uow.run(async (tx) => {
      const store = this.d.store.in(tx);
      const seq = await store.nextSeq();
      const row = rowOf(v, seq, now);
      await store.updateVerification(v.id, {
        status: row.status,
        code_expires_at: row.code_expires_at,
        code_tries: row.code_tries,
        verified_at: row.verified_at,
        expires_at: row.expires_at,
        failure: row.failure,
        updated_at: now,
        seq,
      });
    });
    this.emit(v);
  }

  async list(
    actor: Actor,
    filter: {
      service?: string | undefined;
      user?: string | undefined;
      status?: 'pending' | 'verified' | 'failed' | 'expired' | undefined;
    },
    page: { limit: number; after?: InstantKey | undefined },
  ): Promise<{ verifications: Verification[]; next: string | null }> {
    requireRole(actor, identityReaders);
    const now = this.d.clock.now();
    const rows = await this.d.store.page({ ...filter, now }, page.limit, page.after);
    const cut = takePage(rows, page.limit, (r): InstantKey => [new Date(r.started_at).toISOString(), r.id]);
    return { verifications: cut.rows.map((r) => verificationView(toVerification(r), now)), next: cut.next };
  }

  /** Records changed after `seq` (the gate's start and its poll), with the highest seq seen. */
  async changedSince(seq: number, limit: number): Promise<{ rows: StoredVerification[]; last: number }> {
    const rows = await this.d.store.changedSince(seq, limit);
    return { rows: rows.map(toVerification), last: rows.length ? Number(rows[rows.length - 1]!.seq) : seq };
  }

  async servicesChangedSince(seq: number): Promise<{ rows: StoredService[]; last: number }> {
    const rows = await this.d.store.servicesChangedSince(seq);
    return { rows: rows.map(toService), last: rows.reduce((m, r) => Math.max(m, Number(r.seq)), seq) };
  }

  /** A service's records started in [from, to), in id order. */
  async startedBetween(service: string, from: Date, to: Date): Promise<StoredVerification[]> {
    return (await this.d.store.startedBetween(service, from, to)).map(toVerification);
  }

  status(actor: Actor): IdentityStatus {
    requireRole(actor, identityReaders);
    const c = this.d.catalog;
    return {
      codeSender: this.d.codes.senderName,
      checkProvider: this.d.provider.name,
      simulated: this.d.provider.simulated,
      methods: c.methods.map((m) => ({
        code: m.code,
        name: m.name,
        summary: m.summary,
        validity: { ...m.validity },
      })),
      revealBases: c.reveal_bases.map((b) => ({
        code: b.code,
        name: b.name,
        summary: b.summary,
        needsRegisterEntry: b.needs_register_entry,
      })),
      revealWindow: { ...c.reveal_window },
      areaCodes: { count: areaCodeCount(), asOf: AREA_CODES_AS_OF, source: { ...AREA_CODES_SOURCE } },
    };
  }
}

/** The one-time code's purpose names the verification (one code per record). */
export function purposeOf(id: string): string {
  return `identity.verification:${id}`;
}

function rowOf(v: StoredVerification, seq: number, now: Date) {
  return {
    id: v.id,
    service: v.service,
    user_id: v.user,
    subject_id: v.subjectId,
    handle: v.handle,
    method: v.method,
    status: v.status,
    provider: v.provider,
    reference: v.reference,
    failure: v.failure,
    started_at: v.startedAt,
    code_expires_at: v.codeExpiresAt,
    code_tries: v.codeTries,
    verified_at: v.verifiedAt,
    expires_at: v.expiresAt,
    updated_at: now,
    seq,
  };
}
