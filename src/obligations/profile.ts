import { ciiSectors, services } from '../../contract/profile.js';
import { profileSchema, type Profile, type ProfileInput } from '../../contract/organisation.js';
import type { Bilingual } from '../../contract/status.js';
import { issueText } from '../platform/validation-text.js';

/**
 * The organisation profile: the facts about an operator that decide which
 * duties of the CSL and the CII Regulation apply. Its schema is shared with
 * the console (contract/organisation.ts); only `name` is required, unknown
 * keys are refused with an error naming them.
 */
export { ciiSectors, profileSchema, services, type Profile, type ProfileInput };

export class ProfileError extends Error {
  constructor(
    readonly messages: Bilingual,
    readonly issues: { path: string; message: string; messages: Bilingual }[],
  ) {
    super(messages.en);
  }
}

/** Checks a profile (already parsed from YAML or JSON); unknown keys are named in the error. */
export function parseProfile(input: unknown): Profile {
  const result = profileSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => {
    const where = i.path.join('.') || '(top level)';
    const keys = i.code === 'unrecognized_keys' ? ` (${i.keys.map((k) => `"${k}"`).join(', ')})` : '';
    return { path: where, message: `${i.message}${keys}`, messages: issueText(i) };
  });
  throw new ProfileError(
    {
      en: `Invalid profile: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      zh: `单位画像有误：${issues.map((i) => `${i.path === '(top level)' ? '' : `${i.path}：`}${i.messages.zh}`).join('；')}`,
    },
    issues,
  );
}
