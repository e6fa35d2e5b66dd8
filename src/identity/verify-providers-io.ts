import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { CheckAnswer, CheckSubject, IdentityCheckProvider } from './verify-ports.js';

/** The header carrying the signature: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const CHECK_SIGNATURE_HEADER = 'x-wangan-signature';
/** Seconds since 1970 (UTC) when the request was signed: the bridge refuses old ones (replays). */
export const CHECK_TIMESTAMP_HEADER = 'x-wangan-timestamp';

export function signCheck(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

const personKey = (p: CheckSubject) =>
  createHash('sha256')
    .update(`${p.name.trim()}\u0000${p.idNumber.trim().toUpperCase()}\u0000${p.phone.trim()}`)
    .digest('hex');

/**
 * The local simulator (tests and the demo; WANGAN_IDENTITY_CHECK_PROVIDER=simulator):
 * it knows the population it is given (`know`) and answers `match` for a
 * person whose name, identity number and phone number are all as given,
 * `mismatch` for anyone else (so a wrong name fails), and `unavailable` for
 * everyone while `outage(true)`. References are `sim-<n>`, counting from 1.
 * It keeps only a hash of each known person, in memory. The status shows
 * `simulated: true`.
 */
export class SimulatedIdentityCheck implements IdentityCheckProvider {
  readonly name = 'simulator';
  readonly simulated = true;
  private readonly people = new Set<string>();
  private down = false;
  private n = 0;

  know(people: readonly CheckSubject[]): void {
    for (const p of people) this.people.add(personKey(p));
  }

  outage(on: boolean): void {
    this.down = on;
  }

  async check(subject: CheckSubject): Promise<CheckAnswer> {
    const reference = `sim-${++this.n}`;
    if (this.down) return { result: 'unavailable', reference: null };
    return { result: this.people.has(personKey(subject)) ? 'match' : 'mismatch', reference };
  }
}

/**
 * An operator's bridge to a real checking service (WANGAN_IDENTITY_CHECK_PROVIDER=http):
 * POSTs JSON `{requestId, name, idNumber, phone}` to WANGAN_IDENTITY_CHECK_URL,
 * signed with WANGAN_IDENTITY_CHECK_SECRET (headers as the content webhook:
 * x-wangan-timestamp, x-wangan-signature), and reads `{result: "match" |
 * "mismatch", reference?}`. Any other answer, an error status, or no answer
 * within the timeout is `unavailable`. The person's data is in the body only
 * (never the address); the bridge should be reached over TLS or a private link.
 */
export class HttpIdentityCheck implements IdentityCheckProvider {
  readonly name = 'http';
  readonly simulated = false;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
    private readonly now: () => Date,
  ) {}

  async check(subject: CheckSubject): Promise<CheckAnswer> {
    const requestId = randomUUID();
    const body = JSON.stringify({
      requestId,
      name: subject.name,
      idNumber: subject.idNumber,
      phone: subject.phone,
    });
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CHECK_TIMESTAMP_HEADER]: timestamp,
          [CHECK_SIGNATURE_HEADER]: signCheck(this.secret, timestamp, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      if (!res.ok) return { result: 'unavailable', reference: null };
      const answer = JSON.parse(text) as { result?: unknown; reference?: unknown };
      const reference =
        typeof answer.reference === 'string' && answer.reference.length <= 200 ? answer.reference : requestId;
      if (answer.result === 'match' || answer.result === 'mismatch')
        return { result: answer.result, reference };
      return { result: 'unavailable', reference };
    } catch {
      return { result: 'unavailable', reference: null };
    }
  }
}
