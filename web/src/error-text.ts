import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.js';
import type { Lang } from './i18n.js';

/**
 * What the console shows for a failure: the server's sentence in the
 * console's language (`messages[lang]`), else its `message` (which the server
 * already answered in the language the console sent), else the error's own.
 */
export function errorText(e: unknown, lang: Lang): string {
  if (e instanceof ApiError) return e.messages?.[lang] ?? e.message;
  return e instanceof Error ? e.message : String(e);
}

/** `errorText` in the console's current language. */
export function useErrorText(): (e: unknown) => string {
  const { i18n } = useTranslation();
  const lang: Lang = i18n.language === 'zh' ? 'zh' : 'en';
  return useCallback((e: unknown) => errorText(e, lang), [lang]);
}

/**
 * Puts the error on the form field at fault when the server names one the
 * form has (`field` "wentLiveOn", or "cii.sector" for a nested one; `names`
 * maps a server field to the form's name when they differ, `under` is the
 * body's key the form's values are sent under, e.g. "profile"). Answers
 * whether it did; the caller shows other errors as a message.
 */
export function errorOnField(
  form: FormInstance,
  e: unknown,
  lang: Lang,
  names: Record<string, (string | number)[] | string> = {},
  under?: string,
): boolean {
  if (!(e instanceof ApiError) || !e.field) return false;
  const field = under && e.field.startsWith(`${under}.`) ? e.field.slice(under.length + 1) : e.field;
  const mapped = names[field];
  const name = mapped === undefined ? field.split('.') : Array.isArray(mapped) ? mapped : [mapped];
  if (!hasPath(form.getFieldsValue(), name)) return false;
  form.setFields([{ name, errors: [fieldText(e, lang)] }]);
  return true;
}

/** On a field, a validation's one issue says enough ("至少 10 个字符"): the path is the field itself. */
function fieldText(e: ApiError, lang: Lang): string {
  const issues = Array.isArray(e.details) ? (e.details as { messages?: { zh: string; en: string } }[]) : [];
  const only = issues.length === 1 ? issues[0]?.messages : undefined;
  return only?.[lang] ?? errorText(e, lang);
}

/** Whether a registered field's value object has the path (registered fields appear even when empty). */
function hasPath(values: unknown, path: readonly (string | number)[]): boolean {
  let at: unknown = values;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !(key in at)) return false;
    at = (at as Record<string | number, unknown>)[key];
  }
  return true;
}

/** `errorOnField` in the console's current language. */
export function useErrorOnField(): (
  form: FormInstance,
  e: unknown,
  names?: Record<string, (string | number)[] | string>,
  under?: string,
) => boolean {
  const { i18n } = useTranslation();
  const lang: Lang = i18n.language === 'zh' ? 'zh' : 'en';
  return useCallback((form, e, names, under) => errorOnField(form, e, lang, names, under), [lang]);
}

/**
 * A form's `onValuesChange`: a server error put on a field goes when the field
 * changes (a field without rules of its own would keep it otherwise).
 */
export function clearErrorsOnChange(form: FormInstance): (changed: Record<string, unknown>) => void {
  return (changed) => form.setFields(Object.keys(changed).map((name) => ({ name, errors: [] })));
}
