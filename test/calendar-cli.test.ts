import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { cli, serve, stop, tmp } from './cli-helpers.js';

const year = (y: number, extra = '') => `
year: ${y}
reference: 国办发明电〔${y - 1}〕99号
notice:
  zh: 国务院办公厅关于${y}年部分节假日安排的通知
days_off:
  - ["${y}-01-01", "${y}-01-03"]
${extra}`;

describe('wangan calendar add / list', () => {
  const children: ChildProcess[] = [];
  after(async () => {
    for (const c of children) await stop(c);
  });

  it('adds a year from a YAML file, directly or through a running server with an admin token; refuses repeats and bad files', async () => {
    const data = tmp();
    assert.equal(
      (await cli(['init', '--data', data, '--admin', 'boss', '--password', 'boss-password-1'])).code,
      0,
    );
    const file = (name: string, text: string) => {
      const f = path.join(data, '..', `${path.basename(data)}-${name}.yaml`);
      fs.writeFileSync(f, text);
      return f;
    };

    const added = await cli(['calendar', 'add', file('2027', year(2027)), '--data', data]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added 2027 \(国办发明电〔2026〕99号\)/);
    const again = await cli(['calendar', 'add', file('2027', year(2027)), '--data', data]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /\[conflict\].*already holds 2027/);
    const bad = await cli([
      'calendar',
      'add',
      file('bad', year(2028, 'working_weekends: ["2028-01-04"]')),
      '--data',
      data,
    ]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /\/working_weekends\/0: 2028-01-04 is not a Saturday or Sunday/);
    const listed = await cli(['calendar', 'list', '--data', data]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /2026 {2}shipped/);
    assert.match(listed.stdout, /2027 {2}added by cli .*国办发明电〔2026〕99号/);
    assert.doesNotMatch(listed.stdout, /2028/);

    await cli([
      'user',
      'add',
      'officer',
      '--role',
      'compliance_officer',
      '--password',
      'officer-pass-1',
      '--data',
      data,
    ]);
    const adminToken = (
      await cli(['token', 'create', '--user', 'boss', '--scopes', 'read,write', '--data', data])
    ).stdout.trim();
    const officerToken = (
      await cli(['token', 'create', '--user', 'officer', '--scopes', 'read,write', '--data', data])
    ).stdout.trim();
    const server = await serve(['--data', data]);
    children.push(server.child);
    try {
      const locked = await cli(['calendar', 'add', file('2028', year(2028)), '--data', data]);
      assert.equal(locked.code, 2);
      assert.match(locked.stderr, /server is running/);
      const officer = await cli([
        'calendar',
        'add',
        file('2028', year(2028)),
        '--data',
        data,
        '--token',
        officerToken,
      ]);
      assert.notEqual(officer.code, 0);
      assert.match(officer.stderr, /\[forbidden\].*403/);
      const viaApi = await cli([
        'calendar',
        'add',
        file('2028', year(2028)),
        '--data',
        data,
        '--token',
        adminToken,
      ]);
      assert.equal(viaApi.code, 0, viaApi.stderr);
      const view = (await (
        await fetch(`${server.url}/api/calendar`, { headers: { authorization: `Bearer ${adminToken}` } })
      ).json()) as { years: { year: number; addedBy: string | null }[] };
      assert.deepEqual(
        view.years.filter((y) => y.addedBy).map((y) => [y.year, y.addedBy]),
        [
          [2027, 'cli'],
          [2028, 'boss'],
        ],
      );
      const trail = (await (
        await fetch(`${server.url}/api/audit-events?limit=50`, {
          headers: { authorization: `Bearer ${adminToken}` },
        })
      ).json()) as { events: { actor: string; action: string; detail: { year?: number } }[] };
      assert.deepEqual(
        trail.events
          .filter((e) => e.action === 'calendar.add_year' && e.detail.year)
          .map((e) => [e.actor, e.detail.year])
          .sort(),
        [
          ['boss', 2028],
          ['cli', 2027],
        ],
      );
    } finally {
      await stop(server.child);
    }
  });
});
