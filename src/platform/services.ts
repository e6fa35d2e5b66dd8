import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditService } from './audit/service.js';
import { AuditStore } from './audit/store.js';
import { AuthService } from './auth/service.js';
import { AuthStore } from './auth/store.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { NotificationService } from './notifications/service.js';
import { NotificationStore } from './notifications/store.js';
import { networkSender } from './notifications/sender-io.js';
import { codeSenderFor } from './public-intake/sender-io.js';
import { PublicIntake } from './public-intake/service.js';
import { SecretBox } from './secrets-io.js';

export interface PlatformServices {
  auth: AuthService;
  audit: AuditService;
  notifications: NotificationService;
  /** Proof of work, flood limits and one-time codes for the public forms. */
  intake: PublicIntake;
}

/** Wires the platform's stores and services over one database; used by the server and the CLI. */
export function platformServices(
  database: Database,
  config: Config,
  clock: Clock,
  report?: (err: unknown, what: string) => void,
): PlatformServices {
  const secrets = SecretBox.open(
    config.dataDir === 'memory://'
      ? fs.mkdtempSync(path.join(os.tmpdir(), 'wangan-secrets-'))
      : config.dataDir,
    config.secretKey,
  );
  return {
    auth: new AuthService(
      new AuthStore(database.db),
      clock,
      { idleSeconds: config.sessionIdleSeconds, maxSeconds: config.sessionMaxSeconds },
      {
        maxFailures: config.loginMaxFailures,
        lockSeconds: config.loginLockSeconds,
        lockMaxSeconds: config.loginLockMaxSeconds,
      },
      {
        tokenCache: { seconds: config.tokenCacheSeconds, maxEntries: 10_000 },
        ...(report ? { report } : {}),
      },
    ),
    audit: new AuditService(new AuditStore(database.db), clock),
    notifications: new NotificationService(
      new NotificationStore(database.db),
      secrets,
      networkSender(config.smtpUrl, config.mailFrom),
      clock,
    ),
    intake: new PublicIntake(
      secrets.derive('public-intake-challenge'),
      clock,
      {
        powDifficulty: config.powDifficulty,
        powTtlSeconds: 600,
        perIpPerMinute: config.intakeRateLimit,
        floodPerMinute: config.intakeFloodPerMinute,
      },
      codeSenderFor(config.otpSender, { url: config.otpWebhookUrl, secret: config.otpWebhookSecret }),
    ),
  };
}
