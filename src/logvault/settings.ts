import type { SettingsSection } from '../platform/module.js';
import { AppError } from '../platform/errors.js';
import type { RetentionRules } from './catalog-schema.js';
import { checkPolicyDays } from './retention.js';
import type { LogvaultSettings } from './service.js';

export const logvaultVariables = [
  'WANGAN_LOGVAULT_POLICY_DAYS',
  'WANGAN_LOGVAULT_MIN_FREE_BYTES',
  'WANGAN_LOGVAULT_UDP',
  'WANGAN_LOGVAULT_TCP',
  'WANGAN_LOGVAULT_TLS',
  'WANGAN_LOGVAULT_TLS_CERT',
  'WANGAN_LOGVAULT_TLS_KEY',
] as const;

/** Below this, the default: the vault stops taking events with 256 MiB left on its disk. */
export const DEFAULT_MIN_FREE_BYTES = 256 * 1024 * 1024;

/**
 * The vault's settings: the retention policy in days (catalog/logvault.yaml
 * `default_policy_days`; never below six calendar months) and the free space
 * under which new events are refused.
 */
export function logvaultSettings(rules: RetentionRules): SettingsSection<LogvaultSettings> {
  return {
    variables: logvaultVariables,
    read(env) {
      const rawDays = env.WANGAN_LOGVAULT_POLICY_DAYS;
      const policyDays =
        rawDays === undefined || rawDays === ''
          ? rules.default_policy_days
          : checkPolicyDays(
              /^\d+$/.test(rawDays.trim()) ? Number(rawDays) : rawDays,
              rules,
              'WANGAN_LOGVAULT_POLICY_DAYS',
            );
      const rawFree = env.WANGAN_LOGVAULT_MIN_FREE_BYTES;
      let minFreeBytes = DEFAULT_MIN_FREE_BYTES;
      if (rawFree !== undefined && rawFree !== '') {
        if (!/^\d+$/.test(rawFree.trim()) || !Number.isSafeInteger(Number(rawFree)))
          throw new AppError(
            'validation_failed',
            {
              zh: `环境变量 WANGAN_LOGVAULT_MIN_FREE_BYTES 须为字节数（非负整数），收到：${rawFree}。`,
              en: `WANGAN_LOGVAULT_MIN_FREE_BYTES must be a number of bytes (a whole number, 0 or more); got ${rawFree}.`,
            },
            { field: 'WANGAN_LOGVAULT_MIN_FREE_BYTES' },
            'WANGAN_LOGVAULT_MIN_FREE_BYTES',
          );
        minFreeBytes = Number(rawFree);
      }
      return { policyDays, minFreeBytes, listen: readListeners(env) };
    },
  };
}

// --- listeners (session 6)

/** Where a syslog listener binds. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** The syslog listeners to start (each off unless its variable is set), TLS with its PEM files' paths. */
export interface ListenSettings {
  udp: ListenAddress | null;
  tcp: ListenAddress | null;
  tls: (ListenAddress & { certFile: string; keyFile: string }) | null;
}

function badSetting(name: string, messages: { zh: string; en: string }): AppError {
  return new AppError('validation_failed', messages, { field: name }, name);
}

/**
 * A listener's address: `port` (binds every IPv4 address, 0.0.0.0) or
 * `host:port` (`[::1]:514` for IPv6); port 0 takes a free one (tests).
 * Unset or empty: off.
 */
export function parseListenAddress(name: string, raw: string | undefined): ListenAddress | null {
  if (raw === undefined || raw.trim() === '') return null;
  const text = raw.trim();
  const m = /^(?:(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):)?(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65_535)
    throw badSetting(name, {
      zh: `环境变量 ${name} 须为端口号（如 514）或“主机:端口”（如 127.0.0.1:514、[::1]:514），端口为 0 至 65535 的整数；收到：${raw}。`,
      en: `${name} must be a port (such as 514) or host:port (such as 127.0.0.1:514 or [::1]:514), the port a whole number from 0 to 65535; got ${raw}.`,
    });
  const host = m[1] === undefined ? '0.0.0.0' : m[1].replace(/^\[(.*)\]$/, '$1');
  return { host, port };
}

function readListeners(env: NodeJS.ProcessEnv): ListenSettings {
  const udp = parseListenAddress('WANGAN_LOGVAULT_UDP', env.WANGAN_LOGVAULT_UDP);
  const tcp = parseListenAddress('WANGAN_LOGVAULT_TCP', env.WANGAN_LOGVAULT_TCP);
  const tlsAt = parseListenAddress('WANGAN_LOGVAULT_TLS', env.WANGAN_LOGVAULT_TLS);
  let tls: ListenSettings['tls'] = null;
  if (tlsAt) {
    const files: Record<'WANGAN_LOGVAULT_TLS_CERT' | 'WANGAN_LOGVAULT_TLS_KEY', string> = {
      WANGAN_LOGVAULT_TLS_CERT: env.WANGAN_LOGVAULT_TLS_CERT?.trim() ?? '',
      WANGAN_LOGVAULT_TLS_KEY: env.WANGAN_LOGVAULT_TLS_KEY?.trim() ?? '',
    };
    for (const [name, value] of Object.entries(files))
      if (value === '')
        throw badSetting(name, {
          zh: `已设置 WANGAN_LOGVAULT_TLS（加密传输的日志接收端口），但未设置 ${name}：须给出证书与私钥的 PEM 文件路径。`,
          en: `WANGAN_LOGVAULT_TLS is set (syslog over TLS) but ${name} is not: give the paths of the certificate and key PEM files.`,
        });
    tls = { ...tlsAt, certFile: files.WANGAN_LOGVAULT_TLS_CERT, keyFile: files.WANGAN_LOGVAULT_TLS_KEY };
  }
  return { udp, tcp, tls };
}
