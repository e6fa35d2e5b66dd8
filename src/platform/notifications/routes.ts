import { z } from 'zod';
import { errorResponses } from '../http/common.js';
import type { ZodApp } from '../http/server.js';
import { channelKinds } from './formats.js';
import { channelListSchema, channelSchema, deliveriesSchema } from '../../../contract/notifications.js';
import type { NotificationService } from './service.js';

export function registerNotificationRoutes(app: ZodApp, notifications: NotificationService): void {
  app.get(
    '/api/notifications/channels',
    {
      config: { access: ['admin', 'compliance_officer'], action: 'notifications.list' },
      schema: {
        tags: ['notifications'],
        summary: 'Reminder channels (secrets never returned)',
        response: { 200: channelListSchema, ...errorResponses },
      },
    },
    async (request) => ({ channels: await notifications.list(request.actor!) }),
  );

  app.post(
    '/api/notifications/channels',
    {
      config: { access: ['admin'], action: 'notifications.add' },
      schema: {
        tags: ['notifications'],
        summary: 'Add an e-mail address or a DingTalk / WeCom / Feishu robot webhook',
        body: z.strictObject({
          kind: z.enum(channelKinds),
          name: z.string().min(1).max(100),
          target: z.string().min(3).max(1000),
          secret: z.string().max(500).optional(),
        }),
        response: { 201: channelSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const out = await notifications.add(request.actor!, request.body);
      request.auditDetail = { channel: out.id, kind: out.kind, name: out.name };
      return reply.status(201).send(out);
    },
  );

  app.delete(
    '/api/notifications/channels/:id',
    {
      config: { access: ['admin'], action: 'notifications.remove' },
      schema: {
        tags: ['notifications'],
        summary: 'Remove a channel',
        params: z.strictObject({ id: z.string().uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await notifications.remove(request.actor!, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/notifications/test',
    {
      config: { access: ['admin'], action: 'notifications.test' },
      schema: {
        tags: ['notifications'],
        summary: 'Send a test message to every channel',
        body: z.strictObject({ note: z.string().max(500).optional() }),
        response: { 200: deliveriesSchema, ...errorResponses },
      },
    },
    async (request) => {
      const note = request.body.note ? `\n${request.body.note}` : '';
      return {
        deliveries: await notifications.send({
          title: 'wangan test message / 网安测试消息',
          markdown: `**wangan**: this channel works. 此渠道可用。${note}`,
          text: `wangan: this channel works. 此渠道可用。${note}`,
        }),
      };
    },
  );
}
