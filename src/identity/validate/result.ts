import type { IdentifierResult, IdentifierIssue } from '../../../contract/identity.js';

/** Builds a validator's answer: valid exactly when no reason was found. */
export function result(
  normalized: string | null,
  reasons: IdentifierIssue[],
  warnings: IdentifierIssue[] = [],
): IdentifierResult {
  return {
    valid: reasons.length === 0,
    normalized: reasons.length === 0 ? normalized : null,
    reasons,
    warnings,
  };
}

export const issue = (code: string, zh: string, en: string): IdentifierIssue => ({
  code,
  message: { zh, en },
});

/**
 * What a person types, made comparable: full-width digits, letters and signs
 * (an IME's ０-９, Ａ-Ｚ, ｘ, ＋) to ASCII, spaces and hyphens between groups
 * dropped, letters upper-cased. Only the full-width block is folded, not all
 * of NFKC: circled, superscript or mathematical digits (①, ¹, 𝟏) are not
 * digits a person types into a form, and stay for the validator to name.
 */
export function tidy(raw: string): string {
  return (
    raw
      .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[\s\u00a0\u3000\-\u2010-\u2015\u2212]+/g, '')
      // ASCII letters only: toUpperCase() would turn ß or ﬀ into letters the codes use.
      .replace(/[a-z]+/g, (l) => l.toUpperCase())
  );
}

/** Length as a person counts it: characters (code points), not UTF-16 units. */
export const charCount = (s: string): number => [...s].length;
