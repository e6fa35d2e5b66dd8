import { channelKinds } from '../../../contract/channels.js';
import crypto from 'node:crypto';

/**
 * The message formats of the robots Chinese teams use: DingTalk (钉钉),
 * WeCom (企业微信) and Feishu (飞书) custom-robot webhooks, with their
 * signing schemes where a secret is set. Pure.
 */
export { channelKinds };
export type ChannelKind = (typeof channelKinds)[number];

export interface Message {
  title: string;
  /** Markdown body (DingTalk, WeCom). */
  markdown: string;
  /** Plain text body (Feishu, e-mail). */
  text: string;
}

export interface WebhookRequest {
  url: string;
  body: Record<string, unknown>;
}

export function webhookRequest(
  kind: Exclude<ChannelKind, 'email'>,
  target: string,
  secret: string | null,
  m: Message,
  now: Date,
): WebhookRequest {
  switch (kind) {
    case 'dingtalk': {
      let url = target;
      if (secret) {
        // DingTalk: sign = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), timestamp in ms.
        const timestamp = String(now.getTime());
        const sign = crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
        url += `${url.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
      }
      return { url, body: { msgtype: 'markdown', markdown: { title: m.title, text: m.markdown } } };
    }
    case 'wecom':
      return { url: target, body: { msgtype: 'markdown', markdown: { content: m.markdown } } };
    case 'feishu': {
      const body: Record<string, unknown> = { msg_type: 'text', content: { text: `${m.title}\n${m.text}` } };
      if (secret) {
        // Feishu: sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")), timestamp in seconds.
        const timestamp = String(Math.floor(now.getTime() / 1000));
        body.timestamp = timestamp;
        body.sign = crypto.createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
      }
      return { url: target, body };
    }
  }
}
