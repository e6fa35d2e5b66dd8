/**
 * Log-vault parser benchmark (npm run bench:logvault-parse). Lines per
 * second through `parseLine` for each format and for a mix of them; anchor:
 * `line.split(' ')` over the same lines in the same run (the least any
 * reading of a line's words costs). ratio = parse rate / split rate.
 * BENCH_N lines per format (default 50,000); the median of 5 runs.
 * Progress goes to stderr, figures to stdout.
 */
import { parseLine } from '../src/logvault/parse/index.js';
import { line } from './figure.js';

const N = Number(process.env.BENCH_N ?? 50_000);
const RUNS = 5;
const info = (m: string) => process.stderr.write(`# ${m}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const two = (n: number) => String(n).padStart(2, '0');
const bsd = (i: number) =>
  `Mar ${String(1 + (i % 28)).padStart(2, ' ')} ${two(i % 24)}:${two(i % 60)}:${two((i * 7) % 60)}`;
const formats: Record<string, (i: number) => string> = {
  rfc5424: (i) =>
    `<165>1 2026-03-01T15:${two(i % 60)}:${two((i * 7) % 60)}.${String(i % 1000).padStart(3, '0')}Z app${i % 50}.example.com evntslog ${i} ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="${1000 + (i % 9000)}"] An application event log entry ${i}`,
  rfc3164: (i) =>
    `<38>${bsd(i)} web${i % 20} sshd[${10000 + (i % 50000)}]: Accepted publickey for root from ${ip(i)} port ${1024 + (i % 60000)} ssh2`,
  kv: (i) =>
    `<189>date=2026-03-01 time=${two(i % 24)}:${two(i % 60)}:${two((i * 7) % 60)} devname="FG100" devid="FG100ETK18000000" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=${ip(i)} srcport=${1024 + (i % 60000)} dstip=93.184.216.34 dstport=443 action="deny" policyid=${i % 100} service="HTTPS"`,
  cef: (i) =>
    `<131>${bsd(i)} ids01 CEF:0|Trend Micro|Deep Security Agent|10.0|${4000000 + (i % 100)}|Eicar_test_file|${i % 11}|cn1=1 cs1Label=virus cs1=EICAR src=${ip(i)} spt=${1024 + (i % 60000)} act=blocked msg=file quarantined`,
  asa: (i) =>
    `<166>${bsd(i)} asa01 : %ASA-6-302013: Built outbound TCP connection ${i} for outside:93.184.216.34/443 (93.184.216.34/443) to inside:${ip(i)}/${1024 + (i % 60000)} (198.51.100.7/${1024 + (i % 60000)})`,
  unknown: (i) =>
    `${ip(i)} - - [01/Mar/2026:23:30:01 +0800] "GET /item/${i} HTTP/1.1" 200 ${612 + (i % 1000)} "-" "curl/8.5.0"`,
};

const ctx = { receivedAt: new Date('2026-03-01T15:40:00Z') };
let sink = 0;

function rate(lines: string[], fn: (l: string) => number): number {
  for (let i = 0; i < Math.min(lines.length, 5000); i++) sink += fn(lines[i]!); // warm
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < lines.length; i++) sink += fn(lines[i]!);
    times.push(performance.now() - t0);
  }
  return lines.length / (median(times) / 1000);
}
const parse = (l: string) => parseLine(l, ctx).message.length;
const split = (l: string) => l.split(' ').length;

function figure(metric: string, lines: string[]) {
  const bytes = lines.reduce((s, l) => s + l.length, 0) / lines.length;
  const p = rate(lines, parse);
  const s = rate(lines, split);
  info(`${metric}: ${lines.length} lines of ${bytes.toFixed(0)} characters on average`);
  line('logvault-parse', metric, p, 'lines/s', 'split_lines_per_second', s, p / s);
}

const all: string[] = [];
for (const [name, make] of Object.entries(formats)) {
  const lines = Array.from({ length: N }, (_, i) => make(i));
  const check = parseLine(lines[0]!, ctx).format;
  if (check !== name) throw new Error(`the ${name} sample parses as ${check}`);
  figure(`${name}_lines_per_second`, lines);
  all.push(...lines);
}
// The mix, shuffled the same way every run (a fixed-step walk), so branch prediction sees formats interleaved.
const mixed = all.map((_, i) => all[(i * 7919) % all.length]!);
figure('mixed_lines_per_second', mixed);
if (sink === 0) info('nothing parsed');
