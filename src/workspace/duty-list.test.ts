import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';

type Role = 'admin' | 'compliance_officer' | 'security_officer' | 'auditor';
type Duty = {
  id: string;
  title: { zh: string; en: string };
  status: string;
  chapter: string;
  citations: Record<string, string[] | undefined>;
  nextDue: string | null;
  owner: string | null;
  recurrence: { kind: string };
};
type Page = { duties: Duty[]; next: string | null; total: number };

const rank: Record<string, number> = { overdue: 4, missing: 3, due_soon: 2, met: 1, not_applicable: 0 };

describeEachDatabase('workspace duties list: words, filters, order and pages on the server', (ctx) => {
  const get = useTestApp(ctx);
  const as = (role: Role, lang = 'en') => ({
    authorization: `Bearer ${get().tokens[role]}`,
    'x-wangan-lang': lang,
  });
  const list = async (q: string, lang = 'en') => {
    const r = await get().inject({
      method: 'GET',
      url: `/api/workspace/duties?${q}`,
      headers: as('auditor', lang),
    });
    assert.equal(r.statusCode, 200, r.body);
    return r.json() as Page;
  };
  /** Every page of a query, following `next`. */
  const all = async (q: string, limit: number, lang = 'en') => {
    const out: Duty[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(`${q}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, lang);
      assert.ok(page.duties.length <= limit);
      out.push(...page.duties);
      cursor = page.next;
      pages++;
    } while (cursor);
    assert.ok(pages > 1, `${q} took more than one page`);
    return out;
  };
  let everyDuty: Duty[] = [];

  before(async () => {
    const t = get();
    everyDuty = (await list('limit=500')).duties;
    // Variety: two owners, a duty met by reviewed evidence, one overdue on old evidence, one not applicable.
    const periodic = everyDuty.filter((x) => x.recurrence.kind !== 'event');
    const [c, e] = periodic;
    const [a, b, d] = everyDuty.filter((x) => x !== c && x !== e && x.status !== 'not_applicable');
    for (const [duty, username] of [
      [a!, 'security_officer'],
      [b!, 'security_officer'],
      [c!, 'compliance_officer'],
    ] as const) {
      const r = await t.inject({
        method: 'PUT',
        url: `/api/workspace/${duty.id}/owner`,
        headers: as('compliance_officer'),
        payload: { username },
      });
      assert.equal(r.statusCode, 204, r.body);
    }
    const evidence = async (duty: Duty, occurredAt?: string) => {
      const submitted = await t.inject({
        method: 'POST',
        url: `/api/workspace/${duty.id}/submissions`,
        headers: as('security_officer'),
        payload: { summary: 'done', ...(occurredAt ? { occurredAt } : {}) },
      });
      assert.equal(submitted.statusCode, 201, submitted.body);
      const reviewed = await t.inject({
        method: 'POST',
        url: `/api/workspace/submissions/${submitted.json().id}/review`,
        headers: as('compliance_officer'),
        payload: { approve: true },
      });
      assert.equal(reviewed.statusCode, 200, reviewed.body);
    };
    await evidence(c!);
    await evidence(e!, new Date(Date.now() - 3 * 365 * 86_400_000).toISOString());
    const na = await t.inject({
      method: 'POST',
      url: `/api/workspace/${d!.id}/applicability`,
      headers: as('compliance_officer'),
      payload: { applicable: false, justification: 'We run no such system at all.' },
    });
    assert.equal(na.statusCode, 201, na.body);
    everyDuty = (await list('limit=500')).duties;
  });

  it('finds duties by a word of the Chinese or the English title, or by the id', async () => {
    const mlps = everyDuty.filter((d) => d.title.zh.includes('等级保护'));
    assert.ok(mlps.length > 0 && mlps.length < everyDuty.length, 'some duties, not all, are about 等级保护');
    const zh = await list(`q=${encodeURIComponent('等级保护')}`);
    assert.deepEqual(
      zh.duties.map((d) => d.id),
      mlps.map((d) => d.id),
    );
    assert.equal(zh.total, mlps.length);

    const one = everyDuty[5]!;
    const word = one.title.en.split(' ').find((w) => w.length > 5)!;
    const en = await list(`q=${encodeURIComponent(word.toUpperCase())}`);
    assert.ok(
      en.duties.some((d) => d.id === one.id),
      `"${word}" finds ${one.id} whatever its case`,
    );
    assert.ok(
      en.duties.every((d) =>
        `${d.title.en} ${d.title.zh} ${d.id}`.toLowerCase().includes(word.toLowerCase()),
      ),
    );

    const byId = await list(`q=${encodeURIComponent(one.id)}`);
    assert.ok(byId.duties.some((d) => d.id === one.id));
    const none = await list(`q=${encodeURIComponent('没有这样的义务')}`);
    assert.deepEqual(none, { duties: [], next: null, total: 0 });
  });

  it('narrows by status, owner, chapter and statute', async () => {
    for (const status of ['met', 'overdue', 'not_applicable', 'missing']) {
      const page = await list(`status=${status}`);
      assert.ok(page.duties.length > 0, `some duty is ${status}`);
      assert.deepEqual(
        page.duties.map((d) => d.id),
        everyDuty.filter((d) => d.status === status).map((d) => d.id),
      );
    }
    const owned = await list('owner=SECURITY_OFFICER');
    assert.equal(owned.total, 2, 'the owner is matched whatever its case');
    assert.ok(owned.duties.every((d) => d.owner === 'security_officer'));

    const chapters = [...new Set(everyDuty.map((d) => d.chapter))];
    assert.ok(chapters.length > 1);
    const chapter = await list(`chapter=${encodeURIComponent(chapters[1]!)}&limit=500`);
    assert.deepEqual(
      chapter.duties.map((d) => d.id),
      everyDuty.filter((d) => d.chapter === chapters[1]).map((d) => d.id),
    );

    const cii = everyDuty.filter((d) => d.citations.cii2021?.length);
    assert.ok(cii.length > 0 && cii.length < everyDuty.length);
    const statute = await list('statute=cii2021&limit=500');
    assert.deepEqual(
      statute.duties.map((d) => d.id),
      cii.map((d) => d.id),
    );
    // Filters together.
    const both = await list('owner=security_officer&status=met');
    assert.equal(both.total, 0, 'neither of the security officer’s duties is met');

    const bad = await get().inject({
      method: 'GET',
      url: '/api/workspace/duties?status=fine',
      headers: as('auditor', 'zh'),
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.field, 'status');
  });

  it('sorts by the law, due date, severity, title and id, each order holding across pages', async () => {
    const ids = (ds: Duty[]) => ds.map((d) => d.id);
    assert.deepEqual(ids(await all('sort=law', 9)), ids(everyDuty), 'the default is the order of the law');

    const idAsc = await all('sort=id_asc', 9);
    assert.deepEqual(ids(idAsc), ids(everyDuty).sort());
    assert.deepEqual(ids(await all('sort=id_desc', 9)), ids(everyDuty).sort().reverse());

    const dueAsc = await all('sort=due_asc', 7);
    assert.equal(dueAsc.length, everyDuty.length);
    const dated = dueAsc.filter((d) => d.nextDue);
    assert.ok(dated.length > 1 && dated.length < dueAsc.length, 'some duties have a next deadline, some not');
    assert.deepEqual(dueAsc.slice(0, dated.length), dated, 'the undated ones come last');
    assert.deepEqual(
      dated.map((d) => d.nextDue),
      dated.map((d) => d.nextDue).sort(),
    );
    const dueDesc = await all('sort=due_desc', 7);
    assert.deepEqual(
      dueDesc.filter((d) => d.nextDue).map((d) => d.nextDue),
      dated.map((d) => d.nextDue).reverse(),
    );
    assert.equal(dueDesc.at(-1)!.nextDue, null, 'undated last that way too');

    const worst = await all('sort=severity_desc', 8);
    assert.equal(new Set(ids(worst)).size, everyDuty.length, 'every duty once');
    const ranks = worst.map((d) => rank[d.status]!);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => b - a),
    );
    assert.equal(worst.at(-1)!.status, 'not_applicable');
    const mildest = await all('sort=severity_asc', 8);
    assert.equal(mildest[0]!.status, 'not_applicable');

    const zh = new Intl.Collator('zh-CN', { numeric: true });
    const titleZh = await all('sort=title_asc', 10, 'zh');
    assert.deepEqual(
      titleZh.map((d) => d.title.zh),
      everyDuty.map((d) => d.title.zh).sort(zh.compare),
      'titles in the request language, in Chinese collation',
    );
    const en = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    const titleEn = await all('sort=title_desc', 10);
    assert.deepEqual(
      titleEn.map((d) => d.title.en),
      everyDuty
        .map((d) => d.title.en)
        .sort(en.compare)
        .reverse(),
    );

    // Filters and order hold across pages.
    const missing = await all('status=missing&sort=title_asc', 5);
    assert.ok(missing.every((d) => d.status === 'missing'));
    assert.equal(missing.length, everyDuty.filter((d) => d.status === 'missing').length);
  });

  it('refuses a cursor of another order, naming the cursor in both languages, and an order not on the list', async () => {
    const first = await list('sort=due_asc&limit=3');
    assert.ok(first.next);
    const r = await get().inject({
      method: 'GET',
      url: `/api/workspace/duties?sort=id_asc&limit=3&cursor=${first.next}`,
      headers: as('auditor', 'zh'),
    });
    assert.equal(r.statusCode, 400, r.body);
    const error = r.json().error;
    assert.equal(error.field, 'cursor');
    assert.match(error.messages.zh, /翻页位置/);
    assert.match(error.messages.en, /another sort order/);
    assert.equal(error.message, error.messages.zh, 'in the request language');

    // A title cursor carries its language too: the titles sort otherwise in the other one.
    const zhPage = await list('sort=title_asc&limit=3', 'zh');
    const en = await get().inject({
      method: 'GET',
      url: `/api/workspace/duties?sort=title_asc&limit=3&cursor=${zhPage.next}`,
      headers: as('auditor', 'en'),
    });
    assert.equal(en.statusCode, 400);
    assert.equal(en.json().error.field, 'cursor');

    const sql = await get().inject({
      method: 'GET',
      url: '/api/workspace/duties?sort=title;drop table users',
      headers: as('auditor'),
    });
    assert.equal(sql.statusCode, 400);
    assert.equal(sql.json().error.field, 'sort');
    const junk = await get().inject({
      method: 'GET',
      url: '/api/workspace/duties?cursor=not-ours',
      headers: as('auditor'),
    });
    assert.equal(junk.statusCode, 400);
  });
});
