import type { SettingsSection } from '../platform/module.js';
import { AppError } from '../platform/errors.js';
import type { RetentionRules } from './catalog-schema.js';
import { checkPolicyDays } from './retention.js';
import type { LogvaultSettings } from './service.js';

export const logvaultVariables = ['WANGAN_LOGVAULT_POLICY_DAYS', 'WANGAN_LOGVAULT_MIN_FREE_BYTES'] as const;

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
      return { policyDays, minFreeBytes };
    },
  };
}
