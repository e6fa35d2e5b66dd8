import type { ErrorBody } from '../../contract/errors.js';

/**
 * Talks to the wangan API; sends the CSRF token with every change. The shapes
 * it answers are the server's own schemas (contract/), inferred: nothing here
 * restates them.
 */
export type { ApiToken, CreatedToken, Me, Session, User } from '../../contract/auth.js';
export type { Organisation, Profile } from '../../contract/organisation.js';
export type { Capability } from '../../contract/system.js';
export { roles, type Role } from '../../contract/roles.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The server's sentence in both languages; show `messages[lang]`. */
    readonly messages?: { zh: string; en: string },
    /** The one field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The current console language, sent so the server answers its `message` in it. */
function consoleLang(): 'zh' | 'en' {
  return document.documentElement.lang.startsWith('zh') ? 'zh' : 'en';
}

function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)wangan_csrf=([^;]+)/.exec(document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'x-wangan-lang': consoleLang() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = csrfToken();
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = (json as Partial<ErrorBody> | null)?.error;
    throw new ApiError(
      res.status,
      error?.code ?? 'internal',
      error?.message ?? res.statusText,
      error?.details,
      error?.messages,
      error?.field,
    );
  }
  return json as T;
}

/** A list's URL with its page: `limit`, and the `cursor` the page before answered as `next`. */
export function pageUrl(path: string, cursor?: string | null, limit?: number): string {
  const q = new URLSearchParams();
  if (limit) q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  const s = q.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/** The element type of a paged list's `key` (UserPage, 'users' -> User). */
export type ItemOf<P, K extends keyof P> = P[K] extends readonly (infer T)[] ? T : never;

/** Every page of a list, following `next` (for pickers that need the whole list). */
export async function allPages<P extends { next: string | null }, K extends keyof P & string>(
  path: string,
  key: K,
): Promise<ItemOf<P, K>[]> {
  const out: ItemOf<P, K>[] = [];
  let cursor: string | null = null;
  do {
    const page: P = await api<P>('GET', pageUrl(path, cursor, 500));
    out.push(...(page[key] as ItemOf<P, K>[]));
    cursor = page.next;
  } while (cursor);
  return out;
}
