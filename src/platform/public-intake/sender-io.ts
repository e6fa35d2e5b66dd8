import { createHmac } from 'node:crypto';
import { maskContact } from './contact.js';

/**
 * Delivers one-time codes: the development sender writes the code to the
 * server's log, saying so; the webhook sender posts it, signed, to the
 * operator's SMS gateway (WANGAN_OTP_SENDER=webhook). An SMTP sender is not
 * built yet; asking for one is a startup error until it is.
 */
export interface CodeSender {
  /** The sender's name as the setting spells it (`log`). */
  readonly name: string;
  send(to: string, code: string, purpose: string): Promise<void>;
  /** A sender that logs takes the server's logger when the server starts. */
  useLog?(write: CodeLog): void;
}

/** Where the development sender writes: the server's logger once it exists, stderr before. */
export type CodeLog = (fields: Record<string, unknown>, message: string) => void;

export const codeSenderNames = ['log', 'webhook'] as const;

export class LogCodeSender implements CodeSender {
  readonly name = 'log';
  private write: CodeLog;

  constructor(write?: CodeLog) {
    this.write =
      write ??
      ((fields, message) =>
        process.stderr.write(`${JSON.stringify({ level: 'warn', ...fields, msg: message })}\n`));
  }

  /** The server hands over its logger when it starts (the sender is built before it). */
  useLog(write: CodeLog): void {
    this.write = write;
  }

  async send(to: string, code: string, purpose: string): Promise<void> {
    // The address is personal data (a phone number): the log gets its mask, never the number.
    const masked = maskContact(to);
    this.write(
      { otpSender: 'log', to: masked, purpose, code },
      `DEVELOPMENT one-time code sender (WANGAN_OTP_SENDER=log): code ${code} for ${purpose} to ${masked} was written here and sent nowhere; configure a real sender before publishing the form`,
    );
  }
}

/** The header carrying the signature: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const OTP_SIGNATURE_HEADER = 'x-wangan-signature';
/** Seconds since 1970 (UTC) when the request was signed: the gateway refuses old ones (replays). */
export const OTP_TIMESTAMP_HEADER = 'x-wangan-timestamp';

export function signCodeRequest(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * Posts each code to the operator's SMS or mail gateway (WANGAN_OTP_SENDER=webhook):
 * JSON `{to, code, purpose}` to WANGAN_OTP_WEBHOOK_URL, signed with
 * WANGAN_OTP_WEBHOOK_SECRET (x-wangan-timestamp, x-wangan-signature as the
 * other webhooks). A 2xx answer means the gateway took it; anything else, or
 * no answer within the timeout, throws (the code is not delivered; the person
 * asks again). The address and code are in the body only, never the URL.
 */
export class WebhookCodeSender implements CodeSender {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
    private readonly timeoutMs = 10_000,
  ) {}

  async send(to: string, code: string, purpose: string): Promise<void> {
    const body = JSON.stringify({ to, code, purpose });
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [OTP_TIMESTAMP_HEADER]: timestamp,
          [OTP_SIGNATURE_HEADER]: signCodeRequest(this.secret, timestamp, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new Error(
        `no answer from the code gateway${cause ? ` (${cause})` : `: ${(err as Error).message}`}`,
      );
    }
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new Error(`the code gateway answered HTTP ${res.status}`);
  }
}

/** The sender a setting names: `log`, or `webhook` with its address and secret; anything else is refused. */
export function codeSenderFor(
  name: string,
  webhook: { url?: string | undefined; secret?: string | undefined } = {},
): CodeSender {
  if (name === 'log') return new LogCodeSender();
  if (name === 'webhook') {
    if (
      !webhook.url ||
      !/^https?:\/\/\S+$/.test(webhook.url) ||
      !webhook.secret ||
      webhook.secret.length < 16
    )
      throw new Error(
        'WANGAN_OTP_SENDER="webhook" needs WANGAN_OTP_WEBHOOK_URL (http:// or https://) and WANGAN_OTP_WEBHOOK_SECRET (16 characters or more)',
      );
    return new WebhookCodeSender(webhook.url, webhook.secret);
  }
  throw new Error(
    `WANGAN_OTP_SENDER="${name}" is not available: "log" (the development sender, which writes codes to the server log) and "webhook" (an SMS or mail gateway) are built; an SMTP sender does not exist yet`,
  );
}
