import type { Actor } from '../platform/auth/roles.js';
import type { ModuleContext } from '../platform/module.js';
import { beijingDate, beijingMidnight, HOUR } from '../platform/time.js';
import type { LogvaultService } from './service.js';
import type { ReceivedLine } from './syslog-io.js';

const demoActor: Actor = { userId: 'demo', username: 'demo', role: 'admin', via: 'system' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BEIJING = 8 * HOUR;

/** RFC 3164's "Mmm dd hh:mm:ss" in Beijing wall time (no year, no zone: as devices send it). */
function bsdTime(at: Date): string {
  const b = new Date(at.getTime() + BEIJING);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[b.getUTCMonth()]} ${String(b.getUTCDate()).padStart(2, ' ')} ${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}:${pad(b.getUTCSeconds())}`;
}

/** RFC 3339 with the +08:00 offset. */
function isoBeijing(at: Date): string {
  return `${new Date(at.getTime() + BEIJING).toISOString().slice(0, 19)}+08:00`;
}

/** One line of each demo device at `at` (the k-th of its hour), in the formats real devices send. */
const devices: { peer: string; line: (at: Date, k: number) => string; stopsHoursAgo?: number }[] = [
  {
    // A firewall: RFC 3164 header, key=value content.
    peer: '10.10.0.1',
    line: (at, k) =>
      `<134>${bsdTime(at)} fw-edge-01 filterlog: devname="fw-edge-01" action=${k % 4 ? 'accept' : 'deny'} srcip=198.51.100.${20 + (k % 30)} dstip=10.10.2.15 dstport=${k % 4 ? 443 : 3389} proto=6 policyid=12`,
  },
  {
    // A Linux server's sshd in RFC 5424.
    peer: '10.10.1.21',
    line: (at, k) =>
      k % 5 === 0
        ? `<38>1 ${isoBeijing(at)} web-01 sshd ${2200 + k} - - Failed password for root from 203.0.113.9 port ${52000 + k} ssh2`
        : `<38>1 ${isoBeijing(at)} web-01 sshd ${2200 + k} - [meta sequenceId="${k}"] Accepted publickey for deploy from 10.10.9.4 port ${40000 + k} ssh2`,
  },
  {
    // An SSL VPN gateway in CEF.
    peer: '10.10.0.5',
    line: (at, k) =>
      `<134>${bsdTime(at)} vpn-gw CEF:0|Sangfor|SSL VPN|7.6|100|user login|3|suser=user${1000 + (k % 7)} src=203.0.113.${40 + (k % 9)} outcome=${k % 6 ? 'success' : 'failure'}`,
  },
  {
    // A Cisco ASA.
    peer: '10.10.0.3',
    line: (at, k) =>
      `<166>${bsdTime(at)} asa-01 : %ASA-6-302013: Built inbound TCP connection ${4400 + k} for outside:203.0.113.7/${51000 + k} (203.0.113.7/${51000 + k}) to inside:10.10.3.8/443 (10.10.3.8/443)`,
  },
  {
    // A core switch that names itself by its address, and stopped sending three hours ago.
    peer: '10.10.0.2',
    stopsHoursAgo: 3,
    line: (at, k) =>
      `<189>${bsdTime(at)} 10.10.0.2 %LINK-5-UPDOWN: Interface GigabitEthernet1/0/${1 + (k % 24)}, changed state to up`,
  },
  {
    // A UPS whose clock was reset to 1 January: its times are flagged as skewed.
    peer: '10.10.0.9',
    line: (_at, k) => `<14>Jan  1 00:${String(k % 60).padStart(2, '0')}:05 ups-01 upsd: battery test passed`,
  },
];

/**
 * The demo's log vault: six devices sending syslog today (a firewall in
 * key=value, sshd in RFC 5424, a VPN in CEF, a Cisco ASA, a core switch by
 * its address, a UPS with a wrong clock), up to eight hours of them so the
 * activity chart has bars; the sources registered with names and owners; a
 * legal hold on the VPN's logs; and the core switch gone quiet three hours
 * ago (or after its first line when the Beijing day is younger than that),
 * an overdue open item once it has been silent an hour: from about 01:05
 * Beijing time on (today's first hour has no earlier line to be quiet after).
 */
export async function seedLogvaultDemo(logvault: LogvaultService, ctx: ModuleContext): Promise<number> {
  const now = ctx.clock.now().getTime();
  // Today only (Beijing): the vault's first day is today, so earlier lines would fall before it.
  const start = Math.max(beijingMidnight(beijingDate(new Date(now))).getTime(), now - 8 * HOUR);
  const perHour = 12;
  const step = HOUR / perHour;
  let n = 0;
  let batch: ReceivedLine[] = [];
  let k = 0;
  for (let t = start; t < now; t += step, k++) {
    const at = new Date(t);
    for (const d of devices) {
      // It stops three hours ago, or, early in the Beijing day, after its first line (quiet an hour later).
      if (d.stopsHoursAgo !== undefined && t > Math.max(start, now - d.stopsHoursAgo * HOUR)) continue;
      batch.push({ line: d.line(at, k), receivedAt: at, peer: d.peer, transport: 'udp' });
    }
    if (batch.length >= 500) {
      await logvault.ingestLines(batch);
      n += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await logvault.ingestLines(batch);
    n += batch.length;
  }
  // An application posting over HTTP (what a shipper sends with a logvault.ingest token).
  n += await logvault.ingest(
    demoActor,
    [
      { host: 'app-01', app: 'billing', severity: 6, message: '[demo] user u1024 signed in from 10.10.9.30' },
      { host: 'app-01', app: 'billing', severity: 3, message: '[demo] payment gateway timed out after 30 s' },
    ],
    null,
  );
  await logvault.flushSources();

  const byHost = new Map(
    (await logvault.sourcePage(demoActor, { limit: 100 })).sources.map((s) => [s.hostname, s] as const),
  );
  const register = async (
    host: string,
    patch: { name: string; owner: string; expectedPerHour: number },
  ): Promise<void> => {
    const s = byHost.get(host);
    if (s) await logvault.updateSource(demoActor, s.id, { version: s.version, ...patch });
  };
  await register('fw-edge-01', {
    name: '[demo] 互联网边界防火墙',
    owner: '安全运维部',
    expectedPerHour: perHour,
  });
  await register('web-01', { name: '[demo] 门户网站服务器', owner: '应用运维组', expectedPerHour: perHour });
  await register('10.10.0.2', { name: '[demo] 核心交换机', owner: '网络部', expectedPerHour: perHour });
  const vpn = byHost.get('vpn-gw');
  if (vpn)
    await logvault.placeHold(
      demoActor,
      vpn.id,
      '[demo] 配合公安机关调查境外账号登录，相关日志暂停到期删除。',
    );
  return n;
}
