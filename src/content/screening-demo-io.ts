import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../platform/auth/roles.js';
import type { ModuleContext } from '../platform/module.js';
import { HOUR } from '../platform/time.js';
import type { ScreeningService } from './screening-service.js';

const demoActor: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
/** s7a's demonstration rule set (YAML with categories); a few rules of our own when it is absent. */
const demoRulesFile = path.resolve(import.meta.dirname, '..', '..', 'catalog', 'content-demo-rules.yaml');
const fallbackRules = `rules:
  - { pattern: 刷单返利, category: fraud }
  - { pattern: 网络赌场, category: gambling }
  - { pattern: 账户已冻结请点击, category: phishing }
  - { pattern: 代开发票, category: other }
allow:
  - { pattern: 反诈骗 }
`;

/**
 * The screening demo: a rule set published as version 1, items screened
 * (blocked and held), one review decided, one disposal reported, one
 * deletion confirmed and one whose deletion is overdue.
 */
export async function seedScreeningDemo(screening: ScreeningService, ctx: ModuleContext): Promise<number> {
  const text = fs.existsSync(demoRulesFile) ? fs.readFileSync(demoRulesFile, 'utf8') : fallbackRules;
  const published = await screening.publish(demoActor, {
    note: 'Demonstration rule set',
    mode: 'replace',
    file: { format: 'yaml', text, kind: 'rules' },
  });
  const content = await screening.ruleSetContent(published.version);
  // Texts built from the rules themselves, whichever file was read.
  const probe = (pattern: string) => screening.tryScreen(demoActor, `用户发布：${pattern}`).decision;
  const blocking = content.rules.filter((r) => probe(r.pattern) === 'block').slice(0, 3);
  const holding = content.rules.filter((r) => probe(r.pattern) === 'review').slice(0, 2);
  const items = [
    ...blocking.map((r, i) => ({
      id: `post-${1001 + i}`,
      text: `限时活动！${r.pattern}，详情私聊。`,
      service: i === 1 ? 'chat' : 'forum',
      publisher: `u_${7700 + i}`,
      url: `https://forum.example.cn/t/${1001 + i}`,
    })),
    ...holding.map((r, i) => ({
      id: `post-${2001 + i}`,
      text: `有人知道${r.pattern}的事吗？`,
      service: 'forum',
      publisher: `u_${8800 + i}`,
      url: `https://forum.example.cn/t/${2001 + i}`,
    })),
    { id: 'post-3001', text: '今天天气很好，一起去爬山吧。', service: 'forum', publisher: 'u_9900' },
  ];
  const results = screening.screen(demoActor, items);
  await screening.flush();
  let n = 1 + results.filter((r) => r.reviewId || r.disposalId).length;
  const held = results.find((r) => r.reviewId);
  if (held) {
    await screening.decide(demoActor, held.reviewId!, {
      decision: 'remove',
      note: 'Confirmed on review',
      category: 'other',
    });
    n += 1;
  }
  const blocked = results.filter((r) => r.disposalId).map((r) => r.disposalId!);
  const now = ctx.clock.now();
  if (blocked[0]) {
    await screening.recordReport(demoActor, {
      ids: [blocked[0]],
      recipient: 'cac',
      reportedAt: now.toISOString(),
      reference: 'DEMO-2026-001',
    });
    await screening.confirmDeletion(demoActor, blocked[0], { note: 'Deleted by the platform' });
    n += 2;
  }
  // Found by staff three hours ago, the platform never confirmed the deletion: overdue.
  await screening.recordDisposal(demoActor, {
    text: '客服发现的违法信息：冒充客服退款，要求提供验证码。',
    category: 'fraud',
    itemId: 'post-0999',
    service: 'forum',
    publisher: 'u_6600',
    detectedAt: new Date(now.getTime() - 3 * HOUR).toISOString(),
    requestDeletion: false,
  });
  return n + 1;
}
