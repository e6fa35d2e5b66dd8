import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockSkewed, parseLine, skewSeconds } from './index.js';

// 23:40 Beijing time on 1 March 2026.
const receivedAt = new Date('2026-03-01T15:40:00Z');
const parse = (line: string, sourceZone?: string, at = receivedAt) =>
  parseLine(line, { receivedAt: at, ...(sourceZone ? { sourceZone } : {}) });
const iso = (line: string, sourceZone?: string, at = receivedAt) =>
  parse(line, sourceZone, at).timestamp?.toISOString() ?? null;
const BOM = '\uFEFF';

describe('RFC 5424', () => {
  it('reads the RFC example 1: NILVALUE procid and structured data, a BOM before the message', () => {
    const e = parse(
      `<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ${BOM}'su root' failed for lonvick on /dev/pts/8`,
    );
    assert.deepEqual(
      { ...e, timestamp: e.timestamp?.toISOString() },
      {
        format: 'rfc5424',
        facility: 4,
        severity: 2,
        timestamp: '2003-10-11T22:14:15.003Z',
        hostname: 'mymachine.example.com',
        app: 'su',
        procid: null,
        msgid: 'ID47',
        message: "'su root' failed for lonvick on /dev/pts/8",
        fields: {},
      },
    );
  });

  it('reads the RFC example 2: microseconds and a negative offset, an IP as host, no message id', () => {
    const e = parse(
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
    );
    assert.equal(e.format, 'rfc5424');
    assert.equal(e.facility, 20); // local4
    assert.equal(e.severity, 5); // notice
    assert.equal(e.timestamp?.toISOString(), '2003-08-24T12:14:15.000Z');
    assert.equal(e.hostname, '192.0.2.1');
    assert.equal(e.app, 'myproc');
    assert.equal(e.procid, '8710');
    assert.equal(e.msgid, null);
    assert.equal(e.message, "%% It's time to make the do-nuts.");
  });

  it('reads the RFC example 3: structured data kept in fields as {sd-id: {param: value}}', () => {
    const e = parse(
      `<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] ${BOM}An application event log entry...`,
    );
    assert.equal(e.app, 'evntslog');
    assert.equal(e.message, 'An application event log entry...');
    assert.deepEqual(e.fields, {
      'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
    });
  });

  it('reads the RFC example 4: two elements and no message', () => {
    const e = parse(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
    );
    assert.equal(e.message, '');
    assert.deepEqual(e.fields, {
      'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
      'examplePriority@32473': { class: 'high' },
    });
  });

  it('undoes the \\" \\\\ \\] escapes in parameter values and keeps any other backslash', () => {
    const e = parse(
      String.raw`<13>1 2026-03-01T15:30:01Z h app 1 m [x@1 q="say \"hi\"" b="C:\\dir" r="[a\]" o="\n"] text`,
    );
    assert.deepEqual(e.fields, { 'x@1': { q: 'say "hi"', b: 'C:\\dir', r: '[a]', o: '\\n' } });
    assert.equal(e.message, 'text');
  });

  it('keeps every value of a parameter named twice in one element', () => {
    const e = parse('<13>1 - h a - - [ip@1 addr="10.0.0.1" addr="10.0.0.2"] m');
    assert.deepEqual(e.fields, { 'ip@1': { addr: ['10.0.0.1', '10.0.0.2'] } });
    assert.equal(e.timestamp, null);
  });

  it('reads the RFC timestamp examples, and refuses the ones it calls invalid without losing the line', () => {
    const at = (t: string) => iso(`<13>1 ${t} host app - - - message`);
    assert.equal(at('1985-04-12T23:20:50.52Z'), '1985-04-12T23:20:50.520Z');
    assert.equal(at('1985-04-12T19:20:50.52-04:00'), '1985-04-12T23:20:50.520Z');
    assert.equal(at('2026-03-01T23:30:01+08:00'), '2026-03-01T15:30:01.000Z');
    // RFC 5424 6.5: no leap second, no missing "T", no lower-case offset shorthand needed.
    assert.equal(at('1990-12-31T23:59:60Z'), null);
    assert.equal(at('2003-10-11T22:14:15'), null, 'RFC 5424 requires an offset');
    assert.equal(at('2003-02-30T22:14:15Z'), null);
    const e = parse('<13>1 1990-12-31T23:59:60Z host app - - - message');
    assert.equal(e.hostname, 'host');
    assert.equal(e.message, 'message');
    // Nanoseconds (Go, Java) are read to the millisecond.
    assert.equal(at('2026-03-01T15:30:01.123456789Z'), '2026-03-01T15:30:01.123Z');
  });

  it('keeps a malformed structured data in the message rather than losing it', () => {
    const e = parse('<13>1 2026-03-01T15:30:01Z h a - - [x@1 unterminated="yes] and more');
    assert.equal(e.format, 'rfc5424');
    assert.deepEqual(e.fields, {});
    assert.equal(e.message, '[x@1 unterminated="yes] and more');
  });

  it('answers a header cut short with what it has', () => {
    const e = parse('<13>1 2026-03-01T15:30:01Z host');
    assert.equal(e.format, 'rfc5424');
    assert.equal(e.hostname, 'host');
    assert.equal(e.app, null);
    assert.equal(e.message, '');
  });
});

describe('RFC 3164 and what devices send', () => {
  it('reads the RFC example: PRI, time without year or zone, host, tag', () => {
    const e = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    assert.equal(e.format, 'rfc3164');
    assert.equal(e.facility, 4);
    assert.equal(e.severity, 2);
    // Received on 1 March 2026: October 2025 is nearer than October 2026; Beijing wall time.
    assert.equal(e.timestamp?.toISOString(), '2025-10-11T14:14:15.000Z');
    assert.equal(e.hostname, 'mymachine');
    assert.equal(e.app, 'su');
    assert.equal(e.procid, null);
    assert.equal(e.message, "'su root' failed for lonvick on /dev/pts/8");
  });

  it('reads Linux sshd through rsyslog: a tag with its pid, no PRI in the file', () => {
    const e = parse(
      'Mar  1 23:30:01 web01 sshd[52144]: Accepted publickey for root from 10.0.0.5 port 52144 ssh2',
    );
    assert.equal(e.format, 'rfc3164');
    assert.equal(e.facility, null);
    assert.equal(e.severity, null);
    assert.equal(e.timestamp?.toISOString(), '2026-03-01T15:30:01.000Z');
    assert.equal(e.hostname, 'web01');
    assert.equal(e.app, 'sshd');
    assert.equal(e.procid, '52144');
    assert.equal(e.message, 'Accepted publickey for root from 10.0.0.5 port 52144 ssh2');
  });

  it('reads an IP as host and a message with no tag (the RFC example "Use the BFG!")', () => {
    const e = parse('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!');
    assert.equal(e.hostname, '10.0.0.99');
    assert.equal(e.app, null);
    assert.equal(e.message, 'Use the BFG!');
    assert.equal(e.timestamp?.toISOString(), '2026-02-05T09:32:18.000Z');
  });

  it('reads a line with no hostname (the tag right after the time)', () => {
    const e = parse('<86>Mar  1 23:30:01 CRON[812]: pam_unix(cron:session): session opened for user root');
    assert.equal(e.hostname, null);
    assert.equal(e.app, 'CRON');
    assert.equal(e.procid, '812');
    assert.equal(e.message, 'pam_unix(cron:session): session opened for user root');
  });

  it('reads a PRI and nothing else of a header: no host, the tag still read', () => {
    const e = parse('<13>su: hello');
    assert.equal(e.format, 'rfc3164');
    assert.equal(e.timestamp, null);
    assert.equal(e.hostname, null);
    assert.equal(e.app, 'su');
    assert.equal(e.message, 'hello');
  });

  it('keeps the RFC examples it cannot read fully as text, nothing lost', () => {
    const line =
      "<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jelly=OK";
    const e = parse(line);
    assert.equal(e.facility, 20);
    assert.ok(e.message.includes("mymachine myproc[10]: %% It's time to make the do-nuts."));
    const old = parse(
      "<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!",
    );
    assert.equal(old.severity, 0);
    assert.ok(old.message.endsWith("sched[0]: That's All Folks!"));
  });

  it('reads "Oct  1" with two spaces, and a day without its padding', () => {
    assert.equal(iso('<13>Oct  1 08:00:00 h a: m'), '2025-10-01T00:00:00.000Z');
    assert.equal(iso('<13>Oct 1 08:00:00 h a: m'), '2025-10-01T00:00:00.000Z');
    assert.equal(parse('<13>Oct  1 08:00:00 h a: m').hostname, 'h');
  });

  it('infers the year nearest the receive time: 31 December received on 1 January is last year', () => {
    const newYear = new Date('2025-12-31T16:00:30Z'); // 00:00:30 on 1 January 2026 in Beijing
    assert.equal(iso('<13>Dec 31 23:59:58 h a: m', undefined, newYear), '2025-12-31T15:59:58.000Z');
    assert.equal(iso('<13>Jan  1 00:00:10 h a: m', undefined, newYear), '2025-12-31T16:00:10.000Z');
    // A device clock a day ahead at new year's eve lands in the coming year.
    const eve = new Date('2025-12-31T12:00:00Z');
    assert.equal(iso('<13>Jan  1 20:00:00 h a: m', undefined, eve), '2026-01-01T12:00:00.000Z');
  });

  it('reads 29 February only in a leap year near the receive time', () => {
    assert.equal(
      iso('<13>Feb 29 12:00:00 h a: m', undefined, new Date('2028-03-01T00:00:00Z')),
      '2028-02-29T04:00:00.000Z',
    );
    const e = parse('<13>Feb 29 12:00:00 h a: m');
    assert.equal(e.timestamp, null);
    assert.equal(e.hostname, 'h');
  });

  it("reads a time without zone in the source's zone, Asia/Shanghai by default", () => {
    const line = '<13>Mar  1 23:30:01 h a: m';
    assert.equal(iso(line), '2026-03-01T15:30:01.000Z');
    assert.equal(iso(line, 'UTC'), '2026-03-01T23:30:01.000Z');
    assert.equal(iso(line, 'Europe/Berlin'), '2026-03-01T22:30:01.000Z');
    // Summer time in Berlin: +02:00.
    assert.equal(
      iso('<13>Jul  1 12:00:00 h a: m', 'Europe/Berlin', new Date('2026-07-01T10:00:00Z')),
      '2026-07-01T10:00:00.000Z',
    );
    assert.equal(iso('<13>Mar  1 23:30:01 h a: m', 'America/New_York'), '2026-03-02T04:30:01.000Z');
  });

  it('reads a year and a fraction as Cisco devices add them, and the colon after the time', () => {
    const e = parse(
      '<166>Mar 01 2024 23:30:01.250: %ASA-6-302013: Built inbound TCP connection 9 for outside:203.0.113.9/51000 (203.0.113.9/51000) to dmz:10.1.1.10/80 (198.51.100.10/80)',
    );
    assert.equal(e.timestamp?.toISOString(), '2024-03-01T15:30:01.250Z');
    assert.equal(e.hostname, null);
    assert.equal(e.format, 'asa');
  });

  it('reads an RFC 3339 time in place of the BSD one (rsyslog high-precision file format)', () => {
    const e = parse('2026-03-01T23:30:01.123456+08:00 web01 nginx[77]: upstream timed out');
    assert.equal(e.format, 'rfc3164');
    assert.equal(e.timestamp?.toISOString(), '2026-03-01T15:30:01.123Z');
    assert.equal(e.hostname, 'web01');
    assert.equal(e.app, 'nginx');
    assert.equal(e.procid, '77');
    assert.equal(iso('<13>2026-03-01T23:30:01 web01 a: m'), '2026-03-01T15:30:01.000Z');
  });

  it('reads tags with slashes, dots and dashes', () => {
    assert.equal(parse('<22>Mar  1 23:30:01 mx postfix/smtpd[2201]: connect from x').app, 'postfix/smtpd');
    assert.equal(parse('<30>Mar  1 23:30:01 h systemd-logind[1]: New session').app, 'systemd-logind');
    assert.equal(
      parse('<4>Mar  1 23:30:01 h kernel: [ 12.3] eth0: link up').message,
      '[ 12.3] eth0: link up',
    );
  });

  it('refuses a PRI that is not one (then the line is read as text)', () => {
    for (const line of ['<192>Oct 11 22:14:15 h a: m', '<012>Oct 11 22:14:15 h a: m', '<>x', '<1234>x']) {
      const e = parse(line);
      assert.equal(e.facility, null, line);
      assert.equal(e.severity, null, line);
    }
    assert.equal(parse('<0>Oct 11 22:14:15 h a: m').facility, 0);
    assert.equal(parse('<191>Oct 11 22:14:15 h a: m').facility, 23);
  });
});

describe('free text and line endings', () => {
  it('keeps a line of no known format whole, as unknown', () => {
    const nginx =
      '10.0.0.1 - - [01/Mar/2026:23:30:01 +0800] "GET /index.html HTTP/1.1" 200 612 "-" "curl/8.5.0"';
    const e = parse(nginx);
    assert.equal(e.format, 'unknown');
    assert.equal(e.message, nginx);
    assert.equal(e.timestamp, null);
    const err = '2026/03/01 23:30:01 [error] 1234#0: *5 connect() failed (111: Connection refused)';
    assert.equal(parse(err).format, 'unknown');
    assert.equal(parse(err).message, err);
    assert.equal(parse('').message, '');
  });

  it('drops the line ending and trailing NULs, nothing else', () => {
    assert.equal(parse('<13>Oct 11 22:14:15 h a: m\r\n').message, 'm');
    assert.equal(parse('plain text \0').message, 'plain text ');
    assert.equal(parse('  indented').message, '  indented');
  });
});

describe('the source zone', () => {
  it('refuses a zone Intl does not know, whatever the line (a configuration error, not a line)', () => {
    for (const line of ['<13>Oct 11 22:14:15 h a: m', '<13>1 2026-03-01T15:30:01Z h a - - - m', 'text'])
      assert.throws(() => parse(line, 'Mars/Olympus'), RangeError);
  });
});

describe('clock skew', () => {
  it('answers the device clock against the receive time, and flags it beyond the threshold', () => {
    const e = parse('<13>Mar  1 23:35:00 h a: m'); // 5 minutes before the receive time
    assert.equal(skewSeconds(e, receivedAt), -300);
    assert.equal(clockSkewed(e, receivedAt, 300), false);
    assert.equal(clockSkewed(e, receivedAt, 299), true);
    const ahead = parse('<13>1 2026-03-01T15:41:30Z h a - - - m');
    assert.equal(skewSeconds(ahead, receivedAt), 90);
    const none = parse('free text');
    assert.equal(skewSeconds(none, receivedAt), null);
    assert.equal(clockSkewed(none, receivedAt, 0), false);
  });
});
