import {
  AlertOutlined,
  AuditOutlined,
  BookOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  FileProtectOutlined,
  IdcardOutlined,
  SafetyCertificateOutlined,
  SecurityScanOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { createElement, lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { capabilityText } from './capability-text.js';

/**
 * The console's page list, keyed by the server's capability keys (the module
 * list, read from /api/capabilities: which exist, which are built, which the
 * navigation shows). A capability adds its icon and page here, and its
 * label and description to capability-text.ts (English keys, translated in
 * locales/zh.ts). One the server marks as not available yet is shown as
 * planned.
 */
export interface CapabilityPage {
  label: string;
  description: string;
  icon: ReactNode;
  page?: LazyExoticComponent<ComponentType>;
}

// Pages load on demand (the workspace brings ECharts with it).
const LawPage = lazy(() => import('./pages/Law.js').then((m) => ({ default: m.LawPage })));
const ObligationsPage = lazy(() =>
  import('./pages/Obligations.js').then((m) => ({ default: m.ObligationsPage })),
);
const WorkspacePage = lazy(() => import('./pages/Workspace.js').then((m) => ({ default: m.WorkspacePage })));
const GovernancePage = lazy(() =>
  import('./pages/Governance.js').then((m) => ({ default: m.GovernancePage })),
);
const LedgerPage = lazy(() => import('./pages/ledger/Ledger.js').then((m) => ({ default: m.LedgerPage })));
const CiiPage = lazy(() => import('./pages/Registers.js').then((m) => ({ default: m.CiiPage })));
const IncidentsPage = lazy(() =>
  import('./pages/incidents/IncidentsPage.js').then((m) => ({ default: m.IncidentsPage })),
);

const LogvaultPage = lazy(() =>
  import('./pages/logvault/LogvaultPage.js').then((m) => ({ default: m.LogvaultPage })),
);

const ContentPage = lazy(() =>
  import('./pages/content/ContentPage.js').then((m) => ({ default: m.ContentPage })),
);

const IdentityPage = lazy(() =>
  import('./pages/identity/IdentityPage.js').then((m) => ({ default: m.IdentityPage })),
);

const pages: Record<string, { icon: ReactNode; page?: LazyExoticComponent<ComponentType> }> = {
  law: { icon: createElement(BookOutlined), page: LawPage },
  obligations: { icon: createElement(UnorderedListOutlined), page: ObligationsPage },
  ledger: { icon: createElement(AuditOutlined), page: LedgerPage },
  governance: { icon: createElement(SafetyCertificateOutlined), page: GovernancePage },
  cii: { icon: createElement(ClusterOutlined), page: CiiPage },
  incidents: { icon: createElement(AlertOutlined), page: IncidentsPage },
  privacy: { icon: createElement(FileProtectOutlined) },
  content: { icon: createElement(SecurityScanOutlined), page: ContentPage },
  identity: { icon: createElement(IdcardOutlined), page: IdentityPage },
  logvault: { icon: createElement(DatabaseOutlined), page: LogvaultPage },
};

export const capabilityPages: Record<string, CapabilityPage> = Object.fromEntries(
  Object.entries(pages).map(([key, p]) => [key, { ...capabilityText[key]!, ...p }]),
);

export { WorkspacePage };
