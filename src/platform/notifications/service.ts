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

export interface Delivery {
  channel: string;
  ok: boolean;
  error?: string;
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
          ? 'An e-mail channel needs an address.'
          : 'A robot channel needs its webhook URL.',
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
    if (!(await this.store.remove(id))) throw new AppError('not_found', 'No such channel.');
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
        out.push({ channel: c.name, ok: true });
      } catch (err) {
        out.push({ channel: c.name, ok: false, error: (err as Error).message });
      }
    }
    return out;
  }
}
