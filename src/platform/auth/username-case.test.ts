import assert from 'node:assert/strict';
import { it } from 'node:test';
import { migrations } from '../../migrations.js';
import { describeEachDatabase, TEST_PASSWORD, useTestApp } from '../../../test/helpers.js';
import { migrateToLatest } from '../db/migrate.js';

describeEachDatabase('usernames are case-insensitive', (ctx) => {
  const get = useTestApp(ctx);

  it('a second account differing only in case is refused; sign-in ignores case', async () => {
    const t = get();
    const admin = { authorization: `Bearer ${t.tokens.admin}` };
    const first = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'Wang.Li', role: 'moderator', password: TEST_PASSWORD },
    });
    assert.equal(first.statusCode, 201, first.body);
    const twin = await t.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { username: 'wang.li', role: 'admin', password: TEST_PASSWORD },
    });
    assert.equal(twin.statusCode, 409, twin.body);
    assert.equal(twin.json().error.code, 'conflict');
    const login = await t.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'WANG.LI', password: TEST_PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    assert.equal(login.json().user.username, 'Wang.Li');
  });

  it('two admins creating case twins at the same moment: one 201, one 409, never a 500', async () => {
    const t = get();
    const admin = { authorization: `Bearer ${t.tokens.admin}` };
    const create = (username: string) =>
      t.inject({
        method: 'POST',
        url: '/api/users',
        headers: admin,
        payload: { username, role: 'moderator', password: TEST_PASSWORD },
      });
    const codes = (await Promise.all([create('Zhao.Min'), create('zhao.min'), create('ZHAO.MIN')]))
      .map((r) => r.statusCode)
      .sort();
    assert.deepEqual(codes, [201, 409, 409]);
  });
});

describeEachDatabase('the username migration', (ctx) => {
  it('renames accounts that already differ only in case (oldest keeps its name) and says so in the audit trail', async () => {
    const database = await ctx().open();
    try {
      const before = Object.fromEntries(
        Object.entries(migrations).filter(([name]) => name < '0010-audit-noise-username-case'),
      );
      await migrateToLatest(database, before);
      for (const [i, name] of ['Zhang', 'zhang', 'ZHANG'].entries()) {
        await database.executeSql(
          `insert into users (id, username, display_name, role, password_hash, created_at)
           values ('u${i}', '${name}', '${name}', 'moderator', 'x', now() + interval '${i} minutes')`,
        );
      }
      await migrateToLatest(database, migrations);
      const users = await database.executeSql('select username from users order by id');
      assert.deepEqual(
        users.rows.map((r) => (r as { username: string }).username),
        ['Zhang', 'zhang.2', 'ZHANG.3'],
      );
      const audit = await database.executeSql(
        "select detail from audit_events where action = 'users.renamed' order by id",
      );
      assert.equal(audit.rows.length, 2);
      await assert.rejects(
        database.executeSql(
          "insert into users (id, username, display_name, role, password_hash) values ('u9', 'ZhAnG', 'x', 'moderator', 'x')",
        ),
        /unique|duplicate/i,
      );
    } finally {
      await database.close();
      await ctx().dispose();
    }
  });
});
