import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../../test/helpers.js';
import { issueZh } from '../validation-text.js';

/** Latin-script words (two letters or more): what a Chinese sentence should not carry. */
const latinWord = /[A-Za-z]{2,}/;

describeEachDatabase("errors in the user's language", (ctx) => {
  const get = useTestApp(ctx);
  const admin = () => ({ authorization: `Bearer ${get().tokens.admin}` });

  const conflict = (headers: Record<string, string>) =>
    get().inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...admin(), ...headers },
      payload: { username: 'admin', role: 'auditor', password: 'long enough passphrase' },
    });

  it('a conflict answers in Chinese for Accept-Language zh-CN or x-wangan-lang zh, English otherwise', async () => {
    for (const headers of <Record<string, string>[]>[
      { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' },
      { 'x-wangan-lang': 'zh' },
    ]) {
      const res = await conflict(headers);
      assert.equal(res.statusCode, 409, res.body);
      const error = res.json().error;
      assert.equal(error.code, 'conflict');
      assert.equal(error.message, '用户名“admin”已被使用。');
      assert.equal(error.messages.zh, error.message);
      assert.equal(error.messages.en, 'A user named "admin" already exists.');
      assert.equal(error.field, 'username');
    }
    for (const headers of <Record<string, string>[]>[
      {},
      { 'accept-language': 'en-GB' },
      { 'x-wangan-lang': 'en', 'accept-language': 'zh-CN' },
    ]) {
      const error = (await conflict(headers)).json().error;
      assert.equal(error.message, 'A user named "admin" already exists.', JSON.stringify(headers));
    }
  });

  it('a zod validation failure: a Chinese message per issue, and the one field at fault', async () => {
    const res = await get().inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...admin(), 'x-wangan-lang': 'zh' },
      payload: { username: 'new.person', role: 'auditor', password: 'short' },
    });
    assert.equal(res.statusCode, 400, res.body);
    const error = res.json().error;
    assert.equal(error.code, 'validation_failed');
    assert.equal(error.field, 'password');
    assert.equal(error.message, '提交的内容有误：/password 长度应不少于 10 个字符。');
    assert.match(error.messages.en, /^Invalid body: \/password Too small/);
    assert.deepEqual(
      error.details.map((d: { path: string; messages: { zh: string } }) => [d.path, d.messages.zh]),
      [['/password', '长度应不少于 10 个字符。']],
    );
  });

  it('several fields at fault: no single field, each issue in Chinese', async () => {
    const res = await get().inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...admin(), 'accept-language': 'zh-CN' },
      payload: { role: 'nobody', password: 'long enough passphrase' },
    });
    assert.equal(res.statusCode, 400, res.body);
    const error = res.json().error;
    assert.equal(error.field, undefined);
    const zh = error.details.map((d: { messages: { zh: string } }) => d.messages.zh);
    assert.ok(zh.includes('此项为必填项。'), zh.join(' | '));
    assert.ok(
      zh.some((m: string) => m.startsWith('取值无效，应为以下之一')),
      zh.join(' | '),
    );
  });

  it('a refusal the service makes (a go-live date missing) names its field, in Chinese', async () => {
    const res = await get().inject({
      method: 'POST',
      url: '/api/governance/mlps/systems',
      headers: { ...admin(), 'x-wangan-lang': 'zh' },
      payload: {
        name: 'New portal',
        stage: 'new',
        gradedOn: '2026-01-05',
        businessInformation: { object: 'citizens', harm: 'general' },
        systemService: { object: 'citizens', harm: 'general' },
      },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.field, 'wentLiveOn');
    assert.doesNotMatch(res.json().error.message, latinWord);
  });

  it('framework errors (bad JSON, unknown route) answer in Chinese too', async () => {
    const bad = await get().inject({
      method: 'POST',
      url: '/api/users',
      headers: { ...admin(), 'content-type': 'application/json', 'x-wangan-lang': 'zh' },
      payload: '{"username":',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'invalid_json');
    assert.equal(bad.json().error.message, '提交的内容不是有效的 JSON。');
    const none = await get().inject({
      method: 'GET',
      url: '/api/no-such-thing',
      headers: { 'accept-language': 'zh-CN' },
    });
    assert.equal(none.statusCode, 404);
    assert.match(none.json().error.message, /^没有这个接口/);
  });
});

describe('Chinese sentences for validation issues', () => {
  it('carry no type names or English words', () => {
    const issues = [
      {
        code: 'invalid_type',
        expected: 'string',
        message: 'Invalid input: expected string, received undefined',
      },
      {
        code: 'invalid_type',
        expected: 'number',
        message: 'Invalid input: expected number, received string',
      },
      { code: 'too_small', origin: 'string', minimum: 1, inclusive: true, message: '' },
      { code: 'too_big', origin: 'string', maximum: 100, inclusive: true, message: '' },
      { code: 'too_small', origin: 'number', minimum: 0, inclusive: true, message: '' },
      { code: 'too_big', origin: 'array', maximum: 5, inclusive: true, message: '' },
      { code: 'invalid_format', format: 'email', message: '' },
      { code: 'invalid_format', format: 'regex', message: '' },
      { code: 'invalid_union', message: '' },
      { code: 'custom', message: 'at least one citation' },
    ];
    for (const i of issues) assert.doesNotMatch(issueZh(i), latinWord, `${i.code}: ${issueZh(i)}`);
    assert.equal(issueZh(issues[0]!), '此项为必填项。');
    assert.equal(issueZh(issues[2]!), '不能为空。');
    assert.equal(issueZh(issues[3]!), '长度应不超过 100 个字符。');
    assert.equal(
      issueZh({
        code: 'invalid_format',
        format: 'regex',
        message: 'letters, digits, dot, underscore and hyphen only',
      }),
      '只能包含字母、数字、点、下划线和连字符。',
      "a schema's own sentence has its Chinese",
    );
  });
});
