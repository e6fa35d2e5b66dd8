import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

describeEachDatabase('law texts through the API', (ctx) => {
  const get = useTestApp(ctx);

  it('imports a text, stores its articles and integrity report, and replaces it on re-import', async () => {
    const t = get();
    const auth = { authorization: `Bearer ${t.tokens.compliance_officer}` };
    // A fixture whose article count is made to match CSL 2016 is not needed: the version is named explicitly.
    const res = await t.inject({
      method: 'POST',
      url: '/api/law/texts',
      headers: auth,
      payload: { content: fixture('running-zh.txt'), source: 'fixture-zh', law: 'csl', version: 'csl2016' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.version, 'csl2016');
    assert.equal(body.articles, 10);
    assert.ok(
      body.defects.some((d: { kind: string; article: number }) => d.kind === 'missing' && d.article === 10),
    );
    assert.ok(body.defects.some((d: { kind: string }) => d.kind === 'count_mismatch'));

    const again = await t.inject({
      method: 'POST',
      url: '/api/law/texts',
      headers: auth,
      payload: { content: fixture('running-zh.txt'), source: 'fixture-zh', version: 'csl2016', law: 'csl' },
    });
    assert.equal(again.statusCode, 201);
    const list = await t.inject({
      method: 'GET',
      url: '/api/law/texts',
      headers: { authorization: `Bearer ${t.tokens.auditor}` },
    });
    const texts = list.json().texts as { id: number; version: string; articleCount: number }[];
    assert.equal(texts.filter((x) => x.version === 'csl2016').length, 1, 'one text per version and source');

    const one = await t.inject({ method: 'GET', url: `/api/law/texts/${texts[0]!.id}`, headers: auth });
    assert.equal(one.json().articles.length, 10);
    assert.equal(one.json().articles[3].zh[0].items.length, 3);
  });

  it('shows an article across versions through the article map', async () => {
    const t = get();
    const auth = { authorization: `Bearer ${t.tokens.moderator}` };
    const res = await t.inject({
      method: 'GET',
      url: '/api/law/articles/csl/5?numbering=csl2016',
      headers: auth,
    });
    assert.equal(res.statusCode, 200, res.body);
    const view = res.json();
    assert.deepEqual(view.numbers.csl2016, ['5']);
    assert.deepEqual(view.numbers.csl2025, ['6'], '2016 Arts 3-18 move up by one');
    assert.equal(view.texts[0].number, 5);
    const newer = await t.inject({ method: 'GET', url: '/api/law/articles/csl/3', headers: auth });
    assert.deepEqual(newer.json().numbers.csl2016, []);
    assert.match(newer.json().notes[0].en, /new in the 2025 amendment/);
    const beyond = await t.inject({ method: 'GET', url: '/api/law/articles/csl/90', headers: auth });
    assert.equal(beyond.statusCode, 404);
  });

  it('word diff between two versions from one source', async () => {
    const t = get();
    const auth = { authorization: `Bearer ${t.tokens.admin}` };
    const v2016 =
      '第一条　为了规范示例网络，制定本法。\n第二条　网络运营者应当保存日志不少于三个月。\n第三条　本法自2017年6月1日起施行。';
    const v2025 =
      '第一条　为了规范示例网络，制定本法。\n第二条　网络运营者应当保存日志不少于六个月。\n第三条　本法自2026年1月1日起施行。';
    for (const [content, version] of [
      [v2016, 'csl2016'],
      [v2025, 'csl2025'],
    ]) {
      const r = await t.inject({
        method: 'POST',
        url: '/api/law/texts',
        headers: auth,
        payload: { content, version, law: 'csl', source: 'same-publisher' },
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    // 2016 Art 2 and 2025 Art 2 are the same article (Arts 1-2 keep their numbers).
    const res = await t.inject({ method: 'GET', url: '/api/law/articles/csl/2', headers: auth });
    const diff = res
      .json()
      .diffs.find((d: { lang: string; source: string }) => d.lang === 'zh' && d.source === 'same-publisher');
    assert.ok(diff, 'a word diff for the shared source');
    assert.deepEqual(
      diff.parts
        .filter((p: { op: string }) => p.op !== 'same')
        .map((p: { op: string; text: string }) => `${p.op}:${p.text}`),
      ['removed:三', 'added:六'],
    );
  });

  it('refuses an import by a role that may not, and a text without articles', async () => {
    const t = get();
    const denied = await t.inject({
      method: 'POST',
      url: '/api/law/texts',
      headers: { authorization: `Bearer ${t.tokens.moderator}` },
      payload: { content: 'x', source: 'x' },
    });
    assert.equal(denied.statusCode, 403);
    const empty = await t.inject({
      method: 'POST',
      url: '/api/law/texts',
      headers: { authorization: `Bearer ${t.tokens.admin}` },
      payload: { content: 'no statute here', source: 'junk' },
    });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.code, 'validation_failed');
    assert.match(empty.json().error.message, /No articles found/);
  });
});

describeEachDatabase('law import under load', (ctx) => {
  // Health checks are public and rate-limited per address; this suite sends a few dozen.
  const get = useTestApp(ctx, { config: { anonymousRateLimit: 1000 } });

  it('imports a text of 30,000 articles (inserted in batches under the parameter limit)', async () => {
    const t = get();
    const auth = { authorization: `Bearer ${t.tokens.compliance_officer}` };
    const content = Array.from(
      { length: 30_000 },
      (_, i) => `第${i + 1}条 本法规定的第${i + 1}项义务。`,
    ).join('\n');
    const res = await t.inject({
      method: 'POST',
      url: '/api/law/texts',
      headers: auth,
      payload: { content, source: 'thirty-thousand', law: 'csl', version: 'csl2016' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().articles, 30_000);
    const one = await t.inject({ method: 'GET', url: `/api/law/texts/${res.json().textId}`, headers: auth });
    const articles = one.json().articles as { number: number; zh: { text: string }[] }[];
    assert.equal(articles.length, 30_000, 'every article is stored');
    assert.equal(articles[29_999]!.number, 30_000);
    assert.equal(articles[29_999]!.zh[0]!.text, '本法规定的第30000项义务。');
  });

  it('answers other requests within 200 ms while it reads a 1 MB text', async () => {
    const t = get();
    const auth = { authorization: `Bearer ${t.tokens.admin}` };
    // The text (an article, then a run of spaces), at 1 MB: minutes of regular-expression work before.
    const content = `Article 1 This Law.${' '.repeat(1_000_000)}\nArticle 2 B.\nArticle 3 This Law comes into force on June 1, 2017.`;
    let pending = true;
    const importing = t
      .inject({
        method: 'POST',
        url: '/api/law/texts',
        headers: auth,
        payload: { content, source: 'spaces', law: 'csl', version: 'csl2016' },
      })
      .finally(() => {
        pending = false;
      });
    const waits: number[] = [];
    let answeredMeanwhile = 0;
    while (pending) {
      const start = performance.now();
      const health = await t.inject({ method: 'GET', url: '/api/health' });
      waits.push(performance.now() - start);
      assert.equal(health.statusCode, 200, health.body);
      if (pending) answeredMeanwhile++;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const res = await importing;
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().articles, 3);
    assert.ok(answeredMeanwhile >= 1, 'health was asked while the import ran');
    assert.ok(Math.max(...waits) < 200, `health answered in ${waits.map((w) => w.toFixed(0)).join(', ')} ms`);
  });
});
