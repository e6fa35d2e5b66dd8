import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../platform/errors.js';
import { loadLogvaultCatalog } from './catalog-io.js';
import { DEFAULT_MIN_FREE_BYTES, logvaultSettings } from './settings.js';

const rules = loadLogvaultCatalog().retention;
const section = logvaultSettings(rules);

describe('log vault settings', () => {
  it('defaults: the catalogue’s policy (185 days) and 256 MiB of free space', () => {
    assert.deepEqual(section.read({}), {
      policyDays: 185,
      minFreeBytes: DEFAULT_MIN_FREE_BYTES,
      listen: { udp: null, tcp: null, tls: null },
    });
  });

  it('the policy can be raised, never set below the longest six calendar months', () => {
    assert.equal(section.read({ WANGAN_LOGVAULT_POLICY_DAYS: '400' }).policyDays, 400);
    assert.equal(section.read({ WANGAN_LOGVAULT_POLICY_DAYS: '184' }).policyDays, 184);
    for (const bad of ['183', '180', 'six months', '-1', '190.5']) {
      assert.throws(
        () => section.read({ WANGAN_LOGVAULT_POLICY_DAYS: bad }),
        (err: unknown) =>
          err instanceof AppError &&
          err.field === 'WANGAN_LOGVAULT_POLICY_DAYS' &&
          /不少于184天/.test(err.messages.zh),
        bad,
      );
    }
  });

  it('the free-space floor is a number of bytes', () => {
    assert.equal(section.read({ WANGAN_LOGVAULT_MIN_FREE_BYTES: '0' }).minFreeBytes, 0);
    assert.throws(
      () => section.read({ WANGAN_LOGVAULT_MIN_FREE_BYTES: '1GB' }),
      /WANGAN_LOGVAULT_MIN_FREE_BYTES/,
    );
  });

  it('syslog listeners: off unless set; a bare port binds every IPv4 address, host:port binds that host', () => {
    const l = section.read({
      WANGAN_LOGVAULT_UDP: '514',
      WANGAN_LOGVAULT_TCP: '127.0.0.1:6514',
      WANGAN_LOGVAULT_TLS: '[::1]:6515',
      WANGAN_LOGVAULT_TLS_CERT: '/etc/wangan/syslog.crt',
      WANGAN_LOGVAULT_TLS_KEY: '/etc/wangan/syslog.key',
    }).listen;
    assert.deepEqual(l, {
      udp: { host: '0.0.0.0', port: 514 },
      tcp: { host: '127.0.0.1', port: 6514 },
      tls: { host: '::1', port: 6515, certFile: '/etc/wangan/syslog.crt', keyFile: '/etc/wangan/syslog.key' },
    });
    assert.deepEqual(section.read({ WANGAN_LOGVAULT_TCP: '' }).listen?.tcp, null);
    for (const bad of ['65536', 'syslog', '10.0.0.1:', ':514', '514/udp', '1.2.3.4:5:6'])
      assert.throws(
        () => section.read({ WANGAN_LOGVAULT_UDP: bad }),
        (err: unknown) =>
          err instanceof AppError && err.field === 'WANGAN_LOGVAULT_UDP' && /端口号/.test(err.messages.zh),
        bad,
      );
  });

  it('TLS without its certificate or key is an error naming the missing variable', () => {
    assert.throws(
      () => section.read({ WANGAN_LOGVAULT_TLS: '6514', WANGAN_LOGVAULT_TLS_KEY: '/k.pem' }),
      (err: unknown) =>
        err instanceof AppError &&
        err.field === 'WANGAN_LOGVAULT_TLS_CERT' &&
        /WANGAN_LOGVAULT_TLS_CERT/.test(err.messages.zh),
    );
    assert.throws(
      () => section.read({ WANGAN_LOGVAULT_TLS: '6514', WANGAN_LOGVAULT_TLS_CERT: '/c.pem' }),
      (err: unknown) => err instanceof AppError && err.field === 'WANGAN_LOGVAULT_TLS_KEY',
    );
  });
});
