import { AppError, errorCodes, type ErrorCode } from '../platform/errors.js';

/** Talks to a running server's API with a token, for commands that change data. */
export async function callApi<T>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    const code = (err?.code && err.code in errorCodes ? err.code : 'internal') as ErrorCode;
    throw new AppError(code, `server answered ${res.status}: ${err?.message ?? text}`);
  }
  return json as T;
}
