import { z } from 'zod';
import { channelKinds } from './channels.js';

export { channelKinds };

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
export type ChannelList = z.infer<typeof channelListSchema>;

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
export type Deliveries = z.infer<typeof deliveriesSchema>;
