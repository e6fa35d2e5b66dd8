import { createHash } from 'node:crypto';
import { DISPOSAL_EXCERPT_MAX, SCREEN_MATCHES_MAX, type ScreenMatch } from '../../contract/content.js';
import { addDuration } from '../platform/time.js';

/**
 * The rules of a disposal record (CSL 2025 Art 49, 2016 Art 47): what is
 * kept of the text, which duty it proves, when its deletion and its report
 * fall due, how long it is kept. Pure.
 */

export const DUTY_DISPOSAL = 'csl.prohibited-content-disposal';
export const DUTY_MESSAGING = 'csl.messaging-provider-duties';
export const DUTY_APP_STORE = 'csl.app-store-duties';

/** SHA-256 of the full text, hex: the record proves which text was stopped without keeping it. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Whether a UTF-16 index falls between the halves of a surrogate pair. */
function splitsPair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * At most DISPOSAL_EXCERPT_MAX UTF-16 units of the text around the first
 * match (some context before it), marked with … where cut; never splits a
 * surrogate pair.
 */
export function excerptOf(text: string, matches: readonly Pick<ScreenMatch, 'start'>[]): string {
  const max = DISPOSAL_EXCERPT_MAX;
  if (text.length <= max) return text;
  // A loop, not Math.min(...): a text may carry hundreds of thousands of matches.
  let first = matches.length ? matches[0]!.start : 0;
  for (const m of matches) if (m.start < first) first = m.start;
  let start = Math.max(0, Math.min(first - 40, text.length - (max - 1)));
  if (splitsPair(text, start)) start += 1;
  const lead = start > 0 ? '…' : '';
  let end = start + max - lead.length;
  const trail = end < text.length ? '…' : '';
  end -= trail.length;
  if (splitsPair(text, end)) end -= 1;
  return lead + text.slice(start, end) + trail;
}

const actionRank = { allow: 0, review: 1, block: 2 } as const;

/** The category of the strongest match (block before review; the first such match): what a removal is filed under. */
export function strongestCategory(matches: readonly ScreenMatch[]): string {
  let best: ScreenMatch | undefined;
  for (const m of matches) if (!best || actionRank[m.action] > actionRank[best.action]) best = m;
  return best?.category ?? 'other';
}

/**
 * The matches an answer reports and a review or disposal keeps: at most
 * SCREEN_MATCHES_MAX, those of the strongest action first (so the ones that
 * decided are always there), back in text order. The decision is made from
 * all of them; the answer gives the total.
 */
export function reportedMatches(matches: readonly ScreenMatch[]): ScreenMatch[] {
  if (matches.length <= SCREEN_MATCHES_MAX) return [...matches];
  const ranked = matches
    .map((m, i) => ({ m, i }))
    .sort((a, b) => actionRank[b.m.action] - actionRank[a.m.action] || a.i - b.i)
    .slice(0, SCREEN_MATCHES_MAX);
  return ranked.sort((a, b) => a.i - b.i).map((x) => x.m);
}

/** The rule patterns that decided a block (or a hold): each once, in the order they matched. */
export function decidingRules(matches: readonly ScreenMatch[], decision: 'review' | 'block'): string[] {
  return [...new Set(matches.filter((m) => m.action === decision).map((m) => m.rule))];
}

/**
 * The duty a disposal serves: Art 50 (2016 Art 48) puts the Art 49 duties on
 * e-messaging providers and app stores; an item of a service declared as one
 * (settings) proves that duty, any other the general one.
 */
export function obligationFor(
  service: string | null | undefined,
  declared: { messagingServices: readonly string[]; appStoreServices: readonly string[] },
): string {
  if (service && declared.messagingServices.includes(service)) return DUTY_MESSAGING;
  if (service && declared.appStoreServices.includes(service)) return DUTY_APP_STORE;
  return DUTY_DISPOSAL;
}

export interface DisposalClocks {
  deletionDueAt: Date;
  reportDueAt: Date;
  keepUntil: Date;
}

/** Deletion and report due after detection; kept `retentionDays` after it. */
export function disposalClocks(
  detectedAt: Date,
  rules: { deletionDue: string; reportDue: string; retentionDays: number },
): DisposalClocks {
  return {
    deletionDueAt: addDuration(detectedAt, rules.deletionDue),
    reportDueAt: addDuration(detectedAt, rules.reportDue),
    keepUntil: addDuration(detectedAt, `P${rules.retentionDays}D`),
  };
}

/** The wait before the next webhook attempt after `attempts` failures: 1, 2, 4 ... minutes, at most an hour. */
export function deletionBackoffMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}
