import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredEventView } from '../../contract/logvault.js';
import { fixedClock } from '../platform/clock.js';
import type { CapabilityModule } from '../platform/module.js';
import { modules } from '../modules.js';
import { describeEachDatabase, useTestApp } from '../../test/helpers.js';
import { logvaultModule } from './module.js';
import { fieldMatches } from './service.js';

const start = new Date('2026-03-01T02:00:00Z');
const withVault = modules.map((m) =>
  m.key === 'logvault' ? logvaultModule : m,
) as readonly CapabilityModule<object>[];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeEachDatabase('log vault export', (ctx) => {
  const clock = fixedClock(start);
  const get = useTestApp(ctx, { clock, modules: withVault });

  const exportUrl = (q: Record<string, string>) =>
    `/api/logvault/events/export?${new URLSearchParams(q).toString()}`;

  it('streams a search’s result as an attachment, NDJSON or CSV, and records the export in the audit trail', async () => {
    const t = get();
    const events = [
      ...Array.from({ length: 30 }, (_, i) => ({
        host: 'fw-01',
        severity: 4,
        message: `Blocked 10.0.0.${i} -> 8.8.8.8:53`,
      })),
      {
        host: 'web-02',
        severity: 6,
        message: 'user "zhang, san" =HYPERLINK("x") logged in',
        fields: { user: 'zhang' },
      },
      ...Array.from({ length: 5 }, (_, i) => ({ host: 'web-02', severity: 7, message: `debug ${i}` })),
    ];
    const posted = await t.inject({
      method: 'POST',
      url: '/api/logvault/events',
      headers: bearer(t.tokens.admin),
      payload: events,
    });
    assert.equal(posted.statusCode, 200, posted.body);
    const range = { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' };

    const nd = await t.inject({
      method: 'GET',
      url: exportUrl({ ...range, source: 'fw-01' }),
      headers: bearer(t.tokens.security_officer),
    });
    assert.equal(nd.statusCode, 200, nd.body);
    assert.match(nd.headers['content-type'] as string, /^application\/x-ndjson/);
    assert.equal(
      nd.headers['content-disposition'],
      'attachment; filename="wangan-logs-20260301T000000Z-20260302T000000Z.ndjson"',
    );
    const lines = nd.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { hostname: string; message: string });
    assert.equal(lines.length, 30);
    assert.ok(lines.every((l) => l.hostname === 'fw-01'));
    assert.equal(lines[7]!.message, 'Blocked 10.0.0.7 -> 8.8.8.8:53', 'in receive order');

    const csv = await t.inject({
      method: 'GET',
      url: exportUrl({ ...range, source: 'web-02', severity: '6', format: 'csv' }),
      headers: bearer(t.tokens.auditor),
    });
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(csv.headers['content-type'] as string, /^text\/csv/);
    assert.ok(
      csv.body.startsWith('\ufeffreceivedAt,source,hostname,app,severity,'),
      'BOM and the header row',
    );
    const rows = csv.body.slice(1).trimEnd().split('\r\n');
    assert.equal(rows.length, 2, 'the header and the one event of severity 6 or more severe');
    // A comma and quotes quoted, and a cell a spreadsheet would run (=...) neutralised.
    assert.ok(rows[1]!.includes(`"user ""zhang, san"" =HYPERLINK(""x"") logged in"`), rows[1]);
    assert.ok(rows[1]!.includes(',web-02,'));

    const trail = await t.inject({
      method: 'GET',
      url: '/api/audit-events?action=logvault.export&limit=10',
      headers: bearer(t.tokens.admin),
    });
    assert.equal(trail.statusCode, 200, trail.body);
    const rowsOfTrail = (
      trail.json() as { events: { actor: { username: string } | null; detail: Record<string, unknown> }[] }
    ).events;
    assert.equal(rowsOfTrail.length, 2);
    const details = rowsOfTrail.map((r) => r.detail);
    assert.ok(details.some((d) => d.format === 'csv' && d.source === 'web-02' && d.severity === 6));
    assert.ok(details.some((d) => d.format === 'ndjson' && d.source === 'fw-01'));
  });

  it('cuts a file at the export limit with a last line naming the cursor, which the next export goes on from', async () => {
    const t = get();
    t.app.services.logvault.exportMax = 10;
    const range = { from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z', source: 'fw-01' };
    const first = await t.inject({ method: 'GET', url: exportUrl(range), headers: bearer(t.tokens.admin) });
    const lines = first.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 11);
    const cut = lines[10]! as { truncated: boolean; limit: number; next: string };
    assert.equal(cut.truncated, true);
    assert.equal(cut.limit, 10);
    const rest = await t.inject({
      method: 'GET',
      url: exportUrl({ ...range, cursor: cut.next }),
      headers: bearer(t.tokens.admin),
    });
    const more = rest.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; message: string });
    assert.equal(more.length, 11, 'ten more, and cut again');
    assert.equal(more[0]!.message, 'Blocked 10.0.0.10 -> 8.8.8.8:53', 'on from the cursor');
    const csv = await t.inject({
      method: 'GET',
      url: exportUrl({ ...range, format: 'csv' }),
      headers: bearer(t.tokens.admin),
    });
    const rows = csv.body.trimEnd().split('\r\n');
    assert.equal(rows.length, 12);
    assert.match(rows[11]!, /^# cut at 10 events/);
    t.app.services.logvault.exportMax = 1_000_000;
  });

  it('is refused to those who may not search the logs', async () => {
    const t = get();
    for (const role of ['moderator', 'compliance_officer', 'data_protection_officer'] as const) {
      const res = await t.inject({
        method: 'GET',
        url: exportUrl({ format: 'csv' }),
        headers: bearer(t.tokens[role]),
      });
      assert.equal(res.statusCode, 403, `${role}: ${res.body}`);
    }
    const bad = await t.inject({
      method: 'GET',
      url: exportUrl({ format: 'xlsx' }),
      headers: bearer(t.tokens.admin),
    });
    assert.equal(bad.statusCode, 400);
  });

  it('finds events by a field of the parsed event (field=key:value), in the search and the export', async () => {
    const t = get();
    const posted = await t.inject({
      method: 'POST',
      url: '/api/logvault/events',
      headers: bearer(t.tokens.admin),
      payload: [
        { host: 'vpn-01', message: 'login', fields: { user: 'li.si', geo: { city: 'Beijing' } } },
        { host: 'vpn-01', message: 'login li.si (as text only)', fields: { user: 'wang' } },
        { host: 'vpn-01', message: 'logout', fields: { user: 'li.si', geo: { city: 'Shanghai' } } },
      ],
    });
    assert.equal(posted.statusCode, 200, posted.body);
    const find = async (field: string) => {
      const res = await t.inject({
        method: 'GET',
        url: `/api/logvault/events?${new URLSearchParams({ source: 'vpn-01', field }).toString()}`,
        headers: bearer(t.tokens.security_officer),
      });
      assert.equal(res.statusCode, 200, res.body);
      return (res.json() as { events: { message: string }[] }).events.map((e) => e.message);
    };
    assert.deepEqual(await find('user:li.si'), ['login', 'logout'], 'the field, not the text');
    assert.deepEqual(await find('geo.city:Shanghai'), ['logout'], 'a dotted path into nested fields');
    assert.deepEqual(await find('user:LI.SI'), [], 'values compared exactly');
    const nd = await t.inject({
      method: 'GET',
      url: exportUrl({ source: 'vpn-01', field: 'user:wang' }),
      headers: bearer(t.tokens.admin),
    });
    assert.deepEqual(
      nd.body
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { message: string }).message),
      ['login li.si (as text only)'],
    );
    const bad = await t.inject({
      method: 'GET',
      url: '/api/logvault/events?field=novalue',
      headers: bearer(t.tokens.admin),
    });
    assert.equal(bad.statusCode, 400);
  });
});

describe('log vault field match', () => {
  const view = (fields: Record<string, unknown>) => ({ fields }) as unknown as StoredEventView;
  it('reads RFC 5424 structured data as sd-id.param, keys with dots as they stand, values as text', () => {
    const sd = view({
      'exampleSDID@32473': { iut: '3', eventSource: 'Application' },
      'meta.v1': { ip: '10.0.0.1' },
    });
    assert.ok(fieldMatches(sd, { path: 'exampleSDID@32473.iut', value: '3' }));
    assert.ok(fieldMatches(sd, { path: 'meta.v1.ip', value: '10.0.0.1' }));
    assert.ok(!fieldMatches(sd, { path: 'exampleSDID@32473', value: '3' }), 'an object is no value');
    assert.ok(!fieldMatches(sd, { path: 'exampleSDID@32473.nope', value: '3' }));
    const kv = view({ src: '10.1.2.3', 'dst.port': 443, cs1: null });
    assert.ok(fieldMatches(kv, { path: 'dst.port', value: '443' }));
    assert.ok(!fieldMatches(kv, { path: 'cs1', value: 'null' }));
    assert.ok(!fieldMatches(view({}), { path: 'src', value: '' }));
  });
});
