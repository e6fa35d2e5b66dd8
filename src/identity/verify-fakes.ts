import type { EnrolmentRequest } from '../../contract/identity.js';
import type { Actor } from '../platform/auth/roles.js';
import { AppError } from '../platform/errors.js';
import { validateMobile, validateResidentId } from './validate/index.js';
import type { VaultPort } from './verify-ports.js';

/**
 * An in-memory stand-in for the vault (tests of verification and the gate
 * while the vault is built elsewhere): it validates the numbers as the
 * vault does, finds one person by identity number, gives each account a
 * handle, and counts every call so a test can see none happen.
 */
export class MemoryVault implements VaultPort {
  readonly calls = { enrol: 0, account: 0, openForCheck: 0 };
  private readonly people = new Map<string, { id: string; name: string; idNumber: string; phone: string }>();
  private readonly accounts = new Map<string, { subjectId: string; handle: string }>();
  private n = 0;

  constructor(private readonly today: () => string) {}

  async enrol(_actor: Actor, input: EnrolmentRequest) {
    this.calls.enrol++;
    const id = validateResidentId(input.idNumber, this.today());
    if (!id.valid)
      throw new AppError(
        'validation_failed',
        id.reasons[0]!.message,
        { reasons: id.reasons.map((r) => r.code) },
        'idNumber',
      );
    const phone = validateMobile(input.phone);
    if (!phone.valid)
      throw new AppError(
        'validation_failed',
        phone.reasons[0]!.message,
        { reasons: phone.reasons.map((r) => r.code) },
        'phone',
      );
    let person = this.people.get(id.normalized!);
    const knownPerson = person !== undefined;
    if (!person) {
      person = { id: `s-${++this.n}`, name: input.name, idNumber: id.normalized!, phone: phone.normalized! };
      this.people.set(id.normalized!, person);
    }
    const key = `${input.service}\u0000${input.user}`;
    let account = this.accounts.get(key);
    const newAccount = account === undefined;
    if (!account) {
      account = { subjectId: person.id, handle: `h${String(this.accounts.size + 1).padStart(6, '0')}` };
      this.accounts.set(key, account);
    }
    return { ...account, knownPerson, newAccount };
  }

  async account(service: string, user: string) {
    this.calls.account++;
    return this.accounts.get(`${service}\u0000${user}`) ?? null;
  }

  async openForCheck(subjectId: string) {
    this.calls.openForCheck++;
    for (const p of this.people.values())
      if (p.id === subjectId) return { name: p.name, idNumber: p.idNumber, phone: p.phone };
    return null;
  }
}
