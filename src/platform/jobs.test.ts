import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers.js';
import type { Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { startJobs, type Jobs } from './jobs.js';
import { migrations } from '../migrations.js';

describeEachDatabase('background jobs on pg-boss', (ctx) => {
  let database: Database;
  let jobs: Jobs;
  const received: object[] = [];
  before(async () => {
    database = await ctx().open();
    await migrateToLatest(database, migrations);
    jobs = await startJobs(
      database,
      [
        { name: 'test.echo', handler: async (data) => void received.push(data) },
        { name: 'test.cron', cron: '*/5 * * * *', handler: async () => {} },
      ],
      (err) => assert.fail(err),
      { pollingIntervalSeconds: 0.5 },
    );
  });
  after(async () => {
    await jobs?.stop();
    await database?.close();
    await ctx().dispose();
  });

  it('a job sent to a queue is run by its worker', async () => {
    await jobs.send('test.echo', { hello: '你好' });
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(received, [{ hello: '你好' }]);
  });

  it('a task with a schedule is kept in the database, once, across a restart', async () => {
    const schedules = async () =>
      (await database.executeSql("select name, cron from pgboss.schedule where name = 'test.cron'")).rows;
    assert.deepEqual(await schedules(), [{ name: 'test.cron', cron: '*/5 * * * *' }]);
    await jobs.stop();
    jobs = await startJobs(
      database,
      [{ name: 'test.cron', cron: '*/5 * * * *', handler: async () => {} }],
      (err) => assert.fail(err),
      { pollingIntervalSeconds: 0.5 },
    );
    assert.deepEqual(await schedules(), [{ name: 'test.cron', cron: '*/5 * * * *' }]);
  });
});
