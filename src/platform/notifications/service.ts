import crypto from 'node:crypto';
import { requireRole, type Actor } from '../auth/roles.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { webhookRequest, type ChannelKind, type Message } from './formats.js';
import type { ChannelRow, NotificationStore } from './store.js';

export interface ChannelOut {
  id: string;
  kind: ChannelKind;
  name: string;
  /** Webhook URLs carry tokens: only their host is shown. */
  target: string;
  hasSecret: boolean;
  enabled: boolean;
}

/**
 * The outcome of one delivery as the admin (and the audit trail) sees it: ok,
 * or failed with the HTTP or SMTP status and a sentence of our own. Never the
 * remote server's words: a webhook URL can point anywhere, and its answer is
 * not ours to show.
 */
export interface Delivery {
  channel: string;
  ok: boolean;
  status: 'ok' | 'failed';
  /** The HTTP status a webhook answered (or the SMTP reply code of a refusing mail server). */
  httpStatus?: number;
  error?: string;
}

export type FailureReason =
  | 'http_status'
  | 'refused'
  | 'timeout'
  | 'unreachable'
  | 'smtp_refused'
  | 'smtp_unreachable'
  | 'smtp_not_configured';

/** A failed delivery: what went wrong, in categories, with no text from the remote side. */
export class DeliveryFailure extends Error {
  constructor(
    readonly reason: FailureReason,
    readonly code?: number,
  ) {
    super(reason);
    this.name = 'DeliveryFailure';
  }
}

const failureText: Record<FailureReason, (code?: number) => string> = {
  http_status: (c) => `the webhook answered HTTP ${c}`,
  refused: (c) => `the webhook answered HTTP ${c ?? 200} but did not accept the message`,
  timeout: () => 'the webhook did not answer in time',
  unreachable: () => 'the webhook could not be reached',
  smtp_refused: (c) => `the mail server refused the message (SMTP ${c})`,
  smtp_unreachable: () => 'the mail server could not be reached',
  smtp_not_configured: () => 'no SMTP server is configured (WANGAN_SMTP_URL)',
};

function failed(channel: string, err: unknown): Delivery {
  if (!(err instanceof DeliveryFailure))
    return { channel, ok: false, status: 'failed', error: 'delivery failed' };
  return {
    channel,
    ok: false,
    status: 'failed',
    ...(err.code !== undefined ? { httpStatus: err.code } : {}),
    error: failureText[err.reason](err.code),
  };
}

export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export interface Transport {
  postJson(req: { url: string; body: Record<string, unknown> }): Promise<void>;
  mail(to: string, subject: string, text: string): Promise<void>;
}

function present(r: ChannelRow): ChannelOut {
  let target = r.target;
  if (r.kind !== 'email') {
    try {
      target = `${new URL(r.target).host}/…`;
    } catch {
      target = '(invalid URL)';
    }
  }
  return {
    id: r.id,
    kind: r.kind as ChannelKind,
    name: r.name,
    target,
    hasSecret: r.secret_sealed !== null,
    enabled: r.enabled,
  };
}

/** Reminder channels: e-mail and DingTalk / WeCom / Feishu robots. */
export class NotificationService {
  constructor(
    private readonly store: NotificationStore,
    private readonly sealer: Sealer,
    private readonly transport: Transport,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<ChannelOut[]> {
    requireRole(actor, ['admin', 'compliance_officer']);
    return (await this.store.list()).map(present);
  }

  async add(
    actor: Actor,
    input: { kind: ChannelKind; name: string; target: string; secret?: string | undefined },
  ): Promise<ChannelOut> {
    requireRole(actor, ['admin']);
    if (
      input.kind === 'email' ? !/^[^@\s]+@[^@\s]+$/.test(input.target) : !/^https?:\/\//.test(input.target)
    ) {
      throw new AppError(
        'validation_failed',
        input.kind === 'email'
          ? { en: 'An e-mail channel needs an address.', zh: '邮件渠道需要填写有效的邮箱地址。' }
          : {
              en: 'A robot channel needs its webhook URL.',
              zh: '机器人渠道需要填写以 http:// 或 https:// 开头的回调地址。',
            },
        undefined,
        'target',
      );
    }
    const row: ChannelRow = {
      id: crypto.randomUUID(),
      kind: input.kind,
      name: input.name,
      target: input.target,
      secret_sealed: input.secret ? this.sealer.seal(input.secret) : null,
      enabled: true,
      created_by: actor.username,
      created_at: this.clock.now(),
    };
    await this.store.insert(row);
    return present(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    requireRole(actor, ['admin']);
    if (!(await this.store.remove(id)))
      throw new AppError('not_found', { en: 'No such channel.', zh: '没有这个通知渠道。' });
  }

  /** Sends to every enabled channel; one failing channel does not stop the others. */
  async send(message: Message): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const c of (await this.store.list()).filter((x) => x.enabled)) {
      try {
        if (c.kind === 'email') await this.transport.mail(c.target, message.title, message.text);
        else {
          const secret = c.secret_sealed ? this.sealer.open(c.secret_sealed) : null;
          await this.transport.postJson(
            webhookRequest(
              c.kind as Exclude<ChannelKind, 'email'>,
              c.target,
              secret,
              message,
              this.clock.now(),
            ),
          );
        }
        out.push({ channel: c.name, ok: true, status: 'ok' });
      } catch (err) {
        out.push(failed(c.name, err));
      }
    }
    return out;
  }
}
