import type { Migration } from 'kysely';
import * as platform0001 from './0001-platform.js';
import * as platform0005 from './0005-notifications.js';
import * as platform0009 from './0009-service-accounts.js';
import * as platform0010 from './0010-audit-noise-username-case.js';
import * as platform0011 from './0011-audit-actor-role.js';

/**
 * The platform's own migrations (accounts, sessions, tokens, the audit trail,
 * notifications; the organisation table came with the first). Names from
 * before the module contract (`NNNN-name`) stay as they are so existing
 * databases upgrade in place; new ones are named `platform/NNNN-name`.
 */
export const platformMigrations: Record<string, Migration> = {
  '0001-platform': platform0001,
  '0005-notifications': platform0005,
  '0009-service-accounts': platform0009,
  '0010-audit-noise-username-case': platform0010,
  'platform/0011-audit-actor-role': platform0011,
};

/**
 * Every migration name from before the module contract, frozen: these keep
 * their names so existing databases upgrade in place. Any other migration is
 * named `<module key>/NNNN-name` (checked at start and in a test).
 */
export const preContractMigrations: ReadonlySet<string> = new Set([
  '0001-platform',
  '0002-law',
  '0003-ledger',
  '0004-workspace',
  '0005-notifications',
  '0006-workspace-notes',
  '0007-governance',
  '0008-registers',
  '0009-service-accounts',
  '0010-audit-noise-username-case',
]);
