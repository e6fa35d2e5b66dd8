import nodemailer from 'nodemailer';
import type { WebhookRequest } from './formats.js';
import { DeliveryFailure } from './service.js';

/** Delivers over HTTP (robot webhooks) and SMTP, with a timeout; the caller records the outcome. */
export interface Sender {
  postJson(req: WebhookRequest): Promise<void>;
  mail(to: string, subject: string, text: string): Promise<void>;
}

/** Robots answer a few hundred bytes; more than this is not read. */
const MAX_ANSWER = 64 * 1024;

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= MAX_ANSWER) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Failures are thrown as `DeliveryFailure` (a category and a status code):
 * what the remote server said is never passed on.
 */
export function networkSender(smtpUrl: string | undefined, from: string): Sender {
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
  return {
    async postJson(req) {
      let res: Response;
      try {
        res = await fetch(req.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(req.body),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        throw new DeliveryFailure((err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable');
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new DeliveryFailure('http_status', res.status);
      }
      // DingTalk, WeCom and Feishu answer 200 with an error code in the body.
      let body: { errcode?: unknown; code?: unknown } = {};
      try {
        body = JSON.parse(await readCapped(res)) as typeof body;
      } catch {
        // Not JSON: a 2xx without an error code counts as delivered.
      }
      const code = body?.errcode ?? body?.code ?? 0;
      if (code !== 0) throw new DeliveryFailure('refused', res.status);
    },
    async mail(to, subject, text) {
      if (!transport) throw new DeliveryFailure('smtp_not_configured');
      try {
        await transport.sendMail({ from, to, subject, text });
      } catch (err) {
        const code = (err as { responseCode?: unknown }).responseCode;
        throw typeof code === 'number'
          ? new DeliveryFailure('smtp_refused', code)
          : new DeliveryFailure('smtp_unreachable');
      }
    },
  };
}
