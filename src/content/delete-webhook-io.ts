import { createHmac } from 'node:crypto';
import type { DeletionRequest } from './screening-service.js';

/** The header carrying the signature: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const SIGNATURE_HEADER = 'x-wangan-signature';
/** Seconds since 1970 (UTC) when the request was signed: the platform refuses old ones (replays). */
export const TIMESTAMP_HEADER = 'x-wangan-timestamp';
const TIMEOUT_MS = 10_000;

export function signDeletion(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * Posts a deletion request to the platform (WANGAN_CONTENT_DELETE_WEBHOOK):
 * JSON `{disposalId, itemId, service, url, contentHash}`, signed with
 * WANGAN_CONTENT_DELETE_SECRET. A 2xx answer means the platform took the
 * request (it confirms the deletion later through
 * POST /api/content/disposals/:id/deletion-confirmed); anything else, or no
 * answer within 10 s, throws.
 */
export function deletionPoster(
  url: string,
  secret: string,
  now: () => Date,
): (request: DeletionRequest) => Promise<void> {
  return async (request) => {
    const body = JSON.stringify(request);
    const timestamp = String(Math.floor(now().getTime() / 1000));
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signDeletion(secret, timestamp, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new Error(`no answer from the platform${cause ? ` (${cause})` : `: ${(err as Error).message}`}`);
    }
    // The answer's body is not needed; read it so the connection is reused.
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`the platform answered HTTP ${res.status}`);
  };
}
