import nodemailer from 'nodemailer';
import type { WebhookRequest } from './formats.js';

/** Delivers over HTTP (robot webhooks) and SMTP, with a timeout; the caller records the outcome. */
export interface Sender {
  postJson(req: WebhookRequest): Promise<void>;
  mail(to: string, subject: string, text: string): Promise<void>;
}

export function networkSender(smtpUrl: string | undefined, from: string): Sender {
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
  return {
    async postJson(req) {
      const res = await fetch(req.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(req.body),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
      // DingTalk, WeCom and Feishu answer 200 with an error code in the body.
      const body = (await res.json().catch(() => ({}))) as {
        errcode?: number;
        code?: number;
        errmsg?: string;
        msg?: string;
      };
      const code = body.errcode ?? body.code ?? 0;
      if (code !== 0) throw new Error(`webhook refused: ${body.errmsg ?? body.msg ?? code}`);
    },
    async mail(to, subject, text) {
      if (!transport) throw new Error('no SMTP server configured (WANGAN_SMTP_URL)');
      await transport.sendMail({ from, to, subject, text });
    },
  };
}
