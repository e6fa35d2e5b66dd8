import { AppError } from './errors.js';

/**
 * Reading a capability's settings from the environment: a default of the
 * catalogue, overridden by a variable; a bad value is a startup error naming
 * the variable, in both languages.
 */

/** A default of the catalogue, with whether a setting overrides it (the console marks both). */
export interface Overridable<T> {
  value: T;
  overridden: boolean;
}

export function bad(name: string, messages: { zh: string; en: string }): AppError {
  return new AppError('validation_failed', messages, { field: name }, name);
}

export function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): Overridable<number> {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return { value: fallback, overridden: false };
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw)))
    throw bad(name, {
      zh: `环境变量 ${name} 须为正整数，收到：${raw}。`,
      en: `${name} must be a whole number, 1 or more; got ${raw}.`,
    });
  return { value: Number(raw), overridden: true };
}

export const durationPattern = /^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;

export function duration(env: NodeJS.ProcessEnv, name: string, fallback: string): Overridable<string> {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return { value: fallback, overridden: false };
  if (!durationPattern.test(raw) || raw === 'P' || raw.endsWith('T') || !/\d/.test(raw))
    throw bad(name, {
      zh: `环境变量 ${name} 须为 ISO 8601 时长（如 PT1H 表示一小时、P1D 表示一天），收到：${raw}。`,
      en: `${name} must be an ISO 8601 duration (such as PT1H for an hour or P1D for a day); got ${raw}.`,
    });
  return { value: raw, overridden: true };
}

export function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
