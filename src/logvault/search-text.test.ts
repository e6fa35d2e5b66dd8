import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Actor } from '../platform/auth/roles.js';
import { fixedClock } from '../platform/clock.js';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';

const officer: Actor = { userId: 'so', username: 'so', role: 'security_officer', via: 'session' };

describeEachDatabase('log vault text search', (ctx) => {
  const clock = fixedClock(new Date('2026-03-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock });

  it('finds what the console shows, quotes, backslashes and tabs included, in HTTP events and syslog lines', async () => {
    const svc = get().app.services.logvault;
    await svc.ingest(
      officer,
      [
        { host: 'pc-07', message: 'opened C:\\Users\\Alice\\budget.xlsx' },
        { host: 'pc-07', message: 'said "hi"\tand left' },
        { host: 'pc-07', message: 'nothing to see' },
      ],
      null,
    );
    await svc.ingestLines([
      {
        line: '<134>Mar  1 10:00:00 fw-01 filterlog: user="bob" path=C:\\temp',
        receivedAt: clock.now(),
        peer: '10.0.0.1',
        transport: 'udp',
      },
    ]);
    const find = async (q: string) =>
      (await svc.search(officer, { q }, { path: '/api/logvault/events' })).events.map((e) => e.message);
    assert.deepEqual(await find('c:\\users\\alice'), ['opened C:\\Users\\Alice\\budget.xlsx']);
    assert.deepEqual(await find('"hi"\tand'), ['said "hi"\tand left']);
    assert.deepEqual(await find('user="bob"'), ['user="bob" path=C:\\temp']);
    assert.deepEqual((await find('\\')).length, 2, 'a backslash alone: both lines that hold one');
    assert.deepEqual(await find('"bob" path=C:\\TEMP'), ['user="bob" path=C:\\temp']);
    assert.deepEqual(await find('\\\\'), [], 'two backslashes are in no message');
    assert.deepEqual(await find('message'), [], "the stored JSON's keys match nothing");
    assert.equal((await find('PC-07')).length, 3, 'the host an HTTP event names');
  });
});
