/**
 * The addresses a one-time code can go to: an e-mail address, or a mainland
 * mobile number (LAW-FACTS section 7: `^(?:(?:\+|00)86)?1[3-9]\d{9}$`),
 * normalised so one address is one key whatever its spelling. Pure.
 */
export type ContactKind = 'email' | 'mobile';
export interface Contact {
  kind: ContactKind;
  /** Lower-case e-mail address, or the 11 digits of the mobile number. */
  value: string;
}

const MOBILE = /^(?:(?:\+|00)86)?(1[3-9]\d{9})$/;
// One @, no spaces, a dot in the domain: what a person types; the code's delivery proves the rest.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/;

export function parseContact(raw: string): Contact | null {
  const s = raw.trim();
  const phone = MOBILE.exec(s.replace(/[\s-]/g, ''));
  if (phone) return { kind: 'mobile', value: phone[1]! };
  if (s.length <= 200 && EMAIL.test(s)) return { kind: 'email', value: s.toLowerCase() };
  return null;
}

/** A contact as a reader without the right to see it reads it: 138****1234, z***@example.com. */
export function maskContact(raw: string): string {
  const c = parseContact(raw);
  if (c?.kind === 'mobile') return `${c.value.slice(0, 3)}****${c.value.slice(7)}`;
  if (c?.kind === 'email') {
    const [local, domain] = c.value.split('@') as [string, string];
    return `${local.slice(0, 1)}***@${domain}`;
  }
  const s = raw.trim();
  return s.length <= 2 ? '***' : `${s.slice(0, 1)}***${s.slice(-1)}`;
}
