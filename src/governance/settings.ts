import { intFromEnv } from '../platform/config.js';
import type { SettingsSection } from '../platform/module.js';
import type { MlpsFile } from './grading.js';

/** The MLPS settings: the filing rule and the uncertain grading cell. */
export interface MlpsSettings {
  /** Days from grading (running systems) or go-live (new ones) to file a level 2+ system. */
  filingDays: number;
  /** Count them as PRC working days (later guidance: 10 working days) instead of calendar days. */
  filingWorkingDays: boolean;
  /** The uncertain cell (citizens x especially serious harm): 2 or 3; undefined keeps the catalogue's. */
  citizensEspeciallySerious: number | undefined;
}

/** Defaults from catalog/mlps.yaml (the 2007 Measures' 30 days); the environment only overrides. */
export function governanceSettings(mlps: MlpsFile): SettingsSection<MlpsSettings> {
  return {
    variables: [
      'WANGAN_MLPS_FILING_DAYS',
      'WANGAN_MLPS_FILING_WORKING_DAYS',
      'WANGAN_MLPS_CITIZENS_ESPECIALLY_SERIOUS',
    ],
    read: (env) => ({
      filingDays: intFromEnv(env, 'WANGAN_MLPS_FILING_DAYS', mlps.filing.deadline_days),
      filingWorkingDays: ['1', 'true', 'yes'].includes(
        (env.WANGAN_MLPS_FILING_WORKING_DAYS ?? '').toLowerCase(),
      ),
      citizensEspeciallySerious: env.WANGAN_MLPS_CITIZENS_ESPECIALLY_SERIOUS
        ? intFromEnv(env, 'WANGAN_MLPS_CITIZENS_ESPECIALLY_SERIOUS', 2)
        : undefined,
    }),
  };
}
