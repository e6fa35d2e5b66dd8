import path from 'node:path';

export interface Config {
  /** Embedded data folder (PGlite database, lock file, keys). */
  dataDir: string;
  /** PostgreSQL server; when set, the embedded database is not used. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  logLevel: string;
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
  /** Secure flag on cookies; on when served over HTTPS behind a proxy. */
  secureCookies: boolean;
  /** The evidence ledger's tree file, checkpoints and signing key (default: <data>/ledger). */
  ledgerDir: string | undefined;
  /** The ledger's name in its signed checkpoints. */
  ledgerOrigin: string;
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
  /** Days from grading (running systems) or go-live (new ones) to file a level 2+ system. */
  mlpsFilingDays: number;
  /** Count the filing days as PRC working days (later guidance: 10 working days) instead of calendar days. */
  mlpsFilingWorkingDays: boolean;
  /** The uncertain MLPS cell (citizens x especially serious harm): 2 or 3. */
  mlpsCitizensEspeciallySerious: number | undefined;
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

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
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
    demo: overrides.demo ?? env.WANGAN_DEMO !== '0',
    webDist: env.WANGAN_WEB_DIST ?? path.join(repoRoot, 'web', 'dist'),
    bodyLimit: intFromEnv(env, 'WANGAN_BODY_LIMIT', 1024 * 1024),
    sessionIdleSeconds: intFromEnv(env, 'WANGAN_SESSION_IDLE_SECONDS', 12 * 3600),
    sessionMaxSeconds: intFromEnv(env, 'WANGAN_SESSION_MAX_SECONDS', 7 * 24 * 3600),
    anonymousRateLimit: intFromEnv(env, 'WANGAN_ANON_RATE_LIMIT', 30),
    secureCookies: env.WANGAN_SECURE_COOKIES === '1',
    ledgerDir: env.WANGAN_LEDGER_DIR || undefined,
    ledgerOrigin: env.WANGAN_LEDGER_ORIGIN || 'wangan.local/ledger',
    dueSoonDays: intFromEnv(env, 'WANGAN_DUE_SOON_DAYS', 30),
    continuousReview: env.WANGAN_CONTINUOUS_REVIEW || 'P1Y',
    smtpUrl: env.WANGAN_SMTP_URL || undefined,
    mailFrom: env.WANGAN_MAIL_FROM || 'wangan@localhost',
    secretKey: env.WANGAN_SECRET_KEY || undefined,
    publicUrl: env.WANGAN_PUBLIC_URL || undefined,
    mlpsFilingDays: intFromEnv(env, 'WANGAN_MLPS_FILING_DAYS', 30),
    mlpsFilingWorkingDays: ['1', 'true', 'yes'].includes(
      (env.WANGAN_MLPS_FILING_WORKING_DAYS ?? '').toLowerCase(),
    ),
    mlpsCitizensEspeciallySerious: env.WANGAN_MLPS_CITIZENS_ESPECIALLY_SERIOUS
      ? intFromEnv(env, 'WANGAN_MLPS_CITIZENS_ESPECIALLY_SERIOUS', 2)
      : undefined,
  };
}
