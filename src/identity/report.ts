import type { ReportSection } from '../platform/module.js';
import type { IdentityServices } from './part.js';

/** PLACEHOLDER of the skeleton: the audit report's section (written at the merge). */
export function identityReport(_identity: IdentityServices): ReportSection {
  return {
    title: { zh: '网络实名与执法协助', en: 'Real-name verification and law-enforcement support' },
    columns: [{ zh: '类型', en: 'Kind' }],
    rows: async () => [],
  };
}
