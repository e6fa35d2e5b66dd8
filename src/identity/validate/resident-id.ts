import type { IdentifierResult, IdentifierIssue } from '../../../contract/identity.js';
import { areaCode, areaName } from './areas.js';
import { issue, result, tidy } from './result.js';

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

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Checks a resident identity number (居民身份证号码, GB 11643-1999): 18
 * characters (6-digit area code, birth date YYYYMMDD, 3-digit sequence, check
 * character 0-9 or X), or the legacy 15-digit form (YYMMDD of the 1900s, no
 * check character), which is converted to 18. The area code must be one the
 * Ministry of Civil Affairs ever issued: a number keeps the code of the place
 * and year it was issued, however the map changed since. `today` is the
 * Beijing date (YYYY-MM-DD) a birth date may not be after.
 * Pure; never throws.
 */
export function validateResidentId(raw: string, today: string): IdentifierResult {
  const s = tidy(String(raw));
  const reasons: IdentifierIssue[] = [];
  const warnings: IdentifierIssue[] = [];
  if (s.length === 0) return result(null, [issue('length', '号码为空。', 'The number is empty.')]);
  const legacy = s.length === 15;
  if (!legacy && s.length !== 18)
    return result(null, [
      issue(
        'length',
        `居民身份证号码应为18位（或旧版15位），此处为${s.length}位。`,
        `A resident identity number has 18 characters (or 15 in the old form); this one has ${s.length}.`,
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
        `地址码 ${area} 不是民政部发布过的行政区划代码。`,
        `The area code ${area} is not an administrative-division code the Ministry of Civil Affairs ever issued.`,
      ),
    );
  else if (known.last !== null)
    warnings.push(
      issue(
        'area_abolished',
        `地址码 ${area}（${areaName(area)}）已于${known.last}年停用；此前签发的号码仍然有效。`,
        `The area code ${area} (${areaName(area)}) went out of use in ${known.last}; numbers issued before stay valid.`,
      ),
    );
  const y = Number(full.slice(6, 10));
  const m = Number(full.slice(10, 12));
  const d = Number(full.slice(12, 14));
  const birth = `${full.slice(6, 10)}-${full.slice(10, 12)}-${full.slice(12, 14)}`;
  if (!realDate(y, m, d))
    reasons.push(
      issue('date', `出生日期 ${birth} 不是真实的日期。`, `The birth date ${birth} is not a real date.`),
    );
  else if (birth > today)
    reasons.push(
      issue('date', `出生日期 ${birth} 在今天之后。`, `The birth date ${birth} is in the future.`),
    );
  else if (y < EARLIEST_BIRTH_YEAR)
    reasons.push(
      issue(
        'date',
        `出生年份 ${y} 早于${EARLIEST_BIRTH_YEAR}年。`,
        `The birth year ${y} is before ${EARLIEST_BIRTH_YEAR}.`,
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
        `校验码应为 ${check}，而不是 ${full[17]}。`,
        `The check character should be ${check}, not ${full[17]}.`,
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
