import { intFromEnv } from '../platform/config.js';
import type { Actor } from '../platform/auth/roles.js';
import type { ModuleContext } from '../platform/module.js';
import { citationList } from '../obligations/deadlines.js';
import { DAY } from '../platform/time.js';
import { loadContentCatalog } from './catalog-io.js';
import type { ContentPart } from './part.js';
import * as complaints0002 from './migrations/0002-complaints.js';
import { registerComplaintRoutes } from './complaints-routes.js';
import { ComplaintsService, type ComplaintSettings } from './complaints-service.js';
import { ComplaintStore } from './complaints-store.js';
import type { ComplaintTables } from './complaints-tables.js';

/**
 * The handling time from catalog/content.yaml (complaints.handling: the law
 * says "promptly", so the default is marked uncertain), the setting
 * overriding it; whether a contact given must be verified by a code.
 */
export function complaintSettings(ctx: Pick<ModuleContext, 'env' | 'config'>): ComplaintSettings {
  const catalog = loadContentCatalog();
  const handling = catalog.complaints.handling;
  const days = intFromEnv(ctx.env, 'WANGAN_CONTENT_COMPLAINT_WORKING_DAYS', 0);
  const verify = ctx.env.WANGAN_CONTENT_COMPLAINT_VERIFY || 'optional';
  if (verify !== 'optional' && verify !== 'required')
    throw new Error(`WANGAN_CONTENT_COMPLAINT_VERIFY must be "optional" or "required", got "${verify}"`);
  return {
    handlingDays: days || handling.working_days,
    handlingUncertain: days ? false : handling.uncertain,
    handlingOverridden: days > 0,
    citations: citationList(handling.citations),
    categories: catalog.categories.map((c) => c.code),
    requireVerifiedContact: verify === 'required',
    defaultWebForm: `${ctx.config.publicUrl?.replace(/\/+$/, '') ?? ''}/public/complaints`,
    dueSoonDays: 3,
  };
}

/** content-complaints.json: the complaints received in the pack's period, contacts masked. */
function complaintsPack(complaints: ComplaintsService, ctx: ModuleContext) {
  return {
    file: 'content-complaints.json',
    contents: async (period: { from?: Date | undefined; to?: Date | undefined }) =>
      JSON.stringify(
        {
          generatedAt: ctx.clock.now().toISOString(),
          period: { from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null },
          channel: await complaints.channel(),
          complaints: await complaints.exportPeriod(period),
        },
        null,
        2,
      ),
  };
}

/**
 * Demo: the channel published, a complaint answered and closed, a report in
 * progress, and a complaint received long enough ago to be overdue.
 */
async function seedComplaintsDemo(complaints: ComplaintsService, ctx: ModuleContext): Promise<number> {
  const officer: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
  await complaints.publishChannel(officer, {
    phone: '400-000-0000',
    email: 'jubao@example.com',
    address: '[demo] 北京市海淀区示例路1号 投诉举报受理室',
    webForm: null,
    hours: { zh: '工作日 9:00-18:00', en: 'Working days 9:00-18:00 (Beijing)' },
  });
  const now = ctx.clock.now().getTime();
  const ago = (days: number) => new Date(now - days * DAY);
  const closed = await complaints.receive(
    {
      kind: 'complaint',
      category: 'fraud',
      subject: '[demo] 论坛帖子冒充客服骗取验证码 (a forum post impersonating support)',
      body: '[demo] 帖子自称官方客服，要求用户私信提供短信验证码。(The post claims to be official support and asks users for their SMS codes.)',
      target: 'https://forum.example.com/t/10086',
      lang: 'zh',
    },
    '13800138000',
    true,
    ago(30),
  );
  await complaints.replyTo(officer, closed.id, {
    body: '[demo] 您举报的帖子已删除，发帖账号已被封禁。感谢您的举报。(The post was removed and the account suspended. Thank you.)',
    public: true,
  });
  await complaints.close(officer, closed.id, {
    outcome: '[demo] 帖子删除，账号封禁 (post removed, account suspended)',
  });
  const inProgress = await complaints.receive(
    {
      kind: 'report',
      category: 'gambling',
      subject: '[demo] 群聊中推广网络赌博 (online gambling promoted in a group chat)',
      body: '[demo] 群内多次发布博彩网站链接。(Links to a betting site posted repeatedly.)',
      target: '[demo] 群号 123456',
      lang: 'zh',
    },
    null,
    false,
    ago(2),
  );
  const row = await complaints.get(officer, inProgress.id);
  await complaints.triage(officer, inProgress.id, {
    version: row.version,
    status: 'in_progress',
    assignee: null,
    note: '[demo] 已转内容审核组核实 (passed to the moderation team)',
  });
  await complaints.receive(
    {
      kind: 'complaint',
      category: 'other',
      subject: '[demo] 个人信息被公开发布 (personal details posted publicly)',
      body: '[demo] 有人在评论区公开了我的住址和电话。(Someone posted my address and phone number in the comments.)',
      target: 'https://app.example.com/post/2024',
      lang: 'zh',
    },
    'li.si@example.com',
    false,
    ago(40),
  );
  return 4;
}

/** The complaint and reporting channel (CSL 2025 Art 51(1), 2016 Art 49(1)). */
export const complaintsPart: ContentPart<'complaints'> = {
  key: 'complaints',
  migrations: { 'content/0002-complaints': complaints0002 },
  build: (ctx, before) =>
    new ComplaintsService(
      new ComplaintStore(ctx.tables<ComplaintTables>()),
      ctx.get('ledger'),
      ctx.uow,
      ctx.clock,
      ctx.get('calendar'),
      ctx.get('organisation'),
      ctx.get('auth'),
      ctx.get('intake'),
      { ...complaintSettings(ctx), dueSoonDays: Math.min(3, ctx.config.dueSoonDays) },
      before.screening!,
    ),
  routes: (app, complaints, _all, ctx) =>
    registerComplaintRoutes(app, complaints, ctx.get('intake'), ctx.get('audit')),
  openItems: (complaints) => complaints.openItems(),
  pack: (complaints, ctx) => [complaintsPack(complaints, ctx)],
  demo: (complaints, _all, ctx) => seedComplaintsDemo(complaints, ctx),
};
