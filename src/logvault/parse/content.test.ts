import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cefToSyslog } from './content.js';
import { parseLine } from './index.js';

const receivedAt = new Date('2026-03-01T15:40:00Z');
const parse = (line: string, sourceZone?: string) =>
  parseLine(line, { receivedAt, ...(sourceZone ? { sourceZone } : {}) });

describe('key=value as firewalls send it', () => {
  const fortigate =
    '<189>date=2026-03-01 time=23:30:01 devname="FG100" devid="FG100ETK18000000" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=10.0.0.1 srcport=52144 srcintf="port1" dstip=93.184.216.34 dstport=443 action="deny" policyid=7 service="HTTPS" msg="blocked by policy 7"';

  it('keeps every pair, quoted values with their spaces, and takes the device time from date and time', () => {
    const e = parse(fortigate);
    assert.equal(e.format, 'kv');
    assert.equal(e.facility, 23);
    assert.equal(e.severity, 5);
    assert.equal(e.timestamp?.toISOString(), '2026-03-01T15:30:01.000Z'); // Beijing wall time
    assert.equal(e.hostname, 'FG100');
    assert.equal(e.message, fortigate.slice('<189>'.length));
    assert.deepEqual(e.fields, {
      date: '2026-03-01',
      time: '23:30:01',
      devname: 'FG100',
      devid: 'FG100ETK18000000',
      logid: '0000000013',
      type: 'traffic',
      subtype: 'forward',
      level: 'notice',
      vd: 'root',
      srcip: '10.0.0.1',
      srcport: '52144',
      srcintf: 'port1',
      dstip: '93.184.216.34',
      dstport: '443',
      action: 'deny',
      policyid: '7',
      service: 'HTTPS',
      msg: 'blocked by policy 7',
    });
  });

  it("reads the device time in the source's zone, or in the device's own tz field", () => {
    const line = 'date=2026-03-01 time=23:30:01 devname=fw action=accept';
    assert.equal(parse(line).timestamp?.toISOString(), '2026-03-01T15:30:01.000Z');
    assert.equal(parse(line, 'UTC').timestamp?.toISOString(), '2026-03-01T23:30:01.000Z');
    assert.equal(parse(`${line} tz="-0500"`).timestamp?.toISOString(), '2026-03-02T04:30:01.000Z');
    assert.equal(
      parse('date=2026/03/01 time=23:30:01 a=b').timestamp?.toISOString(),
      '2026-03-01T15:30:01.000Z',
    );
    assert.equal(parse('date=2026-02-30 time=23:30:01 a=b').timestamp, null);
  });

  it('prefers the pairs’ device time to a syslog header in front of them', () => {
    const e = parse('<189>Mar  1 23:29:59 fw01 date=2026-03-01 time=23:30:01 devname="FG100" action="deny"');
    assert.equal(e.format, 'kv');
    assert.equal(e.hostname, 'fw01', 'the header names the host');
    assert.equal(e.timestamp?.toISOString(), '2026-03-01T15:30:01.000Z');
  });

  it('takes the level when no PRI gave a severity', () => {
    assert.equal(parse('level=warning devname=fw msg="x"').severity, 4);
    assert.equal(parse('level=bogus devname=fw').severity, null);
  });

  it('undoes \\" inside quotes, runs an unclosed quote to the end, keeps empty values', () => {
    const e = parse(String.raw`a="say \"hi\"" b= c="" d="open to the end`);
    assert.deepEqual(e.fields, { a: 'say "hi"', b: '', c: '', d: 'open to the end' });
  });

  it('is not key=value for one pair or for text that does not open with a pair', () => {
    assert.equal(parse('user=root').format, 'unknown');
    assert.equal(
      parse('Accepted publickey for root from 10.0.0.5 port 52144 ssh2 a=b c=d').format,
      'unknown',
    );
    assert.equal(parse('<13>Mar  1 23:30:01 h app: retry=3 of max=5').format, 'kv');
  });

  it('keeps a key called __proto__ as a field', () => {
    const e = parse('__proto__=x constructor=y');
    assert.equal(e.format, 'kv');
    assert.deepEqual(Object.keys(e.fields), ['__proto__', 'constructor']);
    assert.equal(JSON.parse(JSON.stringify(e.fields)).constructor, 'y');
    assert.equal(Object.getPrototypeOf(e.fields), Object.prototype);
  });
});

describe('CEF', () => {
  const arcsight =
    'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232';

  it('keeps the header in cef_ fields and the extension pairs beside them; severity 10 maps to critical', () => {
    const e = parse(arcsight);
    assert.equal(e.format, 'cef');
    assert.equal(e.severity, 2);
    assert.equal(e.facility, null);
    assert.deepEqual(e.fields, {
      cef_version: '0',
      cef_device_vendor: 'Security',
      cef_device_product: 'threatmanager',
      cef_device_version: '1.0',
      cef_signature_id: '100',
      cef_name: 'worm successfully stopped',
      cef_severity: 10,
      src: '10.0.0.1',
      dst: '2.1.2.2',
      spt: '1232',
    });
  });

  it('undoes \\| and \\\\ in the header and \\= \\\\ \\n in the extension; values keep their spaces', () => {
    const e = parse(
      String.raw`CEF:0|security|threatmanager|1.0|100|detected a \| in message|10|src=10.0.0.1 act=blocked a \= dst=1.1.1.1 msg=line one\nline two path=C:\\temp`,
    );
    assert.equal(e.fields.cef_name, 'detected a | in message');
    assert.equal(e.fields.act, 'blocked a =');
    assert.equal(e.fields.dst, '1.1.1.1');
    assert.equal(e.fields.msg, 'line one\nline two');
    assert.equal(e.fields.path, 'C:\\temp');
  });

  it('reads CEF behind a syslog header: the PRI facility, the host, the CEF severity', () => {
    const e = parse(
      '<131>Sep 19 08:26:10 ids01 CEF:0|Trend Micro|Deep Security Agent|10.0|4000000|Eicar_test_file|6|cn1=1 cs1=virus src=10.0.0.9',
    );
    assert.equal(e.format, 'cef');
    assert.equal(e.facility, 16);
    assert.equal(e.hostname, 'ids01');
    assert.equal(e.app, null);
    assert.equal(e.severity, 4);
    assert.equal(e.fields.cef_severity, 6);
    assert.equal(e.fields.cs1, 'virus');
    const inside5424 = parse('<134>1 2026-03-01T15:30:01Z ids01 - - - - CEF:0|V|P|1|sig|name|Low|a=b');
    assert.equal(inside5424.format, 'cef');
    assert.equal(inside5424.fields.cef_severity, 'Low');
    assert.equal(inside5424.severity, 5);
  });

  it('maps every CEF severity to a syslog severity, keeping an unknown word unmapped', () => {
    assert.deepEqual(
      [0, 1, 3, 4, 6, 7, 8, 9, 10].map((s) => cefToSyslog(s)),
      [6, 5, 5, 4, 4, 3, 3, 2, 2],
    );
    assert.deepEqual(['Low', 'Medium', 'High', 'Very-High', 'Unknown'].map(cefToSyslog), [5, 4, 3, 2, null]);
    const e = parse('<14>CEF:0|V|P|1|sig|name|Unknown|');
    assert.equal(e.severity, 6, 'the PRI severity stays');
    assert.equal(e.fields.cef_severity, 'Unknown');
    assert.equal(parse('CEF:0|V|P|1|sig|name|11|').fields.cef_severity, '11');
  });

  it('is not CEF with fewer than seven header fields', () => {
    const e = parse('CEF:0|V|P|1|sig|name');
    assert.equal(e.format, 'unknown');
    assert.equal(e.message, 'CEF:0|V|P|1|sig|name');
  });
});

describe('Cisco ASA', () => {
  it('takes the severity and msgid from the message id, and the connection fields', () => {
    const e = parse(
      '<166>Mar 01 2026 23:30:01 asa01 : %ASA-6-302013: Built outbound TCP connection 123456 for outside:93.184.216.34/443 (93.184.216.34/443) to inside:10.0.0.5/52144 (198.51.100.7/52144)',
    );
    assert.equal(e.format, 'asa');
    assert.equal(e.facility, 20);
    assert.equal(e.severity, 6);
    assert.equal(e.msgid, '302013');
    assert.equal(e.hostname, 'asa01');
    assert.equal(e.timestamp?.toISOString(), '2026-03-01T15:30:01.000Z');
    assert.equal(
      e.message,
      'Built outbound TCP connection 123456 for outside:93.184.216.34/443 (93.184.216.34/443) to inside:10.0.0.5/52144 (198.51.100.7/52144)',
    );
    assert.deepEqual(e.fields, {
      action: 'built',
      direction: 'outbound',
      protocol: 'tcp',
      connection_id: '123456',
      for_interface: 'outside',
      for_ip: '93.184.216.34',
      for_port: '443',
      to_interface: 'inside',
      to_ip: '10.0.0.5',
      to_port: '52144',
    });
  });

  it('reads a teardown and a deny, and an ASA line with no header at all', () => {
    const t = parse(
      '%ASA-6-302014: Teardown TCP connection 123456 for outside:93.184.216.34/443 to inside:10.0.0.5/52144 duration 0:00:30 bytes 5120 TCP FINs',
    );
    assert.equal(t.format, 'asa');
    assert.equal(t.facility, null);
    assert.equal(t.fields.action, 'teardown');
    assert.equal(t.fields.duration, '0:00:30');
    assert.equal(t.fields.bytes, '5120');
    const d = parse(
      '<164>Mar  1 23:30:01 10.1.1.1 %ASA-4-106023: Deny tcp src outside:203.0.113.9/51000 dst inside:10.0.0.5/22 by access-group "outside_in" [0x0, 0x0]',
    );
    assert.equal(d.severity, 4);
    assert.equal(d.msgid, '106023');
    assert.equal(d.hostname, '10.1.1.1');
    assert.deepEqual(d.fields, {
      action: 'deny',
      protocol: 'tcp',
      src_interface: 'outside',
      src_ip: '203.0.113.9',
      src_port: '51000',
      dst_interface: 'inside',
      dst_ip: '10.0.0.5',
      dst_port: '22',
      acl: 'outside_in',
    });
  });

  it('keeps other ASA messages with their id and no fields, and IPv6 endpoints whole', () => {
    const e = parse(
      '<163>%ASA-3-710003: TCP access denied by ACL from 203.0.113.9/51000 to outside:198.51.100.1/22',
    );
    assert.equal(e.severity, 3);
    assert.equal(e.msgid, '710003');
    assert.deepEqual(e.fields, {});
    const v6 = parse(
      '%ASA-6-302015: Built inbound UDP connection 7 for outside:2001:db8::1/53 (2001:db8::1/53) to inside:fd00::5/5353 (fd00::5/5353)',
    );
    assert.equal(v6.fields.for_ip, '2001:db8::1');
    assert.equal(v6.fields.to_port, '5353');
  });

  it('is not ASA when the id is malformed', () => {
    assert.equal(parse('%ASA-9-302013: x').format, 'unknown');
    assert.equal(parse('%ASA-6-: x').format, 'unknown');
    assert.equal(parse('%FOO-6-1: x').format, 'unknown');
  });
});
