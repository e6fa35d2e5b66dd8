import type { IdentifierResult, IdentifierIssue } from '../../../contract/identity.js';
import { areaCode, areaName } from './areas.js';
import { charCount, issue, result, tidy } from './result.js';

/** GB 11643-1999: the weights of the first 17 digits and the check characters by sum mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';
/** The earliest birth year taken (nobody alive was born before it). */
export const EARLIEST_BIRTH_YEAR = 1880;

/** The check character of the first 17 digits of an 18-digit number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** A day of the Gregorian calendar (pure arithmetic: Date.UTC reads the years 0-99 as 1900-1999). */
function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/**
 * Checks a resident identity number (居民身份证号码, GB 11643-1999): 18
 * characters (6-digit area code, birth date YYYYMMDD, 3-digit sequence, check
 * character 0-9 or X), or the legacy 15-digit form (YYMMDD of the 1900s, no
 * check character), which is converted to 18. The area code must be one the
 * Ministry of Civil Affairs ever issued: a number keeps the code of the place
 * and year it was issued, however the map changed since. `today` is the
 * Beijing date (YYYY-MM-DD) a birth date may not be after.
 * The messages name what is wrong but never repeat the number or any part of
 * it (area, birth date, check character): they reach error answers and logs.
 * Pure; never throws.
 */
export function validateResidentId(raw: string, today: string): IdentifierResult {
  const s = tidy(String(raw));
  const reasons: IdentifierIssue[] = [];
  const warnings: IdentifierIssue[] = [];
  if (s.length === 0) return result(null, [issue('length', '号码为空。', 'The number is empty.')]);
  const n = charCount(s);
  const legacy = n === 15;
  if (!legacy && n !== 18)
    return result(null, [
      issue(
        'length',
        `居民身份证号码应为18位（或旧版15位），此处为${n}位。`,
        `A resident identity number has 18 characters (or 15 in the old form); this one has ${n}.`,
      ),
    ]);
  if (legacy ? !/^\d{15}$/.test(s) : !/^\d{17}[\dX]$/.test(s))
    return result(null, [
      issue(
        'characters',
        legacy ? '15位号码只能由数字组成。' : '号码前17位只能是数字，最后一位是数字或X。',
        legacy
          ? 'A 15-digit number has digits only.'
          : 'The first 17 characters are digits; the last is a digit or X.',
      ),
    ]);
  const full = legacy ? `${s.slice(0, 6)}19${s.slice(6)}` : s;
  const area = full.slice(0, 6);
  const known = areaCode(area);
  if (!known)
    reasons.push(
      issue(
        'area',
        '前6位地址码不是民政部发布过的行政区划代码。',
        'The area code (the first 6 digits) is not an administrative-division code the Ministry of Civil Affairs ever issued.',
      ),
    );
  else if (known.last !== null)
    warnings.push(
      issue(
        'area_abolished',
        '地址码所指的行政区划已撤销或变更；号码沿用签发时的代码，仍然有效。',
        'The area code is of a division since abolished or changed; a number keeps the code it was issued with and stays valid.',
      ),
    );
  const y = Number(full.slice(6, 10));
  const m = Number(full.slice(10, 12));
  const d = Number(full.slice(12, 14));
  const birth = `${full.slice(6, 10)}-${full.slice(10, 12)}-${full.slice(12, 14)}`;
  if (!realDate(y, m, d))
    reasons.push(issue('date', '出生日期不是真实存在的日期。', 'The birth date is not a real date.'));
  else if (birth > today)
    reasons.push(issue('date', '出生日期晚于今天。', 'The birth date is in the future.'));
  else if (y < EARLIEST_BIRTH_YEAR)
    reasons.push(
      issue(
        'date',
        `出生年份早于${EARLIEST_BIRTH_YEAR}年。`,
        `The birth year is before ${EARLIEST_BIRTH_YEAR}.`,
      ),
    );
  if (full.slice(14, 17) === '000')
    warnings.push(
      issue(
        'sequence',
        '顺序码为000，较为少见，请核对。',
        'The sequence number is 000, which is unusual: check it.',
      ),
    );
  const check = residentIdCheckChar(full.slice(0, 17));
  if (legacy)
    warnings.push(
      issue(
        'legacy_15',
        '这是旧版15位号码，已换算为18位。',
        'This is the old 15-digit form; it was converted to 18 characters.',
      ),
    );
  else if (full[17] !== check)
    reasons.push(
      issue(
        'checksum',
        '最后一位校验码与前17位不符，号码可能有输错的数字。',
        'The check character does not match the first 17 digits: a digit may be mistyped.',
      ),
    );
  return result(legacy ? full.slice(0, 17) + check : full, reasons, warnings);
}

/** What a valid number says of its holder (for the console's check tool): area, birth date, sex. */
export function describeResidentId(normalized: string): {
  area: string | null;
  birthDate: string;
  sex: 'male' | 'female';
} {
  return {
    area: areaName(normalized.slice(0, 6)) ?? null,
    birthDate: `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`,
    sex: Number(normalized[16]) % 2 === 1 ? 'male' : 'female',
  };
}
