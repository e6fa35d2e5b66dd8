import type { Migration } from 'kysely';
import * as law0002 from './law/migrations/0002-law.js';
import * as ledger0003 from './ledger/migrations/0003-ledger.js';
import * as workspace0004 from './workspace/migrations/0004-workspace.js';
import * as workspace0006 from './workspace/migrations/0006-notes.js';
import * as governance0007 from './governance/migrations/0007-governance.js';
import * as registers0008 from './registers/migrations/0008-registers.js';
import * as platform0001 from './platform/db/migrations/0001-platform.js';
import * as platform0005 from './platform/db/migrations/0005-notifications.js';
import * as platform0009 from './platform/db/migrations/0009-service-accounts.js';
import * as platform0010 from './platform/db/migrations/0010-audit-noise-username-case.js';

/**
 * Every capability's migrations, in the order they run (names sort in this
 * order too). One list serves PGlite and PostgreSQL.
 */
export const migrations: Record<string, Migration> = {
  '0001-platform': platform0001,
  '0002-law': law0002,
  '0003-ledger': ledger0003,
  '0004-workspace': workspace0004,
  '0005-notifications': platform0005,
  '0006-workspace-notes': workspace0006,
  '0007-governance': governance0007,
  '0008-registers': registers0008,
  '0009-service-accounts': platform0009,
  '0010-audit-noise-username-case': platform0010,
};
