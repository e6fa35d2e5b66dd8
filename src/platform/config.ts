import net from 'node:net';
import path from 'node:path';
import { parseLogFormat, type LogFormat } from './http/log-line.js';

export interface Config {
  /** Embedded data folder (PGlite database, lock file, keys). */
  dataDir: string;
  /** PostgreSQL server; when set, the embedded database is not used. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  logLevel: string;
  /** LOG_FORMAT: one readable line per request on a terminal (`auto`), or always `json` / `line`. */
  logFormat: LogFormat;
  /** Seed the demo organisation when the database is empty. */
  demo: boolean;
  /** Folder with the built web console (served at /). */
  webDist: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Session lifetime in seconds (idle) and absolute cap. */
  sessionIdleSeconds: number;
  sessionMaxSeconds: number;
  /** Requests per minute per address on unauthenticated routes. */
  anonymousRateLimit: number;
  /**
   * Proxies whose X-Forwarded-For is believed (Fastify's trustProxy): a list
   * of addresses/CIDRs; false (default) trusts none. With it, rate limits and
   * the audit trail see the client's address, not the proxy's.
   */
  trustProxy: false | string[];
  /** Failed sign-ins per account within 15 minutes before a lock (0: no per-account limit). */
  loginMaxFailures: number;
  /** First per-account lock in seconds; each further lock doubles, up to the cap. */
  loginLockSeconds: number;
  loginLockMaxSeconds: number;
  /**
   * How long an API token's check is answered from memory (seconds; 0: every
   * request reads the database). A revocation or an account change made by
   * another process (the CLI, a second server) is seen within this time.
   */
  tokenCacheSeconds: number;
  /** Secure flag on cookies; on when served over HTTPS behind a proxy. */
  secureCookies: boolean;
  /** The evidence ledger's tree file, checkpoints and signing key (default: <data>/ledger). */
  ledgerDir: string | undefined;
  /** A new ledger's origin (its name in signed checkpoints); default: one of its own per installation. */
  ledgerOrigin: string | undefined;
  /** A duty is "due soon" this many days before its deadline. */
  dueSoonDays: number;
  /** How long evidence of a continuous duty stays fresh (ISO 8601). */
  continuousReview: string;
  /** SMTP server for e-mail reminders, e.g. smtp://user:pass@mail.example.com:587. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Key that seals stored secrets (base64, 32 bytes); default: <data>/secret.key. */
  secretKey: string | undefined;
  /** The console's address for links in reminders (default: none). */
  publicUrl: string | undefined;
  /** Public intake (src/platform/public-intake): proof-of-work bits at rest (raised by 2 under load). */
  powDifficulty: number;
  /** Submissions per address per minute on a public intake route (a complaint, a code request). */
  intakeRateLimit: number;
  /** Submissions per minute on all public intake routes together before they answer 429. */
  intakeFloodPerMinute: number;
  /** Who delivers one-time codes: `log` (the development sender, writing codes to the server log) or `webhook`. */
  otpSender: string;
  /** With `webhook`: the gateway's address and the key signing the requests (WANGAN_OTP_WEBHOOK_URL, _SECRET). */
  otpWebhookUrl?: string | undefined;
  otpWebhookSecret?: string | undefined;
}

export interface ConfigOverrides {
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  logLevel?: string | undefined;
  demo?: boolean | undefined;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** A non-negative integer from the environment (settings sections use it too). */
export function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** WANGAN_POW_DIFFICULTY: 1 to 30 bits (18 by default: about half a second of SHA-256 in a browser). */
function powBits(env: NodeJS.ProcessEnv): number {
  const bits = intFromEnv(env, 'WANGAN_POW_DIFFICULTY', 18);
  if (bits < 1 || bits > 30) throw new Error(`WANGAN_POW_DIFFICULTY must be 1 to 30 bits, got ${bits}`);
  return bits;
}

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length || !address) return false;
  const family = net.isIP(address);
  if (!family) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/**
 * `WANGAN_TRUST_PROXY`: empty (trust no proxy) or a comma-separated list of
 * the proxies' addresses and CIDRs (and the names loopback, linklocal,
 * uniquelocal). Neither "trust everyone" nor a hop count is offered: both let
 * a client that reaches the server directly choose its own address (Fastify 5
 * ignores hop counts for that reason).
 */
export function parseTrustProxy(raw: string | undefined): false | string[] {
  const value = (raw ?? '').trim();
  if (value === '' || value.toLowerCase() === 'false') return false;
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrCidr(e));
  if (bad.length || !entries.length)
    throw new Error(
      `WANGAN_TRUST_PROXY must list the proxies' addresses or CIDRs, comma-separated (or loopback, linklocal, uniquelocal); not "${bad.join(', ') || value}". A hop count or "true" is refused: a client connecting directly could then choose its own address.`,
    );
  return entries;
}

/** `memory://` is an in-memory embedded database (tests); anything else is a folder. */
function resolveDataDir(dir: string): string {
  return dir === 'memory://' ? dir : path.resolve(dir);
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  return {
    // An empty WANGAN_DATA means unset: path.resolve('') would be the working directory.
    dataDir: resolveDataDir(overrides.dataDir || env.WANGAN_DATA || 'data'),
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port: overrides.port ?? intFromEnv(env, 'PORT', 8080),
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    logFormat: parseLogFormat(env.LOG_FORMAT),
    demo: overrides.demo ?? env.WANGAN_DEMO !== '0',
    webDist: env.WANGAN_WEB_DIST ?? path.join(repoRoot, 'web', 'dist'),
    bodyLimit: intFromEnv(env, 'WANGAN_BODY_LIMIT', 1024 * 1024),
    sessionIdleSeconds: intFromEnv(env, 'WANGAN_SESSION_IDLE_SECONDS', 12 * 3600),
    sessionMaxSeconds: intFromEnv(env, 'WANGAN_SESSION_MAX_SECONDS', 7 * 24 * 3600),
    anonymousRateLimit: intFromEnv(env, 'WANGAN_ANON_RATE_LIMIT', 30),
    trustProxy: parseTrustProxy(env.WANGAN_TRUST_PROXY),
    loginMaxFailures: intFromEnv(env, 'WANGAN_LOGIN_MAX_FAILURES', 5),
    loginLockSeconds: intFromEnv(env, 'WANGAN_LOGIN_LOCK_SECONDS', 60),
    loginLockMaxSeconds: intFromEnv(env, 'WANGAN_LOGIN_LOCK_MAX_SECONDS', 900),
    tokenCacheSeconds: intFromEnv(env, 'WANGAN_TOKEN_CACHE_SECONDS', 10),
    secureCookies: env.WANGAN_SECURE_COOKIES === '1',
    ledgerDir: env.WANGAN_LEDGER_DIR || undefined,
    ledgerOrigin: env.WANGAN_LEDGER_ORIGIN || undefined,
    dueSoonDays: intFromEnv(env, 'WANGAN_DUE_SOON_DAYS', 30),
    continuousReview: env.WANGAN_CONTINUOUS_REVIEW || 'P1Y',
    smtpUrl: env.WANGAN_SMTP_URL || undefined,
    mailFrom: env.WANGAN_MAIL_FROM || 'wangan@localhost',
    secretKey: env.WANGAN_SECRET_KEY || undefined,
    publicUrl: env.WANGAN_PUBLIC_URL || undefined,
    powDifficulty: powBits(env),
    intakeRateLimit: intFromEnv(env, 'WANGAN_INTAKE_RATE_LIMIT', 5),
    intakeFloodPerMinute: intFromEnv(env, 'WANGAN_INTAKE_FLOOD_PER_MINUTE', 120),
    otpSender: env.WANGAN_OTP_SENDER || 'log',
    otpWebhookUrl: env.WANGAN_OTP_WEBHOOK_URL || undefined,
    otpWebhookSecret: env.WANGAN_OTP_WEBHOOK_SECRET || undefined,
  };
}
