import { ciiModule } from './cii/module.js';
import { contentModule } from './content/module.js';
import { governanceModule } from './governance/module.js';
import { identityModule } from './identity/module.js';
import { incidentsModule } from './incidents/module.js';
import { lawModule } from './law/module.js';
import { ledgerModule } from './ledger/module.js';
import { logvaultModule } from './logvault/module.js';
import { obligationsModule } from './obligations/module.js';
import { organisationModule } from './organisation/module.js';
import { packModule } from './pack/module.js';
import type { CapabilityModule } from './platform/module.js';
import { registersModule } from './registers/module.js';
import { workspaceModule } from './workspace/module.js';

/**
 * A capability still being built: the console lists it as planned, with its
 * articles. Its pure rules may already answer on the command line (`cli`),
 * with no database and no page.
 */
function planned(
  key: string,
  articles: string,
  scopes: readonly string[] = [],
  cli?: CapabilityModule['cli'],
): CapabilityModule<object> {
  return { key, articles, available: false, nav: true, scopes, ...(cli ? { cli } : {}) };
}

/**
 * Every capability, in the order they are built (a module may use the
 * services of those before it). The composition root, the CLI, the
 * migrations, the jobs, the audit pack and the console's navigation iterate
 * this list: adding a capability is one line here.
 */
export const modules: readonly CapabilityModule<object>[] = [
  organisationModule,
  obligationsModule,
  lawModule,
  ledgerModule,
  governanceModule,
  registersModule,
  ciiModule,
  workspaceModule,
  packModule,
  incidentsModule,
  planned('privacy', 'Arts 42-46 (40-44)'),
  contentModule,
  identityModule,
  logvaultModule,
];
