import crypto from 'node:crypto';
import type {
  EnrolmentRequest,
  KeyStatus,
  Reveal,
  RevealRequest,
  RevealStatus,
  RevealedIdentity,
  Subject,
  SubjectSearch,
} from '../../contract/identity.js';
import type { LedgerService } from '../ledger/service.js';
import type { AuditService } from '../platform/audit/service.js';
import { requireRole, type Actor, type Role } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Tx, UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError, type Bilingual } from '../platform/errors.js';
import { takePage } from '../platform/paging.js';
import type { Period } from '../platform/module.js';
import { addDuration, beijingDate } from '../platform/time.js';
import type { IdentityFile } from './catalog-schema.js';
import { validateMobile, validateResidentId } from './validate/index.js';
import {
  indexHash,
  maskIdNumber,
  maskName,
  maskPhone,
  newHandle,
  openRecord,
  rewrapKey,
  sealRecord,
  type IdentityRecord,
  type RingKey,
} from './vault-crypto.js';
import type { InstantKey, RevealRow, SubjectRow, VaultStore } from './vault-store.js';

/** Who reads the vault's lists (masked people, reveals, key status). */
export const vaultReaders: readonly Role[] = [
  'admin',
  'compliance_officer',
  'security_officer',
  'data_protection_officer',
  'auditor',
];
/** Who enrols people (s8c's routes also admit service accounts holding `identity.gate`). */
export const enrolers: readonly Role[] = ['admin', 'compliance_officer'];
/** Who rotates keys. */
export const keyRotators: readonly Role[] = ['admin'];
/** Who asks to see a real identity (and alone opens it once approved). */
export const revealAskers: readonly Role[] = [
  'compliance_officer',
  'security_officer',
  'data_protection_officer',
];
/** Who decides a reveal (never the person who asked). */
export const revealDeciders: readonly Role[] = ['compliance_officer', 'data_protection_officer'];

/** The register of law-enforcement requests (catalog/registers.yaml) a law_enforcement reveal names. */
export const LAW_ENFORCEMENT_REGISTER = 'law-enforcement-requests';
export const REVEAL_EVIDENCE_KIND = 'identity_reveal';

/** The key rings, as the service uses them (vault-keys-io.ts `KeyRing`). */
export interface Ring {
  readonly source: 'file' | 'environment';
  keys(): readonly RingKey[];
  active(): RingKey;
  get(id: string): RingKey | undefined;
  refresh(): void;
  rotate(now: Date): RingKey;
}

export interface VaultDeps {
  ledger: LedgerService;
  audit: AuditService;
  /** The status of a register entry (registers service), or null when there is none. */
  entryStatus(registerId: string, entryId: string): Promise<string | null>;
  uow: UnitOfWork;
  clock: Clock;
  rings: { vault: Ring; index: Ring };
  bases: IdentityFile['reveal_bases'];
  revealWindow: { value: string; uncertain: boolean };
}

const BATCH = 200;

const invalid = (
  field: string,
  messages: Bilingual,
  details: unknown[] = [{ path: field, message: messages.en }],
) => new AppError('validation_failed', messages, details, field);

/**
 * What may be said of a submitted number without echoing it: the validators'
 * own messages name parts of it (the area code, the birth date, the check
 * character), so the vault answers with the reason codes and these sentences.
 */
const idReasonText: Record<string, Bilingual> = {
  length: {
    zh: '位数不对（应为18位，或旧版15位）',
    en: 'it has the wrong number of characters (18, or 15 in the old form)',
  },
  characters: { zh: '含有不允许的字符', en: 'it has characters a resident identity number does not have' },
  area: { zh: '地址码不是民政部发布过的行政区划代码', en: 'its area code was never issued' },
  date: {
    zh: '出生日期不是真实的日期或不在合理范围内',
    en: 'its birth date is not a real date, or not a possible one',
  },
  checksum: { zh: '校验码不符', en: 'its check character does not match' },
};
const phoneReasonText: Record<string, Bilingual> = {
  length: { zh: '位数不对（应为11位）', en: 'it does not have 11 digits' },
  characters: { zh: '只能由数字组成（可带 +86）', en: 'it has characters other than digits (and +86)' },
  prefix: { zh: '应以13至19开头', en: 'it does not start with 13 to 19' },
};

function refuseNumber(field: 'idNumber' | 'phone', codes: readonly string[]): AppError {
  const table = field === 'idNumber' ? idReasonText : phoneReasonText;
  const fallback: Bilingual = { zh: '格式不正确', en: 'it is not well formed' };
  const texts = codes.map((c) => table[c] ?? fallback);
  const what: Bilingual =
    field === 'idNumber'
      ? { zh: '居民身份证号码', en: 'resident identity number' }
      : { zh: '手机号码', en: 'mobile number' };
  return invalid(
    field,
    {
      zh: `${what.zh}无效：${texts.map((t) => t.zh).join('；')}。`,
      en: `The ${what.en} is not valid: ${texts.map((t) => t.en).join('; ')}.`,
    },
    codes.map((code, i) => ({ path: field, code, message: texts[i]!.en })),
  );
}

/** What enrolment keeps of a person: the normalized numbers and the trimmed name. */
interface Normalized {
  name: string;
  idNumber: string;
  phone: string;
}

/**
 * The identity vault (issue 15; CSL 2025 Art 26 para 1, Art 30; PIPL Art 51):
 * people's real identities sealed under per-record data keys (vault-crypto.ts),
 * found by a keyed index over the normalized identity number and phone,
 * linked to service accounts by random public handles; keys rotate without
 * downtime (a background re-wrap and re-index); a clear identity leaves only
 * through a two-person reveal opened once by its asker, recorded in the
 * ledger and the audit trail in the same transaction.
 */
export class VaultService {
  constructor(
    private readonly store: VaultStore,
    private readonly deps: VaultDeps,
  ) {}

  private get clock(): Clock {
    return this.deps.clock;
  }

  /** At start: the keys in use are noted (ids and dates) for the status page and the audit pack. */
  async open(): Promise<void> {
    // A ring that lost keys the records need (a mistyped WANGAN_VAULT_KEY_FILE, an unmounted
    // volume: a new empty ring is made in their place) must stop the start, not answer 500s later
    // or enrol known people again under a new index key.
    const used = await this.store.keyIdsInUse();
    for (const which of ['vault', 'index'] as const) {
      const missing = used[which].filter((id) => !this.deps.rings[which].get(id));
      if (missing.length > 0)
        throw new Error(
          `identity vault: the ${which} key ring has no key ${missing.join(', ')}, which the people's records are ${
            which === 'vault' ? 'sealed' : 'indexed'
          } under: restore the ring (${
            which === 'vault'
              ? 'WANGAN_VAULT_KEY_FILE or WANGAN_VAULT_KEY'
              : 'WANGAN_VAULT_INDEX_KEY_FILE or WANGAN_VAULT_INDEX_KEY'
          }, or identity-${which}.keys in the data folder) before starting`,
        );
    }
    await this.noteKeys();
  }

  private async noteKeys(): Promise<void> {
    const now = this.clock.now();
    const rows = (['vault', 'index'] as const).flatMap((which) =>
      this.deps.rings[which].keys().map((k) => ({
        which,
        id: k.id,
        created_at: k.createdAt ? new Date(k.createdAt) : now,
        first_used_at: now,
      })),
    );
    await this.store.noteKeys(rows);
  }

  // ------------------------------------------------------------------ enrolment (for s8c)

  private normalize(input: Pick<EnrolmentRequest, 'name' | 'idNumber' | 'phone'>): Normalized {
    const name = input.name.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (!name || name.length > 100 || /\d/.test(name))
      throw invalid('name', {
        zh: '请填写证件上的姓名（不含数字）。',
        en: 'Give the name as on the identity document (no digits).',
      });
    const id = validateResidentId(input.idNumber, beijingDate(this.clock.now()));
    if (!id.valid || !id.normalized)
      throw refuseNumber(
        'idNumber',
        id.reasons.map((r) => r.code),
      );
    const phone = validateMobile(input.phone);
    if (!phone.valid || !phone.normalized)
      throw refuseNumber(
        'phone',
        phone.reasons.map((r) => r.code),
      );
    return { name, idNumber: id.normalized, phone: phone.normalized };
  }

  /** Every index key's hash of a number: the active key's, and older ones' for rows not yet re-indexed. */
  private hashes(kind: 'id' | 'phone', normalized: string): string[] {
    return this.deps.rings.index.keys().map((k) => indexHash(k, kind, normalized));
  }

  private sealed(id: string, person: Normalized, now: Date) {
    const env = sealRecord(id, person, this.deps.rings.vault.active());
    const ik = this.deps.rings.index.active();
    return {
      ciphertext: env.ciphertext,
      wrapped_key: env.wrappedKey,
      key_id: env.keyId,
      id_hash: indexHash(ik, 'id', person.idNumber),
      phone_hash: indexHash(ik, 'phone', person.phone),
      index_key_id: ik.id,
      name_masked: maskName(person.name),
      id_number_masked: maskIdNumber(person.idNumber),
      phone_masked: maskPhone(person.phone),
      updated_at: now,
    };
  }

  /**
   * Puts a person in the vault for a service's user: validates the identity
   * number (resident id) and the phone (mainland mobile), finds the person by
   * the keyed index (one person enrolled for two services is one subject with
   * two accounts), and gives the account a random public handle. The same
   * (service, user) again with the same person answers the existing account;
   * with another person it is a 409. A known person given with another name
   * or phone is refused (409 identity_mismatch), never re-written: an
   * enrolment is a claim nobody has verified yet, and letting it replace the
   * record would let anyone who knows a person's number redirect their codes
   * and their reveals. Pass `tx` to commit with the caller's rows.
   */
  async enrol(
    actor: Actor,
    input: EnrolmentRequest,
    tx?: Tx,
  ): Promise<{ subjectId: string; handle: string; knownPerson: boolean; newAccount: boolean }> {
    if (!(actor.service && actor.scopes?.includes('identity.gate'))) requireRole(actor, enrolers);
    const person = this.normalize(input);
    this.deps.rings.vault.refresh();
    this.deps.rings.index.refresh();
    return tx ? this.enrolIn(tx, input, person) : this.deps.uow.run((t) => this.enrolIn(t, input, person));
  }

  private async enrolIn(
    tx: Tx,
    input: EnrolmentRequest,
    person: Normalized,
  ): Promise<{ subjectId: string; handle: string; knownPerson: boolean; newAccount: boolean }> {
    const store = this.store.in(tx);
    const now = this.clock.now();
    const otherPerson = () =>
      new AppError(
        'conflict',
        {
          zh: `服务“${input.service}”的用户“${input.user}”已登记为另一人，不能改登为他人。`,
          en: `User "${input.user}" of service "${input.service}" is enrolled as another person; an account cannot change hands.`,
        },
        [{ path: 'user', message: 'enrolled as another person' }],
        'user',
      );
    let found = (await store.subjectsByIdHash(this.hashes('id', person.idNumber)))[0];
    const account = await store.account(input.service, input.user);
    if (account) {
      if (!found || account.subject_id !== found.id) throw otherPerson();
      this.requireSameRecord(found, person);
      return { subjectId: found.id, handle: account.handle, knownPerson: true, newAccount: false };
    }
    const knownPerson = found !== undefined;
    if (found) this.requireSameRecord(found, person);
    else {
      const id = crypto.randomUUID();
      const inserted = await store.insertSubject({ id, created_at: now, ...this.sealed(id, person, now) });
      // Two enrolments of one new person at once: the other one's row is the person.
      found = inserted
        ? await store.subject(id)
        : (await store.subjectsByIdHash(this.hashes('id', person.idNumber)))[0];
      if (!found) throw new Error('identity vault: the person just enrolled is not there');
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const handle = newHandle();
      if (
        await store.insertAccount({
          service: input.service,
          user_id: input.user,
          handle,
          subject_id: found.id,
          enrolled_at: now,
        })
      )
        return { subjectId: found.id, handle, knownPerson, newAccount: true };
      const raced = await store.account(input.service, input.user);
      if (raced) {
        if (raced.subject_id !== found.id) throw otherPerson();
        return { subjectId: found.id, handle: raced.handle, knownPerson: true, newAccount: false };
      }
      // The handle was taken (80 random bits: practically never): draw another.
    }
    throw new Error('identity vault: no free handle after three draws');
  }

  /**
   * A known person enrolled again must be given as the vault holds them. The
   * refusal says which field differs, not what the vault holds.
   */
  private requireSameRecord(row: SubjectRow, person: Normalized): void {
    const current = this.openRow(row);
    const field = current.name !== person.name ? 'name' : current.phone !== person.phone ? 'phone' : null;
    if (!field) return;
    throw new AppError(
      'identity_mismatch',
      field === 'name'
        ? {
            zh: '该身份证号码已登记，但姓名与登记信息不一致。请核对；如确需更正，请联系运营者的合规人员。',
            en: 'This identity number is enrolled, but the name differs from the enrolled one. Check it; a correction goes through the operator’s compliance staff.',
          }
        : {
            zh: '该身份证号码已登记，但手机号码与登记信息不一致。请使用登记的手机号码；如已更换号码，请联系运营者的合规人员更正。',
            en: 'This identity number is enrolled with another phone number. Use the enrolled one; a changed number is corrected through the operator’s compliance staff.',
          },
      [{ path: field, message: 'differs from the enrolled person' }],
      field,
    );
  }

  private openRow(row: SubjectRow): IdentityRecord {
    const key = this.deps.rings.vault.get(row.key_id);
    if (!key)
      throw new Error(
        `identity vault: the key ${row.key_id} of a record is not in the key ring (restore the ring file or WANGAN_VAULT_KEY)`,
      );
    return openRecord(
      row.id,
      { ciphertext: row.ciphertext, wrappedKey: row.wrapped_key, keyId: row.key_id },
      key,
    );
  }

  /** The person and public handle of a service's user, or null when not enrolled. */
  async account(service: string, user: string): Promise<{ subjectId: string; handle: string } | null> {
    const a = await this.store.account(service, user);
    return a ? { subjectId: a.subject_id, handle: a.handle } : null;
  }

  /**
   * The clear identity of a person, for a machine use only: the identity-check
   * provider, and sending the one-time code to the phone. Not a reveal: no
   * evidence, no audit row. NOTHING IT RETURNS MAY BE LOGGED, STORED, PUT IN
   * AN ERROR MESSAGE OR SENT ANYWHERE BUT TO THAT PROVIDER OR SENDER.
   */
  async openForCheck(subjectId: string): Promise<{ name: string; idNumber: string; phone: string } | null> {
    const row = await this.store.subject(subjectId);
    return row ? this.openRow(row) : null;
  }

  // ------------------------------------------------------------------ lists and search

  private async views(rows: readonly SubjectRow[]): Promise<Subject[]> {
    const accounts = await this.store.accountsOf(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      nameMasked: r.name_masked,
      idNumberMasked: r.id_number_masked,
      phoneMasked: r.phone_masked,
      accounts: accounts
        .filter((a) => a.subject_id === r.id)
        .map((a) => ({
          service: a.service,
          user: a.user_id,
          handle: a.handle,
          enrolledAt: a.enrolled_at.toISOString(),
        })),
      createdAt: r.created_at.toISOString(),
      keyId: r.key_id,
    }));
  }

  /** People, newest first, masked, with their accounts; only those with an account of `service` when given. */
  async subjects(
    actor: Actor,
    query: { limit: number; cursor?: InstantKey | undefined; service?: string | undefined },
  ): Promise<{ subjects: Subject[]; next: string | null }> {
    requireRole(actor, vaultReaders);
    const rows = await this.store.subjectPage(query.limit + 1, query.cursor, query.service);
    const page = takePage(rows, query.limit, (r): InstantKey => [r.created_at.toISOString(), r.id]);
    return { subjects: await this.views(page.rows), next: page.next };
  }

  /** Exact search: by handle, by service and user, or by identity number or phone through the keyed index. */
  async search(actor: Actor, q: SubjectSearch): Promise<{ subjects: Subject[] }> {
    requireRole(actor, vaultReaders);
    this.deps.rings.index.refresh();
    let rows: SubjectRow[] = [];
    if ('handle' in q) {
      const a = await this.store.accountByHandle(q.handle);
      rows = a ? await this.store.subjectsByIds([a.subject_id]) : [];
    } else if ('service' in q) {
      const a = await this.store.account(q.service, q.user);
      rows = a ? await this.store.subjectsByIds([a.subject_id]) : [];
    } else if ('idNumber' in q) {
      const v = validateResidentId(q.idNumber, beijingDate(this.clock.now()));
      if (!v.valid || !v.normalized)
        throw refuseNumber(
          'idNumber',
          v.reasons.map((r) => r.code),
        );
      rows = await this.store.subjectsByIdHash(this.hashes('id', v.normalized));
    } else {
      const v = validateMobile(q.phone);
      if (!v.valid || !v.normalized)
        throw refuseNumber(
          'phone',
          v.reasons.map((r) => r.code),
        );
      rows = await this.store.subjectsByPhoneHash(this.hashes('phone', v.normalized));
    }
    return { subjects: await this.views(rows) };
  }

  // ------------------------------------------------------------------ keys

  async keyStatus(actor: Actor): Promise<KeyStatus> {
    requireRole(actor, vaultReaders);
    return this.status();
  }

  private async status(): Promise<KeyStatus> {
    this.deps.rings.vault.refresh();
    this.deps.rings.index.refresh();
    const [counts, noted] = await Promise.all([this.store.countsByKey(), this.store.keyRows()]);
    const keys = (which: 'vault' | 'index') => {
      const ring = this.deps.rings[which];
      const active = ring.active().id;
      const n = counts[which];
      return ring.keys().map((k) => ({
        id: k.id,
        createdAt:
          k.createdAt ??
          noted.find((r) => r.which === which && r.id === k.id)?.created_at.toISOString() ??
          this.clock.now().toISOString(),
        active: k.id === active,
        records: n.get(k.id) ?? 0,
      }));
    };
    const progress = (which: 'vault' | 'index') => {
      const done = counts[which].get(this.deps.rings[which].active().id) ?? 0;
      return done < counts.total ? { done, total: counts.total } : null;
    };
    return {
      vault: { source: this.deps.rings.vault.source, keys: keys('vault') },
      index: { source: this.deps.rings.index.source, keys: keys('index'), reindexing: progress('index') },
      rewrapping: progress('vault'),
    };
  }

  /**
   * Adds a new vault or index key to its ring file and makes it active; the
   * background job then re-wraps the older records' data keys (vault) or
   * re-indexes them (index). Reads and lookups keep working meanwhile.
   */
  async rotate(actor: Actor, which: 'vault' | 'index'): Promise<KeyStatus> {
    requireRole(actor, keyRotators);
    this.deps.rings[which].rotate(this.clock.now());
    await this.noteKeys();
    return this.status();
  }

  /** One batch of the re-wrap after a vault-key rotation; how many records moved. */
  async rewrapBatch(limit = BATCH): Promise<number> {
    const ring = this.deps.rings.vault;
    ring.refresh();
    const to = ring.active();
    const rows = await this.store.notWrappedBy(to.id, limit);
    if (rows.length === 0) return 0;
    const moves = rows.flatMap((r) => {
      const from = ring.get(r.key_id);
      if (!from) return [];
      const env = rewrapKey(
        r.id,
        { ciphertext: r.ciphertext, wrappedKey: r.wrapped_key, keyId: r.key_id },
        from,
        to,
      );
      return [{ id: r.id, from: r.key_id, set: { wrapped_key: env.wrappedKey, key_id: env.keyId } }];
    });
    if (moves.length < rows.length)
      throw new Error(
        `identity vault: ${rows.length - moves.length} record(s) are wrapped by a key not in the ring; restore it before re-wrapping`,
      );
    let n = 0;
    await this.deps.uow.run(async (tx) => {
      for (const m of moves) if (await this.store.in(tx).rewrap(m.id, m.from, m.set)) n++;
    });
    return n;
  }

  /** One batch of the re-index after an index-key rotation; how many records moved. */
  async reindexBatch(limit = BATCH): Promise<number> {
    const ring = this.deps.rings.index;
    ring.refresh();
    this.deps.rings.vault.refresh();
    const to = ring.active();
    const rows = await this.store.notIndexedBy(to.id, limit);
    if (rows.length === 0) return 0;
    const moves = rows.map((r) => {
      const rec = this.openRow(r);
      return {
        id: r.id,
        from: r.index_key_id,
        set: {
          id_hash: indexHash(to, 'id', rec.idNumber),
          phone_hash: indexHash(to, 'phone', rec.phone),
          index_key_id: to.id,
        },
      };
    });
    let n = 0;
    await this.deps.uow.run(async (tx) => {
      for (const m of moves) if (await this.store.in(tx).reindex(m.id, m.from, m.set)) n++;
    });
    return n;
  }

  /** Re-wraps and re-indexes until every record is on the active keys (the background job). */
  async catchUp(): Promise<{ rewrapped: number; reindexed: number }> {
    let rewrapped = 0;
    let reindexed = 0;
    for (let n = await this.rewrapBatch(); n > 0; n = await this.rewrapBatch()) rewrapped += n;
    for (let n = await this.reindexBatch(); n > 0; n = await this.reindexBatch()) reindexed += n;
    return { rewrapped, reindexed };
  }

  // ------------------------------------------------------------------ two-person reveals

  private basis(code: string) {
    return this.deps.bases.find((b) => b.code === code);
  }

  private revealStatus(row: RevealRow, now: Date): RevealStatus {
    if (row.status === 'approved' && row.open_until && row.open_until.getTime() < now.getTime())
      return 'expired';
    return row.status;
  }

  private async revealViews(rows: readonly RevealRow[]): Promise<Reveal[]> {
    const subjects = await this.store.subjectsByIds([...new Set(rows.map((r) => r.subject_id))]);
    const now = this.clock.now();
    return rows.map((r) => {
      const s = subjects.find((x) => x.id === r.subject_id);
      const b = this.basis(r.basis);
      return {
        id: r.id,
        subjectId: r.subject_id,
        subject: {
          nameMasked: s?.name_masked ?? '',
          idNumberMasked: s?.id_number_masked ?? '',
          phoneMasked: s?.phone_masked ?? '',
        },
        basis: r.basis,
        basisName: b?.name ?? { zh: r.basis, en: r.basis },
        registerEntryId: r.register_entry_id,
        reference: r.reference,
        reason: r.reason,
        status: this.revealStatus(r, now),
        requestedBy: r.requested_by,
        requestedAt: r.requested_at.toISOString(),
        decidedBy: r.decided_by,
        decidedAt: r.decided_at?.toISOString() ?? null,
        decisionNote: r.decision_note,
        openUntil: r.open_until?.toISOString() ?? null,
        openedAt: r.opened_at?.toISOString() ?? null,
        evidenceId: r.evidence_id,
      };
    });
  }

  private async findReveal(id: string): Promise<RevealRow> {
    const row = await this.store.reveal(id);
    if (!row)
      throw new AppError('not_found', {
        zh: '没有这条身份查看申请。',
        en: 'There is no such reveal request.',
      });
    return row;
  }

  async reveal(actor: Actor, id: string): Promise<Reveal> {
    requireRole(actor, vaultReaders);
    return (await this.revealViews([await this.findReveal(id)]))[0]!;
  }

  async reveals(
    actor: Actor,
    query: { limit: number; cursor?: InstantKey | undefined; status?: RevealStatus | undefined },
  ): Promise<{ reveals: Reveal[]; next: string | null }> {
    requireRole(actor, vaultReaders);
    const rows = await this.store.revealPage(query.limit + 1, query.cursor, {
      status: query.status,
      now: this.clock.now(),
    });
    const page = takePage(rows, query.limit, (r): InstantKey => [r.requested_at.toISOString(), r.id]);
    return { reveals: await this.revealViews(page.rows), next: page.next };
  }

  /**
   * Asks to see one person's real identity, on a ground of catalog/identity.yaml:
   * law_enforcement needs an approved entry of the law-enforcement request
   * register (CSL 2025 Art 30, 2016 Art 28); court_order needs the document's number.
   */
  async requestReveal(actor: Actor, input: RevealRequest): Promise<Reveal> {
    requireRole(actor, revealAskers);
    const basis = this.basis(input.basis);
    if (!basis)
      throw invalid('basis', {
        zh: `查看理由依据“${input.basis}”不在可选范围内，可选：${this.deps.bases.map((b) => `${b.name.zh}（${b.code}）`).join('、')}。`,
        en: `basis: "${input.basis}" is not one of ${this.deps.bases.map((b) => b.code).join(', ')}.`,
      });
    if (!(await this.store.subject(input.subjectId)))
      throw invalid('subjectId', { zh: '身份库中没有这个人。', en: 'There is no such person in the vault.' });
    const reason = input.reason.trim();
    if (!reason) throw invalid('reason', { zh: '请写明查看理由。', en: 'Give the reason.' });
    const reference = input.reference?.trim() || null;
    let entry: string | null = null;
    if (basis.needs_register_entry) {
      entry = input.registerEntryId?.trim() || null;
      const status = entry ? await this.deps.entryStatus(LAW_ENFORCEMENT_REGISTER, entry) : null;
      if (status !== 'approved')
        throw invalid('registerEntryId', {
          zh: entry
            ? status === null
              ? '执法协助请求登记中没有这条记录。'
              : '所关联的执法协助请求登记尚未经他人批准（或已被驳回），不能据此查看身份。'
            : '以公安机关、国家安全机关调取为依据的，须关联执法协助请求登记中一条已批准的记录。',
          en: entry
            ? status === null
              ? 'The law-enforcement request register has no such entry.'
              : 'That law-enforcement request entry is not approved (pending or rejected); a reveal cannot rest on it.'
            : 'A reveal for a public or state security organ needs an approved entry of the law-enforcement request register.',
        });
    } else if (!reference)
      throw invalid('reference', {
        zh: '请填写法院文书编号。',
        en: "Give the court document's number (reference).",
      });
    const row: RevealRow = {
      id: crypto.randomUUID(),
      subject_id: input.subjectId,
      basis: basis.code,
      register_entry_id: entry,
      reference,
      reason,
      status: 'pending',
      requested_by: actor.username,
      requested_at: this.clock.now(),
      decided_by: null,
      decided_at: null,
      decision_note: null,
      open_until: null,
      opened_at: null,
      evidence_id: null,
    };
    await this.store.insertReveal(row);
    return (await this.revealViews([row]))[0]!;
  }

  /** Another person (compliance officer or data protection officer, not the asker) approves or rejects. */
  async decideReveal(
    actor: Actor,
    id: string,
    input: { approve: boolean; note?: string | undefined },
  ): Promise<Reveal> {
    requireRole(actor, revealDeciders);
    const row = await this.findReveal(id);
    if (row.requested_by === actor.username)
      throw new AppError('forbidden', {
        zh: '查看真实身份须由申请人以外的另一人批准。',
        en: 'Someone other than the person who asked must decide a reveal (two people).',
      });
    if (row.status !== 'pending')
      throw new AppError('conflict', {
        zh: '该申请已有决定。',
        en: `The request is already ${this.revealStatus(row, this.clock.now())}.`,
      });
    const now = this.clock.now();
    const ok = await this.store.updateReveal(row.id, 'pending', {
      status: input.approve ? 'approved' : 'rejected',
      decided_by: actor.username,
      decided_at: now,
      decision_note: input.note?.trim() || null,
      open_until: input.approve ? addDuration(now, this.deps.revealWindow.value) : null,
    });
    if (!ok)
      throw new AppError('conflict', {
        zh: '该申请刚被他人决定。',
        en: 'Someone decided this request just now.',
      });
    return (await this.revealViews([(await this.store.reveal(row.id))!]))[0]!;
  }

  /**
   * Opens an approved reveal, once, by the person who asked, within the
   * window: the ledger record (csl.law-enforcement-support for a
   * law-enforcement request, otherwise csl.real-name) and the audit row are
   * written in one transaction before the clear identity is answered.
   */
  async openReveal(actor: Actor, id: string): Promise<{ reveal: Reveal; identity: RevealedIdentity }> {
    requireRole(actor, revealAskers);
    const row = await this.findReveal(id);
    if (row.requested_by !== actor.username)
      throw new AppError('forbidden', {
        zh: '只有申请人本人可以查看批准后的身份信息。',
        en: 'Only the person who asked may open an approved reveal.',
      });
    const now = this.clock.now();
    const status = this.revealStatus(row, now);
    if (status !== 'approved')
      throw new AppError(
        'conflict',
        status === 'opened'
          ? { zh: '该申请已查看过一次，不能再次查看。', en: 'This reveal was opened already; it opens once.' }
          : status === 'expired'
            ? {
                zh: '批准后的查看期限已过，请重新申请。',
                en: 'The window to open this reveal has passed; ask again.',
              }
            : status === 'pending'
              ? { zh: '该申请尚未获批准。', en: 'This request is not approved yet.' }
              : { zh: '该申请已被驳回。', en: 'This request was rejected.' },
        { status },
      );
    const subject = await this.store.subject(row.subject_id);
    if (!subject)
      throw new AppError('not_found', {
        zh: '身份库中没有这个人。',
        en: 'There is no such person in the vault.',
      });
    this.deps.rings.vault.refresh();
    const identity = this.openRow(subject);
    const basis = this.basis(row.basis);
    const duty = basis?.needs_register_entry ? 'csl.law-enforcement-support' : 'csl.real-name';
    const evidenceId = await this.deps.uow.run(async (tx) => {
      const ok = await this.store
        .in(tx)
        .updateReveal(row.id, 'approved', { status: 'opened', opened_at: now });
      if (!ok)
        throw new AppError('conflict', {
          zh: '该申请已查看过一次，不能再次查看。',
          en: 'This reveal was opened already; it opens once.',
        });
      const receipt = await this.deps.ledger.record(
        actor,
        {
          obligations: [duty],
          kind: REVEAL_EVIDENCE_KIND,
          summary:
            `Identity reveal ${row.id} of vault subject ${row.subject_id} opened by ${actor.username} on the ground ${row.basis}` +
            (row.register_entry_id ? ` (law-enforcement request entry ${row.register_entry_id})` : '') +
            (row.reference ? ` (reference ${row.reference})` : '') +
            `, approved by ${row.decided_by ?? '?'}`,
          occurredAt: now,
          ...(row.decided_by ? { reviewer: row.decided_by } : {}),
        },
        tx,
      );
      await this.store.in(tx).updateReveal(row.id, 'opened', { evidence_id: receipt.id });
      await this.deps.audit.record(
        {
          actor,
          action: 'identity.reveal_opened',
          detail: {
            reveal: row.id,
            subject: row.subject_id,
            basis: row.basis,
            registerEntryId: row.register_entry_id,
            evidenceId: receipt.id,
          },
        },
        tx,
      );
      return receipt.id;
    });
    const view = (
      await this.revealViews([{ ...row, status: 'opened', opened_at: now, evidence_id: evidenceId }])
    )[0]!;
    return { reveal: view, identity };
  }

  // ------------------------------------------------------------------ the audit pack

  /** Every reveal asked in the period, masked (identity/reveals.csv of the audit pack). */
  async exportReveals(period: Period): Promise<Reveal[]> {
    const out: RevealRow[] = [];
    let after: InstantKey | undefined;
    for (;;) {
      const rows = await this.store.revealPage(500, after, {
        now: this.clock.now(),
        from: period.from,
        to: period.to,
      });
      out.push(...rows);
      if (rows.length < 500) break;
      const last = rows[rows.length - 1]!;
      after = [last.requested_at.toISOString(), last.id];
    }
    return this.revealViews(out.reverse());
  }

  /** The ids and dates of every key used (never key bytes), with the records each holds now. */
  async exportKeys(): Promise<{
    vault: { id: string; createdAt: string; active: boolean; inRing: boolean; records: number }[];
    index: { id: string; createdAt: string; active: boolean; inRing: boolean; records: number }[];
  }> {
    const [counts, noted] = await Promise.all([this.store.countsByKey(), this.store.keyRows()]);
    const of = (which: 'vault' | 'index') => {
      const ring = this.deps.rings[which];
      return noted
        .filter((r) => r.which === which)
        .map((r) => ({
          id: r.id,
          createdAt: r.created_at.toISOString(),
          active: ring.active().id === r.id,
          inRing: ring.keys().some((k) => k.id === r.id),
          records: counts[which].get(r.id) ?? 0,
        }));
    };
    return { vault: of('vault'), index: of('index') };
  }
}
