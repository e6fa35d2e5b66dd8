import type { Actor } from '../platform/auth/roles.js';
import { isAppError } from '../platform/errors.js';
import type { ModuleContext } from '../platform/module.js';
import { beijingDate, DAY, HOUR } from '../platform/time.js';
import { loadContentCatalog } from './catalog-io.js';
import * as takedowns0003 from './migrations/0003-takedowns.js';
import type { ContentPart, ContentServices } from './part.js';
import { registerTakedownRoutes } from './takedowns-routes.js';
import { TakedownsService } from './takedowns-service.js';
import { takedownDeadlineSetting } from './takedowns-settings.js';
import { TakedownStore } from './takedowns-store.js';
import type { TakedownTables } from './takedowns-tables.js';

/**
 * The takedowns area: demands from authorities (CSL 2025 Art 52, 2016
 * Art 50), their actions and confirmations, the open item each open demand
 * leaves, content-takedowns.json in the audit pack, and three demo demands.
 */
export const takedownsPart: ContentPart<'takedowns'> = {
  key: 'takedowns',
  migrations: { 'content/0003-takedowns': takedowns0003 },
  build: (ctx, before) => {
    const catalog = loadContentCatalog().takedowns;
    const screening = before.screening!;
    return new TakedownsService(
      new TakedownStore(ctx.tables<TakedownTables>()),
      ctx.get('ledger'),
      ctx.uow,
      ctx.clock,
      {
        issuers: catalog.issuers,
        deadline: takedownDeadlineSetting(catalog, ctx.env),
        dueSoonDays: ctx.config.dueSoonDays,
        disposal: (id) =>
          screening.disposal(id).then(
            (d) => ({ takedownId: d.takedownId }),
            (err: unknown) => {
              if (isAppError(err) && err.code === 'not_found') return null;
              throw err;
            },
          ),
      },
    );
  },
  routes: (app, takedowns) => registerTakedownRoutes(app, takedowns),
  openItems: (takedowns) => takedowns.openItems(),
  pack: (takedowns, ctx) => [
    {
      // The demands received in the period, with their actions and confirmations.
      file: 'content-takedowns.json',
      contents: async (period) =>
        JSON.stringify(
          {
            generatedAt: ctx.clock.now().toISOString(),
            period: {
              from: period.from ? beijingDate(period.from) : null,
              to: period.to ? beijingDate(period.to) : null,
            },
            takedowns: await takedowns.exportPeriod(period),
          },
          null,
          2,
        ),
    },
  ],
  demo: (takedowns, all, ctx) => seedTakedownsDemo(takedowns, all, ctx),
};

/**
 * Demo demands: one done and confirmed, one received this morning and due
 * in a few hours, one past its deadline with only part of it done.
 */
export async function seedTakedownsDemo(
  takedowns: TakedownsService,
  all: ContentServices,
  ctx: ModuleContext,
): Promise<number> {
  const officer: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
  const moderator: Actor = {
    userId: 'demo-moderator',
    username: 'demo.moderator',
    role: 'moderator',
    via: 'system',
  };
  const now = ctx.clock.now().getTime();
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();

  const confirmed = await takedowns.create(moderator, {
    issuer: 'cac',
    issuerName: '[demo] 上海市互联网信息办公室',
    documentNumber: '[demo] 沪网信处〔2026〕31号',
    // Actions are recorded as they happen (now): a demand done in time is one still within its deadline.
    receivedAt: at(5 * HOUR),
    dueAt: at(-19 * HOUR),
    targets: [
      { value: 'https://forum.example.cn/t/88231', note: '[demo] 虚假投资理财帖 (fake investment post)' },
      { value: 'user:u_7f3a21' },
    ],
    summary: '[demo] 删除涉诈帖子并处置发布账号 (remove fraud posts and deal with the account)',
  });
  // The post's removal is a disposal record of the screening area, answering this demand.
  const removal = await all.screening.recordDisposal(moderator, {
    text: '[demo] 稳赚不赔的投资项目，日收益5%，加微信领取内部名额',
    category: 'fraud',
    service: 'forum',
    url: 'https://forum.example.cn/t/88231',
    takedownId: confirmed.id,
    requestDeletion: false,
  });
  await takedowns.act(moderator, confirmed.id, {
    action: '[demo] 删除帖子 (post removed)',
    targets: ['https://forum.example.cn/t/88231'],
    disposalId: removal.id,
    done: false,
  });
  await takedowns.act(moderator, confirmed.id, {
    action: '[demo] 封禁账号 (account suspended)',
    targets: ['user:u_7f3a21'],
    done: true,
  });
  await takedowns.confirm(officer, confirmed.id, {
    reference: '[demo] 星河函〔2026〕7号',
    note: '[demo] 已书面回复处置结果 (replied in writing)',
  });

  await takedowns.create(moderator, {
    issuer: 'mps',
    issuerName: '[demo] 某市公安局网安支队',
    documentNumber: '[demo] 网安通〔2026〕112号',
    receivedAt: at(2 * HOUR),
    dueAt: at(-4 * HOUR),
    targets: [{ value: 'group:g_55120', note: '[demo] 赌博推广群 (gambling promotion group)' }],
    summary: '[demo] 解散群组并留存群成员和消息记录 (dissolve the group, keep its records)',
  });

  const overdue = await takedowns.create(moderator, {
    issuer: 'miit',
    issuerName: '[demo] 某省通信管理局',
    documentNumber: '[demo] 通管〔2026〕58号',
    receivedAt: at(3 * DAY),
    targets: [
      { value: 'https://cdn.example.cn/app/loan-fast.apk' },
      { value: 'https://cdn.example.cn/app/loan-fast-v2.apk' },
    ],
    summary: '[demo] 停止分发含恶意程序的安装包 (stop distributing packages carrying malware)',
  });
  await takedowns.act(moderator, overdue.id, {
    action: '[demo] 下架第一个安装包，第二个仍在排查 (first package removed, second still being traced)',
    targets: ['https://cdn.example.cn/app/loan-fast.apk'],
    done: false,
  });
  return 3;
}
