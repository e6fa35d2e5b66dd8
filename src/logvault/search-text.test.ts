import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
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

describeEachDatabase('log vault with a damaged segment', (ctx) => {
  const clock = fixedClock(new Date('2026-03-01T02:00:00Z'));
  const get = useTestApp(ctx, { clock });

  it('a search over it is refused naming it (not an empty answer, not a 500); the days after it are still sealed', async () => {
    const t = get();
    const svc = t.app.services.logvault;
    // Three blocks on 1 March, one on 2 March (a new day closes the segment of the day before).
    for (const m of ['first', 'second', 'third'])
      await svc.ingest(officer, [{ host: 'fw-01', message: `1 March ${m}` }], null);
    clock.set(new Date('2026-03-02T02:00:00Z'));
    await svc.ingest(officer, [{ host: 'fw-01', message: '2 March' }], null);
    const file = path.join(svc.vault.dir, 'segments', '2026-03-01.0001.seg');
    const bytes = fs.readFileSync(file);
    // The first block's payload changed: blocks after it are whole, so this is damage, not a torn tail.
    bytes[32 + 48 + 2] = bytes[32 + 48 + 2]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    fs.rmSync(file.replace(/\.seg$/, '.idx'), { force: true });

    const res = await t.inject({
      method: 'GET',
      url: '/api/logvault/events?q=march',
      headers: { authorization: `Bearer ${t.tokens.security_officer}` },
    });
    assert.equal(res.statusCode, 503, res.body);
    const error = (res.json() as { error: { details: { reason: string }; messages: { en: string } } }).error;
    assert.equal(error.details.reason, 'segment_damaged');
    assert.match(error.messages.en, /2026-03-01\.0001 is damaged/);
    // A search of 2 March alone still answers.
    const later = await svc.search(
      officer,
      { from: new Date('2026-03-01T16:00:00Z') },
      { path: '/api/logvault/events' },
    );
    assert.deepEqual(
      later.events.map((e) => e.message),
      ['2 March'],
    );
    // The damaged day cannot be sealed and stays overdue; the day after it is sealed all the same.
    clock.set(new Date('2026-03-03T02:00:00Z'));
    assert.deepEqual(
      (await svc.sealDays()).map((d) => d.date),
      ['2026-03-02'],
    );
    const items = await svc.openItems();
    assert.ok(items.some((i) => i.entryId === 'seal-2026-03-01' && i.status === 'overdue'));
  });
});
