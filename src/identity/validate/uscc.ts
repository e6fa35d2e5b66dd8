import type { IdentifierResult, IdentifierIssue } from '../../../contract/identity.js';
import { areaCode } from './areas.js';
import { charCount, issue, result, tidy } from './result.js';

/** GB 32100-2015: the 31 characters (no I, O, S, V, Z) and the weights of the first 17. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** The registration authorities (登记管理部门代码) the standard and its later assignments know. */
const AUTHORITIES = '123456789ANY';

/** The check character of the first 17 characters. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c]!;
}

/**
 * Checks a unified social credit code (统一社会信用代码, GB 32100-2015): 18
 * characters of the standard's alphabet, the registration authority, a
 * 6-digit area code and the check character. Some codes issued in the early
 * pilots fail the check and are valid all the same: a failed check is a
 * warning, not a rejection (LAW-FACTS section 7). Messages never repeat the
 * code or its characters. Pure; never throws.
 */
export function validateUscc(raw: string): IdentifierResult {
  const s = tidy(String(raw));
  const reasons: IdentifierIssue[] = [];
  const warnings: IdentifierIssue[] = [];
  const n = charCount(s);
  if (n !== 18)
    return result(null, [
      issue(
        'length',
        `统一社会信用代码应为18位，此处为${n}位。`,
        `A unified social credit code has 18 characters; this one has ${n}.`,
      ),
    ]);
  if ([...s].some((c) => !ALPHABET.includes(c)))
    return result(null, [
      issue(
        'characters',
        '含有代码不使用的字符：只用数字和大写字母，且不用 I、O、S、V、Z。',
        'It has characters the code does not use: digits and capital letters only, never I, O, S, V or Z.',
      ),
    ]);
  if (!AUTHORITIES.includes(s[0]!))
    reasons.push(
      issue(
        'format',
        '第1位不是已有的登记管理部门代码。',
        'The first character is not the code of a registration authority.',
      ),
    );
  const area = s.slice(2, 8);
  if (!/^\d{6}$/.test(area))
    reasons.push(
      issue('format', '第3至8位应为数字的行政区划代码。', 'Characters 3 to 8 are the area code, in digits.'),
    );
  else if (!areaCode(area) && !/^\d{2}0000$/.test(area))
    warnings.push(
      issue(
        'area',
        '第3至8位的行政区划代码不在代码表中，请核对。',
        'The area code (characters 3 to 8) is not in the list of division codes: check it.',
      ),
    );
  const check = usccCheckChar(s.slice(0, 17));
  if (s[17] !== check)
    warnings.push(
      issue(
        'checksum',
        '最后一位校验码与前17位不符。早期试点发放的部分代码不符合校验规则但仍然有效，请与营业执照核对。',
        'The check character does not match the first 17 characters. Some codes from the early pilots fail the check and are still valid: compare with the business licence.',
      ),
    );
  return result(s, reasons, warnings);
}
