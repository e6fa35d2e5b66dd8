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
 * What a person types, made comparable: full-width digits and letters to
 * ASCII (NFKC), spaces and hyphens between groups dropped, letters upper-cased.
 * Anything else stays, for the validator to name.
 */
export function tidy(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000-]+/g, '')
    .toUpperCase();
}
