import type { IdentifierResult } from '../../../contract/identity.js';
import { issue, result, tidy } from './result.js';

/**
 * Checks a mainland China mobile number: 11 digits starting 13 to 19,
 * optionally after +86 or 0086; spaces and hyphens between groups are
 * allowed. `normalized` is the 11 digits. Pure; never throws.
 */
export function validateMobile(raw: string): IdentifierResult {
  const s = tidy(String(raw)).replace(/^\((\+?86)\)/, '$1');
  const digits = s.replace(/^(?:\+|00)86/, '');
  if (!/^\d*$/.test(digits))
    return result(null, [
      issue(
        'characters',
        '手机号码只能由数字组成（可带 +86）。',
        'A mobile number has digits only (with +86 before them if you like).',
      ),
    ]);
  if (digits.length !== 11)
    return result(null, [
      issue(
        'length',
        `手机号码应为11位数字，此处为${digits.length}位。`,
        `A mobile number has 11 digits; this one has ${digits.length}.`,
      ),
    ]);
  if (!/^1[3-9]/.test(digits))
    return result(null, [
      issue('prefix', '手机号码应以13至19开头。', 'A mainland mobile number starts with 13 to 19.'),
    ]);
  return result(digits, []);
}
