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
import { createElement, type ReactNode } from 'react';

/** Navigation entries, one per capability of the product (DESIGN.md). */
export const capabilityKeys = [
  'law',
  'obligations',
  'ledger',
  'governance',
  'cii',
  'incidents',
  'privacy',
  'content',
  'identity',
  'logvault',
] as const;
export type CapabilityKey = (typeof capabilityKeys)[number];

export const capabilityLabels: Record<CapabilityKey, string> = {
  law: 'Law library',
  obligations: 'Obligations',
  ledger: 'Evidence ledger',
  governance: 'Governance and classified protection',
  cii: 'Critical information infrastructure',
  incidents: 'Incident response',
  privacy: 'Personal information',
  content: 'Content and complaints',
  identity: 'Real-name verification',
  logvault: 'Network log vault',
};

export const capabilityDescriptions: Record<CapabilityKey, string> = {
  law: 'Statute texts and versions, the 2016 to 2025 article map, and an integrity report for each imported text.',
  obligations:
    'Which duties apply to your organisation, with citations in both versions, deadlines and the fines at stake.',
  ledger:
    'A tamper-evident record of the evidence behind every duty, with signed checkpoints and offline verification.',
  governance:
    'Grading, filing and assessment of your systems under classified protection; security appointments, approved policies, regulatory interviews, warnings, inspections and rectifications.',
  cii: 'Duties of critical information infrastructure operators: identification and change reports, security body, background checks, training, DR tests, drills, procurement review, supplier agreements, data localisation and the yearly assessment.',
  incidents: 'Emergency plans and drills, incident grading and the statutory reporting clocks.',
  privacy: 'Personal-information inventory, rights requests, breach notices and cross-border transfers.',
  content: 'Disposal of prohibited content, the complaint and reporting channel, and takedown demands.',
  identity: 'Real-name verification with an encrypted identity vault and audited reveals.',
  logvault: 'Network logs kept at least six months, sealed and searchable.',
};

const icons: Record<CapabilityKey, typeof BookOutlined> = {
  law: BookOutlined,
  obligations: UnorderedListOutlined,
  ledger: AuditOutlined,
  governance: SafetyCertificateOutlined,
  cii: ClusterOutlined,
  incidents: AlertOutlined,
  privacy: FileProtectOutlined,
  content: SecurityScanOutlined,
  identity: IdcardOutlined,
  logvault: DatabaseOutlined,
};

export function capabilityIcon(key: CapabilityKey): ReactNode {
  return createElement(icons[key]);
}
