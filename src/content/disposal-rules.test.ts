import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DISPOSAL_EXCERPT_MAX } from '../../contract/content.js';
import { loadContentCatalog } from './catalog-io.js';
import { deletionBackoffMs, disposalClocks, excerptOf, obligationFor } from './disposal-rules.js';
import { readScreeningSettings } from './settings.js';

describe('disposal rules', () => {
  it('keeps a bounded excerpt around the first match, never splitting a surrogate pair', () => {
    const text = `${'😀'.repeat(300)}刷单返利${'😀'.repeat(300)}`;
    const start = 600;
    const e = excerptOf(text, [{ start }]);
    assert.ok(e.length <= DISPOSAL_EXCERPT_MAX, String(e.length));
    assert.ok(e.includes('刷单返利'));
    assert.ok(e.startsWith('…') && e.endsWith('…'));
    assert.ok(
      !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(e),
      'no lone surrogate',
    );
    assert.equal(excerptOf('短文本', []), '短文本');
    const tail = excerptOf(`${'a'.repeat(500)}诈骗`, [{ start: 500 }]);
    assert.ok(tail.endsWith('诈骗') && tail.length <= DISPOSAL_EXCERPT_MAX);
  });

  it('serves the messaging and app-store duties for the services declared as such', () => {
    const declared = { messagingServices: ['sms'], appStoreServices: ['appstore'] };
    assert.equal(obligationFor('sms', declared), 'csl.messaging-provider-duties');
    assert.equal(obligationFor('appstore', declared), 'csl.app-store-duties');
    assert.equal(obligationFor('forum', declared), 'csl.prohibited-content-disposal');
    assert.equal(obligationFor(null, declared), 'csl.prohibited-content-disposal');
  });

  it('counts the clocks from detection and backs off to an hour', () => {
    const c = disposalClocks(new Date('2026-05-04T02:00:00Z'), {
      deletionDue: 'PT1H',
      reportDue: 'P1D',
      retentionDays: 185,
    });
    assert.deepEqual(
      [c.deletionDueAt, c.reportDueAt, c.keepUntil].map((d) => d.toISOString()),
      ['2026-05-04T03:00:00.000Z', '2026-05-05T02:00:00.000Z', '2026-11-05T02:00:00.000Z'],
    );
    assert.deepEqual(
      [1, 2, 3, 7, 20].map(deletionBackoffMs),
      [60_000, 120_000, 240_000, 3_600_000, 3_600_000],
    );
  });
});

describe('screening settings', () => {
  const catalog = loadContentCatalog();
  it('defaults from the catalogue and marks what the environment overrides', () => {
    const s = readScreeningSettings({}, catalog);
    assert.deepEqual(
      [s.retentionDays, s.deletionDue, s.reportDue, s.deleteWebhook],
      [
        { value: 185, overridden: false },
        { value: 'PT1H', overridden: false },
        { value: 'P1D', overridden: false },
        null,
      ],
    );
    const o = readScreeningSettings(
      {
        WANGAN_CONTENT_DISPOSAL_RETENTION_DAYS: '365',
        WANGAN_CONTENT_DELETION_DUE: 'PT30M',
        WANGAN_CONTENT_APP_STORE_SERVICES: 'store,,apps ',
      },
      catalog,
    );
    assert.deepEqual(
      [o.retentionDays, o.deletionDue.value, o.appStoreServices],
      [{ value: 365, overridden: true }, 'PT30M', ['store', 'apps']],
    );
  });

  it('refuses a bad value naming the variable', () => {
    for (const [env, name] of [
      [{ WANGAN_CONTENT_DISPOSAL_RETENTION_DAYS: '0' }, 'WANGAN_CONTENT_DISPOSAL_RETENTION_DAYS'],
      [{ WANGAN_CONTENT_REPORT_DUE: '1 day' }, 'WANGAN_CONTENT_REPORT_DUE'],
      [{ WANGAN_CONTENT_DELETE_WEBHOOK: 'ftp://x' }, 'WANGAN_CONTENT_DELETE_WEBHOOK'],
      [
        { WANGAN_CONTENT_DELETE_WEBHOOK: 'https://platform.example.cn/delete' },
        'WANGAN_CONTENT_DELETE_SECRET',
      ],
    ] as const)
      assert.throws(
        () => readScreeningSettings(env, catalog),
        (e: Error & { field?: string }) => e.field === name && e.message.includes(name),
        name,
      );
  });
});
