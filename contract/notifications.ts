import { z } from 'zod';

/** Reminder channels: e-mail and the DingTalk, WeCom and Feishu robots. */
export const channelKinds = ['dingtalk', 'wecom', 'feishu', 'email'] as const;

/** A channel as the API shows it: robots by host only, secrets never. */
export const channelSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(channelKinds),
  name: z.string(),
  target: z.string(),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
});
export type Channel = z.infer<typeof channelSchema>;
export const channelListSchema = z.strictObject({ channels: z.array(channelSchema) });

/** One channel's delivery: ok or failed, with the HTTP/SMTP status and a sentence of ours. */
export const deliverySchema = z.strictObject({
  channel: z.string(),
  ok: z.boolean(),
  status: z.enum(['ok', 'failed']),
  httpStatus: z.number().optional(),
  error: z.string().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const deliveriesSchema = z.strictObject({ deliveries: z.array(deliverySchema) });
