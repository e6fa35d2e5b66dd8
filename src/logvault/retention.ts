import { AppError } from '../platform/errors.js';
import { addDays, addDuration, beijingDate, beijingMidnight, isCivilDate } from '../platform/time.js';
import type { RetentionRules } from './catalog-schema.js';

/**
 * How long the vault keeps a Beijing day's logs (CSL 2025 Art 23(3), 2016
 * Art 21(3): no less than six months). Pure: dates are Beijing civil dates
 * (YYYY-MM-DD); "today" is passed in.
 *
 * The legal minimum is counted in calendar months: from the day after the
 * logs' day to the same day `minimum_months` later, or that month's last day
 * when it has no such day (catalog/logvault.yaml `counting`). The policy is
 * a number of days, never below the longest such span (184 days), so it is
 * six months for every day of the year; a day's logs may go only once both
 * the legal minimum and the policy have passed, and never while held.
 */

/** The last day a Beijing day's logs must be kept by law: the same day `months` later, clamped to that month's end. */
export function legalLastDay(day: string, rules: Pick<RetentionRules, 'minimum_months'>): string {
  return beijingDate(addDuration(beijingMidnight(day), `P${rules.minimum_months}M`));
}

/** The first Beijing date on which a day's logs may be deleted under the policy (and the law, whichever is later). */
export function expiresOn(
  day: string,
  policyDays: number,
  rules: Pick<RetentionRules, 'minimum_months'>,
): string {
  const byLaw = addDays(legalLastDay(day, rules), 1);
  const byPolicy = addDays(day, policyDays + 1);
  return byLaw > byPolicy ? byLaw : byPolicy;
}

/** Whether a day's logs may be deleted on `today`: past the policy and the law, and under no legal hold. */
export function deletable(
  day: string,
  today: string,
  policyDays: number,
  rules: Pick<RetentionRules, 'minimum_months'>,
  held = false,
): boolean {
  return !held && today >= expiresOn(day, policyDays, rules);
}

/**
 * Checks a retention policy (days) someone sets: a whole number, at least the
 * longest six calendar months (184 days), so no day's logs can go early.
 * Raising it is always allowed; lowering it only down to that minimum.
 */
export function checkPolicyDays(days: unknown, rules: RetentionRules, field = 'policyDays'): number {
  const min = rules.longest_six_months_days;
  // Set through an environment variable: the message names it, so the operator knows what to change.
  const env = field.startsWith('WANGAN_');
  if (typeof days !== 'number' || !Number.isInteger(days) || days < min || days > 36_600)
    throw new AppError(
      'validation_failed',
      {
        zh: `${env ? `环境变量 ${field}：` : ''}日志留存期限须为不少于${min}天的整数天数（六个日历月最长为${min}天，法定不少于六个月），收到：${String(days)}。`,
        en: `${env ? `${field}: ` : ''}The retention policy must be a whole number of days, at least ${min} (six calendar months are at most ${min} days; the law asks for at least six months); got ${String(days)}.`,
      },
      { field },
      field,
    );
  return days;
}

/**
 * The Beijing days that must be sealed for the duty to be met on `today`:
 * every day of the retention window (the legal minimum back from yesterday)
 * since the vault started, oldest first. Today is still being written.
 */
export function daysToSeal(
  started: string,
  today: string,
  rules: Pick<RetentionRules, 'minimum_months'>,
): string[] {
  if (!isCivilDate(started) || !isCivilDate(today)) throw new RangeError('dates are YYYY-MM-DD');
  const yesterday = addDays(today, -1);
  // The oldest day whose logs the law still keeps on `today` (six months are at most 31 days a month).
  let from = addDays(today, -31 * rules.minimum_months - 1);
  while (legalLastDay(from, rules) < today) from = addDays(from, 1);
  if (started > from) from = started;
  const out: string[] = [];
  for (let d = from; d <= yesterday; d = addDays(d, 1)) out.push(d);
  return out;
}
