import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { webhookRequest } from './formats.js';

const m = {
  title: 'wangan: 2 duties overdue',
  markdown: '### 2 duties overdue\n- MLPS filing',
  text: '2 duties overdue: MLPS filing',
};
const now = new Date('2026-03-02T01:00:00Z');

describe('robot webhook formats', () => {
  it('DingTalk: markdown, signed with timestamp and HMAC in the URL', () => {
    const r = webhookRequest(
      'dingtalk',
      'https://oapi.dingtalk.com/robot/send?access_token=abc',
      'SECxyz',
      m,
      now,
    );
    const u = new URL(r.url);
    assert.equal(u.searchParams.get('access_token'), 'abc');
    assert.equal(u.searchParams.get('timestamp'), String(now.getTime()));
    const expected = crypto
      .createHmac('sha256', 'SECxyz')
      .update(`${now.getTime()}\nSECxyz`)
      .digest('base64');
    assert.equal(u.searchParams.get('sign'), expected);
    assert.deepEqual(r.body, { msgtype: 'markdown', markdown: { title: m.title, text: m.markdown } });
  });

  it('WeCom: markdown content, no signature', () => {
    const r = webhookRequest('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', null, m, now);
    assert.deepEqual(r.body, { msgtype: 'markdown', markdown: { content: m.markdown } });
  });

  it('Feishu: text, signed in the body when a secret is set', () => {
    const r = webhookRequest('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/x', 's3cret', m, now);
    assert.equal(r.body.msg_type, 'text');
    assert.equal(r.body.timestamp, String(now.getTime() / 1000));
    assert.equal(
      r.body.sign,
      crypto
        .createHmac('sha256', `${now.getTime() / 1000}\ns3cret`)
        .update('')
        .digest('base64'),
    );
    assert.equal(webhookRequest('feishu', 'https://x', null, m, now).body.sign, undefined);
  });
});
